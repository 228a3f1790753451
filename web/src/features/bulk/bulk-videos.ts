import { LIMITS } from "../../../../src/shared/constants";
import { api, type VideoFilters } from "../../api/endpoints";
import { errorMessage } from "../../components/states";

/**
 * Bulk work on many videos: the ids a query selects, and the bulk routes called ≤ 1,000 ids at a
 * time. A chunk is all or nothing on the server, so a failed chunk is reported with the number of
 * videos it held and the run stops there: the counts say exactly what happened.
 */
export interface BulkOutcome {
  /** Ids sent in chunks the server accepted. */
  done: number;
  /** Ids not acted on (the failed chunk and every chunk after it). */
  notDone: number;
  /** Why the first failed chunk failed. */
  error?: string;
}

/** Every id the videos route selects for these filters, read in full before anything changes. */
export async function matchingIds(listId: string, filters: VideoFilters): Promise<string[]> {
  const { sort: _sort, order: _order, ...narrowing } = filters;
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.videos(listId, narrowing, cursor, LIMITS.pageMax);
    ids.push(...page.items.map((video) => video.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

/** Sends the ids a chunk at a time; `onChunk` hears each accepted chunk (for a progress line). */
async function inChunks<R>(
  ids: string[],
  send: (chunk: string[]) => Promise<R>,
  onChunk?: (result: R, done: number) => void,
): Promise<BulkOutcome> {
  let done = 0;
  for (let start = 0; start < ids.length; start += LIMITS.bulkVideoIds) {
    const chunk = ids.slice(start, start + LIMITS.bulkVideoIds);
    try {
      const result = await send(chunk);
      done += chunk.length;
      onChunk?.(result, done);
    } catch (error) {
      return { done, notDone: ids.length - done, error: errorMessage(error) };
    }
  }
  return { done, notDone: 0 };
}

export async function deleteInBulk(listId: string, ids: string[]): Promise<BulkOutcome & { deleted: number }> {
  let deleted = 0;
  const outcome = await inChunks(
    ids,
    (chunk) => api.deleteVideos(listId, chunk),
    (result) => {
      deleted += result.deleted;
    },
  );
  return { ...outcome, deleted };
}

export async function moveInBulk(
  listId: string,
  ids: string[],
  target: { toListId: string; copy: boolean },
  onProgress?: (done: number) => void,
): Promise<BulkOutcome & { moved: number; duplicates: number }> {
  let moved = 0;
  let duplicates = 0;
  const outcome = await inChunks(
    ids,
    (chunk) => api.moveVideos(listId, { videoIds: chunk, ...target }),
    (result, done) => {
      moved += result.moved;
      duplicates += result.duplicates;
      onProgress?.(done);
    },
  );
  return { ...outcome, moved, duplicates };
}
