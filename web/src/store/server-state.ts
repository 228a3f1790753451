import { signal } from "@preact/signals";
import type { Job, ProcessingStatus } from "../../../src/shared/schemas/jobs";
import type { List } from "../../../src/shared/schemas/lists";

/**
 * The tab's one copy of server state, as signals. API answers and the progress socket write it;
 * components that read `.value` re-render when what they read changes. Pages never keep their
 * own copy of a list or a job, so a rename, a job's progress or a fresh processing status shows
 * everywhere at once. (Videos are paged per view by useCursorPages: too many to hold here.)
 */

/** A job as the tab knows it: the REST or socket copy plus what the last event said. */
export interface LiveJob extends Job {
  /** Title of the video the last event was about: "now processing …". */
  currentTitle: string | null;
  lastMessage: string | null;
}

export const lists = signal<Record<string, List>>({});
export const jobs = signal<Record<string, LiveJob>>({});
/** True once the socket's first snapshot is in: until then the tab cannot know its recent jobs. */
export const jobsKnown = signal(false);
/** processing-status per list id: the pipeline version a video must have to be up to date. */
export const processingStatus = signal<Record<string, ProcessingStatus>>({});

/** Bumped when a list's videos change outside its page (a bulk removal from a job drawer): its table re-reads. */
export const videosVersion = signal<Record<string, number>>({});

/**
 * Videos no table shows: deleted this session, or waiting out their Undo before the delete is
 * sent (features/bulk/pending-deletes.ts owns it). A page re-read never brings them back.
 */
export const hiddenVideos = signal<ReadonlySet<string>>(new Set());

export function bumpVideos(listId: string) {
  videosVersion.value = { ...videosVersion.value, [listId]: (videosVersion.value[listId] ?? 0) + 1 };
}

export function putLists(items: List[]) {
  if (!items.length) return;
  const next = { ...lists.value };
  for (const list of items) next[list.id] = list;
  lists.value = next;
}

/** Puts one list and hands it back, for a promise chain. */
export function putList(list: List): List {
  putLists([list]);
  return list;
}

export function patchList(id: string, patch: (list: List) => List) {
  const current = lists.value[id];
  if (current) lists.value = { ...lists.value, [id]: patch(current) };
}

export function dropList(id: string) {
  const { [id]: _gone, ...rest } = lists.value;
  lists.value = rest;
}

export function putProcessingStatus(listId: string, status: ProcessingStatus): ProcessingStatus {
  processingStatus.value = { ...processingStatus.value, [listId]: status };
  return status;
}

/** Everything the tab knew belongs to the user who just signed out. */
export function forgetServerState() {
  lists.value = {};
  jobs.value = {};
  jobsKnown.value = false;
  processingStatus.value = {};
  videosVersion.value = {};
  hiddenVideos.value = new Set();
}
