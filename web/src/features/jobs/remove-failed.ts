import { type BulkOutcome, deleteInBulk, matchingIds } from "../bulk/bulk-videos";

/**
 * Removes the list's failed videos through the bulk delete route (≤ 1,000 ids a call). The ids
 * come from the videos route's status filter, read in full before anything is deleted, so a row
 * that a running job fails meanwhile is not caught half-way.
 */
export async function removeFailedVideos(listId: string): Promise<BulkOutcome & { deleted: number }> {
  return deleteInBulk(listId, await matchingIds(listId, { status: "failed" }));
}
