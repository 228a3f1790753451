import { useState } from "preact/hooks";
import type { VideoFilters } from "../../api/endpoints";
import { toast } from "../../components/toasts";
import { formatNumber, plural } from "../../lib/format";
import { hiddenVideos } from "../../store/server-state";
import { matchingIds } from "./bulk-videos";
import { MoveDialog, type MoveOutcome } from "./move-dialog";
import "../../styles/bulk.css";
import { deleteWithUndo } from "./pending-deletes";
import type { Selection } from "./use-selection";

interface Props {
  listId: string;
  selection: Selection;
  /** Rows loaded in the table (what "select all on this page" took). */
  loaded: number;
  /** How many videos the current query matches, when known. */
  matchingTotal: number | undefined;
  filters: VideoFilters;
  onMoved: (outcome: MoveOutcome) => void;
}

/** What a selection can do: delete (with Undo), move or copy to another list. */
export function SelectionBar({ listId, selection, loaded, matchingTotal, filters, onMoved }: Props) {
  const [moving, setMoving] = useState<"move" | "copy" | null>(null);
  const [reading, setReading] = useState(false);
  const count = selection.allMatching ? (matchingTotal ?? loaded) : selection.ids.size;
  if (!count && !moving) return null;

  const selectedIds = async () => {
    if (!selection.allMatching) return [...selection.ids];
    const hidden = hiddenVideos.value;
    return (await matchingIds(listId, filters)).filter((id) => !hidden.has(id));
  };

  const remove = async () => {
    setReading(true);
    try {
      const ids = await selectedIds();
      selection.clear(true);
      deleteWithUndo(listId, ids);
    } catch (error) {
      toast("error", "Couldn't read the selection", error instanceof Error ? error.message : undefined);
    } finally {
      setReading(false);
    }
  };

  const moreThanLoaded = matchingTotal !== undefined && matchingTotal > loaded;
  return (
    <section class="selection-bar" aria-label="Selected videos">
      <strong class="selection-bar__count">{plural(count, "video")} selected</strong>
      {!selection.allMatching && selection.ids.size < loaded && (
        <button type="button" class="link-button" onClick={() => selection.setLoaded(true)}>
          Select all {formatNumber(loaded)} shown
        </button>
      )}
      {!selection.allMatching && selection.ids.size >= loaded && moreThanLoaded && (
        <button type="button" class="link-button" onClick={selection.selectAllMatching}>
          Select all {formatNumber(matchingTotal)} matching
        </button>
      )}
      <button type="button" class="link-button" onClick={() => selection.clear()}>
        Clear selection
      </button>
      <span class="selection-bar__actions">
        <button type="button" class="button button--small" onClick={() => setMoving("move")}>
          Move to list…
        </button>
        <button type="button" class="button button--small" onClick={() => setMoving("copy")}>
          Copy to list…
        </button>
        <button type="button" class="button button--small button--danger" onClick={remove} disabled={reading}>
          {reading ? "Reading…" : `Delete ${plural(count, "video")}`}
        </button>
      </span>
      {moving && (
        <MoveDialog
          listId={listId}
          copy={moving === "copy"}
          count={count}
          ids={selectedIds}
          onClose={() => setMoving(null)}
          onDone={(outcome) => {
            setMoving(null);
            selection.clear(true);
            onMoved(outcome);
          }}
        />
      )}
    </section>
  );
}
