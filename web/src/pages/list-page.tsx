import { useMemo, useState } from "preact/hooks";
import type { List } from "../../../src/shared/schemas/lists";
import type { Video } from "../../../src/shared/schemas/videos";
import { api } from "../api/endpoints";
import { useConfirm } from "../components/confirm";
import { EmptyState, ErrorState, errorMessage, Spinner } from "../components/states";
import { toast } from "../components/toasts";
import { AddVideosPanel } from "../features/add-videos/add-videos-panel";
import { FieldsDialog } from "../features/fields/fields-dialog";
import { ActiveJobs } from "../features/jobs/active-jobs";
import { ListFormDialog } from "../features/lists/list-form-dialog";
import { rememberList, rememberLists } from "../features/lists/list-names";
import { ProcessDialog } from "../features/process/process-dialog";
import { useLiveRows } from "../features/videos/use-live-rows";
import { useVideoPages } from "../features/videos/use-video-pages";
import { VideoDetail } from "../features/videos/video-detail";
import { VideoTable } from "../features/videos/video-table";
import { filtersFromQuery, VideoToolbar } from "../features/videos/video-toolbar";
import { plural } from "../lib/format";
import { Link, useQuery } from "../lib/router";
import { useAsync } from "../lib/use-async";

type Panel = "fields" | "process" | "edit" | null;

/** One list: its videos, adding more, its fields, processing and export. */
export function ListPage({ listId }: { listId: string }) {
  const list = useAsync(() => api.list(listId).then(rememberList), [listId]);
  const [params, setQuery] = useQuery();
  const filterKey = ["q", "status", "sort", "order"].map((k) => params.get(k)).join("|");
  // filterKey is the filters' identity: the table refetches only when a filter really changes.
  const filters = useMemo(() => filtersFromQuery(params), [filterKey]);
  const pages = useVideoPages(listId, filters);
  useLiveRows(listId, pages);
  const [panel, setPanel] = useState<Panel>(null);
  const [showAdd, setShowAdd] = useState(false);
  const [confirmDialog, ask] = useConfirm();
  const selectedId = params.get("video");
  const selected = pages.items.find((v) => v.id === selectedId) ?? null;

  if (list.loading && !list.data)
    return (
      <main class="page">
        <Spinner label="Loading list…" />
      </main>
    );
  if (list.error || !list.data)
    return (
      <main class="page">
        <ErrorState error={list.error} onRetry={list.reload} />
      </main>
    );
  const current: List = list.data;

  const deleteVideo = async (video: Video) => {
    const yes = await ask({
      title: "Delete this video?",
      body: `“${video.title ?? video.youtubeId}” and its extracted fields will be removed from ${current.name}.`,
      confirmLabel: "Delete video",
    });
    if (!yes) return;
    try {
      await api.deleteVideo(video.id);
      pages.remove(video.id);
      if (selectedId === video.id) setQuery({ video: null });
      list.setData((l) => l && { ...l, videoCount: Math.max(0, l.videoCount - 1) });
      toast("success", "Video deleted");
    } catch (error) {
      toast("error", "Couldn't delete the video", errorMessage(error));
    }
  };

  const exportAs = (format: "csv" | "json") =>
    api
      .exportVideos(current.id, format, current.name.replace(/[^\w-]+/g, "_") || "videos")
      .catch((error) => toast("error", "Export failed", errorMessage(error)));

  const added = (count: number) => {
    // Keep the panel open: on an empty list it shows only while the list is empty, and the
    // per-line report inside it would vanish the moment the first videos land.
    setShowAdd(true);
    list.setData((l) => l && { ...l, videoCount: l.videoCount + count });
    pages.reload();
  };

  const filtering = !!(filters.q || filters.status);
  return (
    <main class="page page--wide">
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <Link href="/">Lists</Link> <span aria-hidden="true">/</span> <span aria-current="page">{current.name}</span>
      </nav>
      <header class="page__header">
        <div class="page__title">
          <h1>{current.name}</h1>
          {current.description && <p class="muted">{current.description}</p>}
          <p class="small muted">
            {plural(current.videoCount, "video")} · {plural(current.fields.length, "field")}
          </p>
        </div>
        <div class="page__actions">
          <button type="button" class="button" onClick={() => setPanel("edit")}>
            Rename
          </button>
          <button type="button" class="button" onClick={() => setPanel("fields")}>
            Fields
          </button>
          <button type="button" class="button" onClick={() => setShowAdd((v) => !v)} aria-expanded={showAdd}>
            {showAdd ? "Hide add videos" : "Add videos"}
          </button>
          <button type="button" class="button" onClick={() => exportAs("csv")} disabled={!current.videoCount}>
            Export CSV
          </button>
          <button type="button" class="button" onClick={() => exportAs("json")} disabled={!current.videoCount}>
            Export JSON
          </button>
          <button
            type="button"
            class="button button--primary"
            onClick={() => setPanel("process")}
            disabled={!current.videoCount}
          >
            Process…
          </button>
        </div>
      </header>

      <ActiveJobs listId={current.id} />
      {(showAdd || current.videoCount === 0) && <AddVideosPanel listId={current.id} onAdded={added} />}

      <VideoToolbar filters={filters} onChange={setQuery} />
      {pages.loading ? (
        <Spinner label="Loading videos…" />
      ) : pages.error && !pages.items.length ? (
        <ErrorState error={pages.error} onRetry={pages.reload} />
      ) : !pages.items.length ? (
        <EmptyState title={filtering ? "No videos match" : "No videos yet"}>
          {filtering ? (
            <button type="button" class="button" onClick={() => setQuery({ q: null, status: null })}>
              Clear search and filter
            </button>
          ) : (
            <p>Paste YouTube links or import a CSV above to start.</p>
          )}
        </EmptyState>
      ) : (
        <VideoTable
          videos={pages.items}
          fields={current.fields}
          hasMore={pages.hasMore}
          loadingMore={pages.loadingMore}
          onLoadMore={pages.loadMore}
          onOpen={(video) => setQuery({ video: video.id })}
          onDelete={deleteVideo}
          selectedId={selectedId}
        />
      )}

      {selected && (
        <VideoDetail
          video={selected}
          fields={current.fields}
          onClose={() => setQuery({ video: null })}
          onDelete={deleteVideo}
          onFresh={pages.patch}
        />
      )}
      {panel === "fields" && (
        <FieldsDialog
          list={current}
          onClose={() => setPanel(null)}
          onSaved={(updated) => {
            list.setData(() => updated);
            setPanel(null);
          }}
        />
      )}
      {panel === "edit" && (
        <ListFormDialog
          list={current}
          onClose={() => setPanel(null)}
          onSaved={(updated) => {
            list.setData(() => updated);
            rememberLists([updated]);
            setPanel(null);
          }}
        />
      )}
      {panel === "process" && (
        <ProcessDialog listId={current.id} onClose={() => setPanel(null)} onStarted={() => setPanel(null)} />
      )}
      {confirmDialog}
    </main>
  );
}
