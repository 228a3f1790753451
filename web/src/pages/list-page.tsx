import { useEffect, useMemo, useState } from "preact/hooks";
import { lazy, ErrorBoundary as Suspended } from "preact-iso";
import { api, type FoundVideo } from "../api/endpoints";
import { AfterPaint } from "../components/after-paint";
import { MoreMenu } from "../components/more-menu";
import { PageHeading } from "../components/page-heading";
import { EmptyState, ErrorState, errorMessage, Spinner } from "../components/states";
import { toast } from "../components/toasts";
import { useBulkSelection } from "../features/bulk/use-bulk-selection";
import { FilterBar } from "../features/find/filter-bar";
import {
  type FindQuery,
  findParams,
  findQueryString,
  isFiltering,
  readFindQuery,
  urlPatchFor,
} from "../features/find/find-query";
import { ViewsBar } from "../features/find/views-bar";
import { ActiveJobs, useDashboardSettled } from "../features/jobs/active-jobs";
// A list page is where a job runs and ends, and its job card is often its largest paint: the
// card's code (active-jobs.tsx loads it lazily elsewhere) comes with this page's own, in the same
// round trip, and the card draws from the jobs route's answer (which the entry asks for early)
// instead of waiting for the socket's snapshot.
import "../features/jobs/job-groups";
import { useColumnChoice, visibleColumns } from "../features/videos/columns";
import { useLiveRows } from "../features/videos/use-live-rows";
import { useVideoPages } from "../features/videos/use-video-pages";
import { VideoTable } from "../features/videos/video-table";
import { VideoToolbar } from "../features/videos/video-toolbar";
import { formatNumber, plural } from "../lib/format";
import { RECENT_JOBS } from "../lib/page-size";
import { useQuery } from "../lib/query-state";
import { useAsync } from "../lib/use-async";
import { useDocumentTitle } from "../lib/use-document-title";
import { onJobTransition } from "../live/jobs-store";
import { learnRecentJobs } from "../live/recent-jobs";
import {
  jobsKnown,
  lists,
  patchList,
  processingStatus,
  putList,
  putProcessingStatus,
  videosVersion,
} from "../store/server-state";
import "../styles/list-page.css";

// Panels load when first opened: the table is what the page needs to show first.
const AddVideosPanel = lazy(() => import("../features/add-videos/add-videos-panel").then((m) => m.AddVideosPanel));
const SubscriptionsPanel = lazy(() =>
  import("../features/subscriptions/subscriptions-panel").then((m) => m.SubscriptionsPanel),
);
const FieldsDialog = lazy(() => import("../features/fields/fields-dialog").then((m) => m.FieldsDialog));
const ListFormDialog = lazy(() => import("../features/lists/list-form-dialog").then((m) => m.ListFormDialog));
const ProcessDialog = lazy(() => import("../features/process/process-dialog").then((m) => m.ProcessDialog));
const ColumnChooser = lazy(() => import("../features/videos/column-chooser").then((m) => m.ColumnChooser));
const ShareDialog = lazy(() => import("../features/share/share-dialog").then((m) => m.ShareDialog));
const VideoDetail = lazy(() => import("../features/videos/video-detail").then((m) => m.VideoDetail));

type Panel = "fields" | "process" | "edit" | "columns" | "share" | null;

/** What stands where the table will be, at its size, so nothing moves when it comes. */
const TablePlaceholder = () => (
  <div class="vtable vtable--placeholder">
    <Spinner label="Loading videos…" />
  </div>
);

