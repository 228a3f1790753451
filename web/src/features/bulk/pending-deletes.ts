import { LIMITS } from "../../../../src/shared/constants";
import { api } from "../../api/endpoints";
import { toast } from "../../components/toasts";
import { announce } from "../../lib/announce";
import { formatNumber, plural } from "../../lib/format";
import { hiddenVideos, patchList } from "../../store/server-state";
import { deleteInBulk } from "./bulk-videos";

/**
 * Delete with Undo, for one video (a row's or the detail panel's Delete) and for a selection
 * alike. The API has no restore (a delete removes the rows, their values and their search
 * entries), so a deletion waits here, client-side, while its Undo toast shows: the rows are
 * hidden at once and the bulk route is called only when the toast goes without its Undo (it
 * expired — its clock stops while the person hovers or focuses the notifications —, was closed, or
 * was pushed out). Undo (the toast's button, or Z anywhere) just forgets it. A tab closed
 * meanwhile sends what is pending with `keepalive`, so the deletion still happens.
 */
export const UNDO_MS = 10_000;

interface Pending {
  listId: string;
  ids: string[];
  /** What was deleted, as the toasts name it: "3 videos", "“Sourdough basics”". */
  what: string;
  /** Removes the toast without committing again (commit came some other way: sign-out, tests). */
  dismiss: () => void;
}
const pending = new Map<number, Pending>();
let nextId = 1;

function hide(ids: string[], hidden: boolean) {
  const next = new Set(hiddenVideos.value);
  for (const id of ids) hidden ? next.add(id) : next.delete(id);
  hiddenVideos.value = next;
}

const recount = (listId: string, delta: number) =>
  patchList(listId, (list) => ({ ...list, videoCount: Math.max(0, list.videoCount + delta) }));

/**
 * Hides the videos now and deletes them in ~10 s unless Undo is pressed first. `what` names them
 * in the toasts (a single video by its title); "N videos" by default.
 */
export function deleteWithUndo(listId: string, ids: string[], what = plural(ids.length, "video")) {
  if (!ids.length) return;
  const id = nextId++;
  hide(ids, true);
  recount(listId, -ids.length);
  const dismiss = toast("info", `${what} deleted`, undefined, {
    action: { label: "Undo", key: "z", run: () => undo(id) },
    visibleMs: UNDO_MS,
    onDismiss: () => void commit(id),
  });
  pending.set(id, { listId, ids, what, dismiss });
}

/** One video (a row's Delete, the detail panel's): the same wait and Undo, the toast naming it. */
export function deleteVideoWithUndo(video: { id: string; listId: string; title: string | null; youtubeId: string }) {
  deleteWithUndo(video.listId, [video.id], `“${video.title ?? video.youtubeId}”`);
}

function undo(id: number) {
  const entry = pending.get(id);
  if (!entry) return;
  pending.delete(id);
  hide(entry.ids, false);
  recount(entry.listId, entry.ids.length);
  announce(`Deletion undone: ${entry.what} kept`);
}

async function commit(id: number) {
  const entry = pending.get(id);
  if (!entry) return;
  pending.delete(id);
  entry.dismiss();
  const outcome = await deleteInBulk(entry.listId, entry.ids);
  if (!outcome.error) return;
  // What the server refused is still there: show it again, and say so.
  hide(entry.ids.slice(outcome.done), false);
  recount(entry.listId, outcome.notDone);
  toast(
    "error",
    outcome.done
      ? `${plural(outcome.done, "video")} deleted, ${formatNumber(outcome.notDone)} not`
      : `Couldn't delete ${entry.what}`,
    outcome.error,
  );
}

/** Sends every pending deletion now, all chunks at once: the page is going away. */
function flushOnLeave() {
  for (const [id, entry] of pending) {
    pending.delete(id);
    for (let start = 0; start < entry.ids.length; start += LIMITS.bulkVideoIds)
      api.deleteVideos(entry.listId, entry.ids.slice(start, start + LIMITS.bulkVideoIds), true).catch(() => {});
  }
}

if (typeof window !== "undefined") window.addEventListener("pagehide", flushOnLeave);

/** Commits every pending deletion at once (sign-out, tests). */
export function commitPendingDeletes(): Promise<unknown> {
  return Promise.all([...pending.keys()].map((id) => commit(id)));
}
