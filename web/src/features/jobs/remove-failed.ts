import { api } from "../../api/endpoints";

const PAGE = 100;
const PARALLEL = 6;

/**
 * Removes the list's failed videos and says how many went. The ids come from the videos route's
 * status filter, read in full before anything is deleted, so a row that a running job fails
 * meanwhile is not caught half-way.
 */
export async function removeFailedVideos(listId: string): Promise<number> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.videos(listId, { status: "failed" }, cursor, PAGE);
    ids.push(...page.items.map((video) => video.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return deleteVideos(ids);
}

/**
 * One DELETE per video, a few at a time. Seam: once the bulk delete route
 * (POST /api/lists/:id/videos/delete, ≤ 1,000 ids) is on main this becomes one call per 1,000.
 */
async function deleteVideos(ids: string[]): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < ids.length; i += PARALLEL) {
    const results = await Promise.allSettled(ids.slice(i, i + PARALLEL).map((id) => api.deleteVideo(id)));
    deleted += results.filter((r) => r.status === "fulfilled").length;
  }
  return deleted;
}