/** One list: its videos, adding more, its fields, processing and export. */
export function ListPage({ listId }: { listId: string }) {
  const load = useAsync(() => api.list(listId).then(putList), [listId]);
  const status = useAsync(() => api.processingStatus(listId).then((s) => putProcessingStatus(listId, s)), [listId]);
  const current = lists.value[listId];
  const pipelineVersion = processingStatus.value[listId]?.pipelineVersion ?? null;
  const [params, setQuery] = useQuery();
  const fields = current?.fields ?? [];
  const find = readFindQuery(params, fields);
  const queryString = findQueryString(find);
  // The query string is the filters' identity: the table refetches only when it really changes.
  const filters = useMemo(() => findParams(find), [queryString]);
  const setFind = (next: FindQuery) => setQuery(urlPatchFor(params, next));
  const [filterOpen, setFilterOpen] = useState(false);
  const { sort: _sort, order: _order, ...narrowing } = filters;
  const narrowingKey = JSON.stringify(narrowing);
  const wantFacets = !!current && (isFiltering(find) || filterOpen);
  const facets = useAsync(
    () => (wantFacets ? api.facets(listId, narrowing) : Promise.resolve(undefined)),
    [listId, narrowingKey, wantFacets],
  );
  const pages = useVideoPages(listId, filters);
  useLiveRows(listId, pages);
  const matchingTotal = isFiltering(find) ? facets.data?.total : current?.videoCount;
  const bulk = useBulkSelection({ listId, pages, filters, queryString, matchingTotal, onMoved: () => status.reload() });
  const [columnChoice, setColumnChoice] = useColumnChoice(listId);
  // The same array while fields and choice are the same: the table's rows render again when it changes.
  const columns = useMemo(() => visibleColumns(fields, columnChoice), [fields, columnChoice]);
  const [panel, setPanel] = useState<Panel>(null);
  const [showAdd, setShowAdd] = useState(false);
  const [showSubscriptions, setShowSubscriptions] = useState(false);
  // The list's recent jobs from HTTP when the socket has not told them yet (a first visit).
  const recent = useAsync(
    () =>
      jobsKnown.value
        ? Promise.resolve()
        : api.jobs({ listId }, undefined, RECENT_JOBS).then((page) => learnRecentJobs(page.items)),
    [listId],
  );
  const settled = useDashboardSettled(listId, !recent.loading && !recent.error);
  const selectedId = params.get("video");
  const selected = pages.items.find((v) => v.id === selectedId) ?? null;
  useDocumentTitle(current?.name ?? (load.error ? "List not found" : "Loading list…"));

  // Videos removed elsewhere (a job drawer's "Remove failed videos") leave this table too.
  const outsideChanges = videosVersion.value[listId] ?? 0;
  useEffect(() => {
    if (outsideChanges === 0) return;
    pages.reload();
    status.reload();
  }, [outsideChanges]);

  // A job that starts or ends moves the list's counts; the Process preview and rerun badges follow.
  useEffect(
    () =>
      onJobTransition(({ job }) => {
        if (job.listId === listId) status.reload();
      }),
    [listId],
  );

  if (!current && load.loading)
    return (
      <main class="page">
        <Spinner label="Loading list…" />
      </main>
    );
  if (!current)
    return (
      <main class="page">
        <ErrorState error={load.error} onRetry={load.reload} />
      </main>
    );

  // One video goes the way a selection does: hidden at once, deleted when its Undo toast expires.
  const deleteVideo = (video: FoundVideo) => {
    if (selectedId === video.id) setQuery({ video: null, edit: null });
    void import("../features/bulk/pending-deletes").then(
      (m) => m.deleteVideoWithUndo(video),
      (error) => toast("error", "Couldn't delete the video", errorMessage(error)),
    );
  };

  const exportAs = (format: "csv" | "json") =>
    api
      .exportVideos(current.id, format, current.name.replace(/[^\w-]+/g, "_") || "videos")
      .catch((error) => toast("error", "Export failed", errorMessage(error)));

  const added = (count: number) => {
    // Keep the panel open: on an empty list it shows only while the list is empty, and the
    // per-line report inside it would vanish the moment the first videos land.
    setShowAdd(true);
    patchList(listId, (l) => ({ ...l, videoCount: l.videoCount + count }));
    pages.reload();
    status.reload();
  };

  const filtering = isFiltering(find);
  const matching = filtering ? facets.data?.total : undefined;
  return (
    <main class="page page--wide">
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <a href="/">Lists</a> <span aria-hidden="true">/</span> <span aria-current="page">{current.name}</span>
      </nav>
      <header class="page__header">
        <div class="page__title">
          <PageHeading title={current.name} />
          {current.description && <p class="muted">{current.description}</p>}
          <p class="small muted" aria-live="off">
            {matching !== undefined
              ? `${formatNumber(matching)} of ${plural(current.videoCount, "video")} match`
              : `${plural(current.videoCount, "video")} · ${plural(current.fields.length, "field")}`}
          </p>
        </div>
        <div class="page__actions">
          <button type="button" class="button" onClick={() => setPanel("fields")}>
            Fields
          </button>
          <button type="button" class="button" onClick={() => setShowAdd((v) => !v)} aria-expanded={showAdd}>
            {showAdd ? "Hide add videos" : "Add videos"}
          </button>
          <button type="button" class="button" onClick={() => setPanel("share")}>
            Share…
          </button>
          <MoreMenu
            label="More"
            items={[
              { label: "Rename", onSelect: () => setPanel("edit") },
              {
                label: showSubscriptions ? "Hide subscriptions" : "Subscriptions",
                onSelect: () => setShowSubscriptions((v) => !v),
              },
              { label: "Export CSV", onSelect: () => exportAs("csv"), disabled: !current.videoCount },
              { label: "Export JSON", onSelect: () => exportAs("json"), disabled: !current.videoCount },
            ]}
          />
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

      {/* Below the header, nothing shows until the job dashboard is settled: cards arriving
          later would push the table down. */}
      {!settled ? (
        <TablePlaceholder />
      ) : (
        <>
          <ActiveJobs listId={current.id} />
          <Suspended>
            {(showAdd || current.videoCount === 0) && <AddVideosPanel listId={current.id} onAdded={added} />}
          </Suspended>
          <Suspended>{showSubscriptions && <SubscriptionsPanel listId={current.id} onAdded={added} />}</Suspended>

          <ViewsBar listId={current.id} fields={current.fields} current={queryString} />
          <VideoToolbar
            query={find}
            fields={current.fields}
            onQuery={setFind}
            onChooseColumns={() => setPanel("columns")}
          />
          <FilterBar
            fields={current.fields}
            query={find}
            facets={facets.data}
            onQuery={setFind}
            onOpenChange={setFilterOpen}
          />
          {bulk.bar}
          {/* The job card (the page's largest paint) and the toolbars draw in one frame, the
              table's rows in the next: two shorter tasks instead of one long one. The
              placeholder has the table's size. */}
          <AfterPaint fallback={<TablePlaceholder />}>
            {() =>
              pages.loading ? (
                <TablePlaceholder />
              ) : pages.error && !pages.items.length ? (
                <ErrorState error={pages.error} onRetry={pages.reload} />
              ) : !bulk.videos.length ? (
                <EmptyState title={filtering ? "No videos match" : "No videos yet"}>
                  {filtering ? (
                    <button type="button" class="button" onClick={() => setFind({ fields: {} })}>
                      Clear search and filters
                    </button>
                  ) : (
                    <p>Paste YouTube links, import a CSV or take a playlist or channel above to start.</p>
                  )}
                </EmptyState>
              ) : (
                <VideoTable
                  videos={bulk.videos}
                  columns={columns}
                  pipelineVersion={pipelineVersion}
                  hasMore={pages.hasMore}
                  loadingMore={pages.loadingMore}
                  loadMoreFailed={!!pages.error && !pages.loadingMore}
                  onLoadMore={pages.loadMore}
                  onOpen={(video, fieldKey) => setQuery({ video: video.id, edit: fieldKey ?? null })}
                  onDelete={deleteVideo}
                  selectedId={selectedId}
                  checked={bulk.checked}
                />
              )
            }
          </AfterPaint>
        </>
      )}

      <Suspended>
        {selected && (
          <VideoDetail
            video={selected}
            fields={current.fields}
            pipelineVersion={pipelineVersion}
            editing={params.get("edit")}
            onClose={() => setQuery({ video: null, edit: null })}
            onDelete={deleteVideo}
            onFresh={pages.patch}
          />
        )}
        {panel === "fields" && (
          <FieldsDialog
            list={current}
            onClose={() => setPanel(null)}
            onSaved={(updated) => {
              putList(updated);
              status.reload();
              // Values a retyped field refuses are no longer shown: read the rows as they are now.
              pages.reload();
              setPanel(null);
            }}
          />
        )}
        {panel === "edit" && (
          <ListFormDialog
            list={current}
            onClose={() => setPanel(null)}
            onSaved={(updated) => {
              putList(updated);
              setPanel(null);
            }}
          />
        )}
        {panel === "process" && (
          <ProcessDialog listId={current.id} onClose={() => setPanel(null)} onStarted={() => setPanel(null)} />
        )}
        {panel === "share" && (
          <ShareDialog listId={current.id} listName={current.name} onClose={() => setPanel(null)} />
        )}
        {panel === "columns" && (
          <ColumnChooser
            fields={current.fields}
            choice={columnChoice}
            onChange={setColumnChoice}
            onClose={() => setPanel(null)}
          />
        )}
      </Suspended>
    </main>
  );
}
