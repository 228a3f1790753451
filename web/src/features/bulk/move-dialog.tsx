import { useState } from "preact/hooks";
import { LIMITS } from "../../../../src/shared/constants";
import type { List } from "../../../../src/shared/schemas/lists";
import { api } from "../../api/endpoints";
import { Dialog } from "../../components/dialog";
import { describedBy, FormField } from "../../components/form-field";
import { ErrorState, InlineError, Spinner } from "../../components/states";
import { formatNumber, plural } from "../../lib/format";
import { useAsync } from "../../lib/use-async";
import { putLists } from "../../store/server-state";
import { type BulkOutcome, moveInBulk } from "./bulk-videos";

export type MoveOutcome = BulkOutcome & { moved: number; duplicates: number; target: List; copy: boolean };

interface Props {
  listId: string;
  copy: boolean;
  count: number;
  /** The ids to move, read when the user confirms (all matching may be many pages). */
  ids: () => Promise<string[]>;
  onClose: () => void;
  onDone: (outcome: MoveOutcome) => void;
}

/** Every list of the user, a page of 200 at a time. */
async function allLists(): Promise<List[]> {
  const out: List[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.lists(cursor, LIMITS.pageMax);
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  putLists(out);
  return out;
}

/** Move or copy the selected videos into another of the user's lists. */
export function MoveDialog({ listId, copy, count, ids, onClose, onDone }: Props) {
  const targets = useAsync(() => allLists().then((lists) => lists.filter((l) => l.id !== listId)), [listId]);
  const [toListId, setToListId] = useState("");
  const [progress, setProgress] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const verb = copy ? "Copy" : "Move";
  const chosen = toListId || targets.data?.[0]?.id || "";

  const submit = async (event: Event) => {
    event.preventDefault();
    const target = targets.data?.find((l) => l.id === chosen);
    if (!target) return;
    setFailure(null);
    setProgress("Reading the selection…");
    try {
      const selected = await ids();
      setProgress(`${copy ? "Copying" : "Moving"} ${plural(selected.length, "video")}…`);
      const outcome = await moveInBulk(listId, selected, { toListId: target.id, copy }, (done) =>
        setProgress(`${copy ? "Copying" : "Moving"}: ${formatNumber(done)} of ${formatNumber(selected.length)}…`),
      );
      // Nothing done: the dialog stays, with the reason, so the user can pick again or cancel.
      if (outcome.done === 0 && outcome.error) {
        setFailure(outcome.error);
        setProgress(null);
        return;
      }
      onDone({ ...outcome, target, copy });
    } catch (error) {
      setFailure(error instanceof Error ? error.message : "Something went wrong.");
      setProgress(null);
    }
  };

  return (
    <Dialog title={`${verb} ${plural(count, "video")} to another list`} onClose={onClose}>
      {targets.loading && !targets.data ? (
        <Spinner label="Loading your lists…" />
      ) : !targets.data ? (
        <ErrorState error={targets.error} onRetry={targets.reload} />
      ) : !targets.data.length ? (
        <div class="stack">
          <p>You have no other list yet. Create one from the Lists page first.</p>
          <div class="modal__actions">
            <button type="button" class="button" onClick={onClose} data-autofocus>
              Close
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={submit} class="stack">
          <FormField
            id="move-target"
            label="Into list"
            hint={
              copy
                ? "The videos stay here too. Videos the other list already has are left as they are."
                : "The videos leave this list with their values and corrections; ones the other list already has stay here."
            }
          >
            <select
              id="move-target"
              value={chosen}
              onChange={(e) => setToListId(e.currentTarget.value)}
              aria-describedby={describedBy("move-target", null, true)}
              data-autofocus
            >
              {targets.data.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name} ({plural(l.videoCount, "video")})
                </option>
              ))}
            </select>
          </FormField>
          {failure && <InlineError error={new Error(failure)} />}
          {progress && <p class="small">{progress}</p>}
          <div class="modal__actions">
            <button type="button" class="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" class="button button--primary" disabled={!!progress}>
              {verb} {plural(count, "video")}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
