import { useMemo } from "preact/hooks";
import { lazy, ErrorBoundary as Suspended } from "preact-iso";
import type { FoundVideo, VideoFilters } from "../../api/endpoints";
import { toast } from "../../components/toasts";
import { formatNumber, plural } from "../../lib/format";
import type { CursorPages } from "../../lib/use-cursor-pages";
import { hiddenVideos, patchList } from "../../store/server-state";
import type { MoveOutcome } from "./move-dialog";
import { useSelection } from "./use-selection";

// The bar and its dialog load with the first tick: most visits never select anything.
const SelectionBar = lazy(() => import("./selection-bar").then((m) => m.SelectionBar));

const recount = (listId: string, delta: number) =>
  patchList(listId, (list) => ({ ...list, videoCount: Math.max(0, list.videoCount + delta) }));

function reportMove(listId: string, outcome: MoveOutcome) {
  const verb = outcome.copy ? "Copied" : "Moved";
  if (!outcome.copy) recount(listId, -outcome.moved);
  recount(outcome.target.id, outcome.moved);
  const where = `to “${outcome.target.name}”`;
  const stayed = outcome.duplicates
    ? `${plural(outcome.duplicates, "video was", "videos were")} already there and stayed as they were.`
    : undefined;
  if (outcome.error)
    toast(
      "error",
      `${verb} ${plural(outcome.moved, "video")} ${where}; ${formatNumber(outcome.notDone)} not`,
      [outcome.error, stayed].filter(Boolean).join(" "),
    );
  else toast("success", `${verb} ${plural(outcome.moved, "video")} ${where}`, stayed);
}

/**
 * Row selection for a list's table: the rows it shows (minus videos deleted or waiting out an
 * Undo), the checkbox props for the table, and the selection bar when something is ticked.
 */
export function useBulkSelection({
  listId,
  pages,
  filters,
  queryString,
  matchingTotal,
  onMoved,
}: {
  listId: string;
  pages: CursorPages<FoundVideo>;
  filters: VideoFilters;
  queryString: string;
  matchingTotal: number | undefined;
  onMoved: () => void;
}) {
  const hidden = hiddenVideos.value;
  const videos = useMemo(
    () => (hidden.size ? pages.items.filter((video) => !hidden.has(video.id)) : pages.items),
    [pages.items, hidden],
  );
  const ids = useMemo(() => videos.map((video) => video.id), [videos]);
  const selection = useSelection(ids, `${listId}?${queryString}`, matchingTotal);
  const ticked = selection.allMatching ? videos.length : selection.ids.size;
  const checked = { has: selection.has, toggle: selection.toggle, setLoaded: selection.setLoaded, count: ticked };
  const bar = ticked > 0 && (
    <Suspended>
      <SelectionBar
        listId={listId}
        selection={selection}
        loaded={videos.length}
        matchingTotal={matchingTotal}
        filters={filters}
        onMoved={(outcome) => {
          reportMove(listId, outcome);
          pages.reload();
          onMoved();
        }}
      />
    </Suspended>
  );
  return { videos, checked, bar };
}
