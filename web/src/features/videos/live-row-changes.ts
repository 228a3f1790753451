import { PROGRESS_VIDEOS_MAX } from "../../../../src/shared/constants";
import type { ProgressEvent, VideoChange } from "../../../../src/shared/protocol";
import type { Video } from "../../../../src/shared/schemas/videos";

/** What one progress event asks of the rows on screen. */
export interface RowPlan {
  /** Status moves to show at once, by video id (only rows that are loaded). */
  moves: Map<string, VideoChange>;
  /** Rows that just completed: their metadata and fields must be read from the API. */
  reread: string[];
  /** The event's list may have been cut short: only re-reading the loaded rows is sure to be right. */
  refreshAll: boolean;
}

/**
 * Reads an event's `videos` against the loaded rows. Events from before `videos` existed (or
 * one naming a single video) fall back to re-reading the named video.
 */
export function planRows(event: ProgressEvent, loaded: ReadonlySet<string>): RowPlan {
  const moves = new Map<string, VideoChange>();
  const reread: string[] = [];
  const changes = event.videos ?? (event.videoId ? null : []);
  if (changes === null) {
    if (event.videoId && loaded.has(event.videoId)) reread.push(event.videoId);
    return { moves, reread, refreshAll: false };
  }
  for (const change of changes) {
    if (!loaded.has(change.id)) continue;
    moves.set(change.id, change);
    if (change.status === "completed") reread.push(change.id);
  }
  return { moves, reread, refreshAll: changes.length >= PROGRESS_VIDEOS_MAX };
}

/** A row after a status move: a failure keeps its reason, any other status clears the old one. */
export function moveRow(video: Video, change: VideoChange): Video {
  const error = change.status === "failed" ? (change.error ?? video.error) : null;
  if (video.status === change.status && video.error === error) return video;
  return { ...video, status: change.status, error };
}
