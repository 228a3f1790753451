import { useState } from "preact/hooks";
import { SOURCE_IMPORT_LIMIT } from "../../../../src/shared/constants";
import type { SourceImportResult, SourcePreview } from "../../../../src/shared/schemas/sources";
import { sourcesApi } from "../../api/source-endpoints";
import { describedBy, FormField } from "../../components/form-field";
import { InlineError } from "../../components/states";
import { useAnnounce } from "../../lib/announce";
import { formatNumber, plural } from "../../lib/format";
import "../../styles/sources.css";

/**
 * A playlist or channel link → a preview card (what it is, how big, how much is new) → import
 * its newest videos, up to a limit.
 */
export function SourceImport({ listId, onAdded }: { listId: string; onAdded: (count: number) => void }) {
  const [url, setUrl] = useState("");
  const [urlError, setUrlError] = useState<string | null>(null);
  const [preview, setPreview] = useState<SourcePreview | null>(null);
  const [limit, setLimit] = useState(String(SOURCE_IMPORT_LIMIT.default));
  const [result, setResult] = useState<SourceImportResult | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState<"preview" | "import" | null>(null);
  useAnnounce(
    result
      ? `Added ${plural(result.added, "video")}; ${formatNumber(result.duplicates)} already in the list.`
      : preview
        ? `Found ${preview.title}, ${preview.videoCount === null ? "size unknown" : plural(preview.videoCount, "video")}.`
        : null,
  );

  const look = async (event: Event) => {
    event.preventDefault();
    setFailure(null);
    setResult(null);
    setPreview(null);
    if (!url.trim()) return setUrlError("Paste a playlist or channel link.");
    setUrlError(null);
    setBusy("preview");
    try {
      setPreview(await sourcesApi.previewSource(listId, url.trim()));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(null);
    }
  };

  const limitNumber = Number(limit);
  const limitError =
    Number.isInteger(limitNumber) && limitNumber >= 1 && limitNumber <= SOURCE_IMPORT_LIMIT.max
      ? null
      : `A whole number from 1 to ${formatNumber(SOURCE_IMPORT_LIMIT.max)}.`;

  const take = async () => {
    if (!preview || limitError) return;
    setFailure(null);
    setBusy("import");
    try {
      const answer = await sourcesApi.importSource(listId, url.trim(), limitNumber);
      setResult(answer);
      if (answer.added) onAdded(answer.added);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div class="stack">
      <form class="source-form" onSubmit={look} noValidate>
        <FormField
          id="source-url"
          label="Playlist or channel link"
          error={urlError}
          hint="A playlist (list=…), a channel (/channel/UC…), a handle (@name), or a /c/ or /user/ link."
        >
          <input
            id="source-url"
            type="url"
            inputMode="url"
            value={url}
            spellcheck={false}
            placeholder="https://www.youtube.com/@GoogleDevelopers"
            onInput={(e) => {
              setUrl(e.currentTarget.value);
              if (urlError) setUrlError(null);
            }}
            aria-invalid={!!urlError}
            aria-describedby={describedBy("source-url", urlError, true)}
          />
        </FormField>
        <button type="submit" class="button" disabled={busy !== null}>
          {busy === "preview" ? "Looking…" : "Preview"}
        </button>
      </form>
      <InlineError error={failure} />
      {preview && (
        <article class="source-card" aria-label={`Source: ${preview.title}`}>
          {preview.thumbnailUrl && <img src={preview.thumbnailUrl} alt="" width={160} height={90} loading="lazy" />}
          <div class="stack source-card__body">
            <p class="source-card__title">
              <span class="badge">{preview.kind === "channel" ? "Channel" : "Playlist"}</span> {preview.title}
            </p>
            {preview.channelTitle && preview.channelTitle !== preview.title && (
              <p class="muted small">by {preview.channelTitle}</p>
            )}
            <p class="small">
              {preview.videoCount === null ? "Size unknown" : plural(preview.videoCount, "video")} ·{" "}
              {preview.sampled === 0
                ? "no videos to check"
                : `${formatNumber(preview.sampled - preview.alreadyInList)} of the newest ${formatNumber(preview.sampled)} are new to this list`}
            </p>
            <div class="source-card__actions">
              <FormField id="source-limit" label="Newest videos to add" error={limitError} class="source-card__limit">
                <input
                  id="source-limit"
                  type="number"
                  min={1}
                  max={SOURCE_IMPORT_LIMIT.max}
                  value={limit}
                  onInput={(e) => setLimit(e.currentTarget.value)}
                  aria-invalid={!!limitError}
                  aria-describedby={describedBy("source-limit", limitError)}
                />
              </FormField>
              <button
                type="button"
                class="button button--primary"
                onClick={take}
                disabled={busy !== null || !!limitError}
              >
                {busy === "import" ? "Importing…" : "Add videos"}
              </button>
            </div>
          </div>
        </article>
      )}
      {result && (
        <p class="notice">
          Added {plural(result.added, "video")}
          {result.duplicates ? `; ${formatNumber(result.duplicates)} were already in the list` : ""}
          {result.skipped ? `; ${formatNumber(result.skipped)} private or deleted skipped` : ""}.
        </p>
      )}
    </div>
  );
}
