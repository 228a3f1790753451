import { useEffect, useState } from "preact/hooks";
import type { Field } from "../../../src/shared/schemas/fields";
import type { PublicVideo } from "../../../src/shared/schemas/shares";
import { ApiError } from "../api/client";
import { api, type PublicListAnswer, type VideoFilters } from "../api/endpoints";
import { PageHeading } from "../components/page-heading";
import { EmptyState, ErrorState, Spinner } from "../components/states";
import { formatFieldValue } from "../features/videos/field-value";
import { hideBrokenImage, rowThumbnail } from "../features/videos/thumbnail";
import { formatCount, formatDate, formatDuration, plural } from "../lib/format";
import "../styles/public-list.css";
import "../styles/inline-forms.css";

const SORTS = [
  ["createdAt:desc", "Newest added"],
  ["publishedAt:desc", "Newest published"],
  ["viewCount:desc", "Most viewed"],
  ["durationSeconds:asc", "Shortest"],
  ["title:asc", "Title A–Z"],
] as const;

/**
 * A shared list, read-only, for anyone with the link, signed in or not: its name, description,
 * fields and processed videos, searchable and sortable. Nothing about the owner is sent here.
 */
export function PublicListPage({ slug }: { slug: string }) {
  const [q, setQ] = useState("");
  const [draft, setDraft] = useState("");
  const [sort, setSort] = useState<string>(SORTS[0][0]);
  const [pages, setPages] = useState<PublicListAnswer[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);

  const filters = (): VideoFilters => {
    const [by = "createdAt", order = "desc"] = sort.split(":");
    return q ? { q, sort: by, order } : { sort: by, order };
  };

  useEffect(() => {
    const abort = new AbortController();
    setLoading(true);
    setError(null);
    api
      .publicList(slug, filters(), undefined, 50, abort.signal)
      .then((page) => setPages([page]))
      .catch((err) => abort.signal.aborted || setError(err))
      .finally(() => abort.signal.aborted || setLoading(false));
    return () => abort.abort();
  }, [slug, q, sort]);

  const loadMore = async () => {
    const cursor = pages.at(-1)?.videos.nextCursor;
    if (!cursor) return;
    setLoading(true);
    try {
      const page = await api.publicList(slug, filters(), cursor);
      setPages((current) => [...current, page]);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  };

  const first = pages[0];
  if (error instanceof ApiError && error.status === 404) {
    return (
      <main class="page page--narrow public">
        <PageHeading title="Not found" />
        <p>This link does not lead to a shared list. It may have been unshared.</p>
      </main>
    );
  }
  if (!first) {
    return (
      <main class="page public">{error ? <ErrorState error={error} /> : <Spinner label="Loading the list…" />}</main>
    );
  }
  const { list } = first;
  const videos = pages.flatMap((page) => page.videos.items);
  const next = pages.at(-1)?.videos.nextCursor;
  return (
    <main class="page page--wide public">
      <p class="public__brand small muted">
        A list shared on <a href="/">Tubelist</a>
      </p>
      <header class="page__header">
        <div class="page__title">
          <PageHeading title={list.name} />
          {list.description && <p class="muted">{list.description}</p>}
          <p class="small muted">
            {plural(list.videoCount, "video")} ·{" "}
            <a href={`/api/public/lists/${encodeURIComponent(slug)}/feed.xml`}>Atom feed</a>
          </p>
        </div>
      </header>
      <form
        class="public__toolbar"
        aria-label="Search and sort"
        onSubmit={(event) => {
          event.preventDefault();
          setQ(draft.trim());
        }}
      >
        <label class="field field--grow">
          <span class="field__label">Search this list</span>
          <input type="search" value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span class="field__label">Sort</span>
          <select value={sort} onChange={(e) => setSort(e.currentTarget.value)}>
            {SORTS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="button">
          Search
        </button>
      </form>
      {videos.length === 0 ? (
        <EmptyState title={q ? "No video matches" : "No videos yet"}>
          {q ? "Try other words." : "Videos appear here once they are processed."}
        </EmptyState>
      ) : (
        <div class="public__scroll">
          <table class="public__table">
            <thead>
              <tr>
                <th scope="col">Video</th>
                <th scope="col">Channel</th>
                <th scope="col">Length</th>
                <th scope="col">Views</th>
                <th scope="col">Published</th>
                {list.fields.map((field) => (
                  <th key={field.key} scope="col">
                    {field.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {videos.map((video) => (
                <VideoRow key={video.id} video={video} fields={list.fields} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <button type="button" class="button public__more" onClick={loadMore} disabled={loading}>
          {loading ? "Loading…" : "Show more"}
        </button>
      )}
      {error && <ErrorState error={error} />}
    </main>
  );
}

function VideoRow({ video, fields }: { video: PublicVideo; fields: Field[] }) {
  const thumb = rowThumbnail(video.youtubeId);
  return (
    <tr>
      <td>
        <div class="public__video">
          <img
            src={thumb.src}
            srcset={thumb.srcset}
            sizes="88px"
            width={88}
            height={50}
            alt=""
            loading="lazy"
            onError={hideBrokenImage}
          />
          <a href={video.url} rel="noreferrer">
            {video.title ?? video.youtubeId}
          </a>
        </div>
      </td>
      <td data-label="Channel">{video.channelTitle ?? "—"}</td>
      <td data-label="Length">{formatDuration(video.durationSeconds)}</td>
      <td data-label="Views">{formatCount(video.viewCount)}</td>
      <td data-label="Published">{formatDate(video.publishedAt)}</td>
      {fields.map((field) => (
        <td key={field.key} data-label={field.label}>
          {formatFieldValue(field, video.fields?.[field.key])}
        </td>
      ))}
    </tr>
  );
}
