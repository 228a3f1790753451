/**
 * Each active job's work list in the hub's SQLite: the videos it claimed that have not reported
 * yet. A row is *unsent* (waiting for room in the user's window) or *in flight* (`sent_at` set:
 * on the queue or with a consumer). A reported video leaves the list and does not come back:
 * pages of a job's videos load after its load cursor.
 * Marking rows sent happens synchronously before the send is awaited, so two top-ups running
 * side by side never pick the same rows.
 */

export interface WorkRow {
  videoId: string;
  youtubeId: string;
  redrives: number;
}

const ids = (videoIds: readonly string[]) => JSON.stringify(videoIds);

export class WorkList {
  constructor(private readonly sql: SqlStorage) {}

  add(jobId: string, videos: readonly { id: string; youtubeId: string }[]) {
    for (const video of videos) {
      this.sql.exec(
        "INSERT OR IGNORE INTO work (job_id, video_id, youtube_id) VALUES (?, ?, ?)",
        jobId,
        video.id,
        video.youtubeId,
      );
    }
  }

  /** Videos of this user in the queue or with a consumer, over all jobs: what the window limits. */
  inFlight(): number {
    return this.sql.exec("SELECT count(*) AS n FROM work WHERE sent_at IS NOT NULL").one().n as number;
  }

  size(jobId: string): number {
    return this.sql.exec("SELECT count(*) AS n FROM work WHERE job_id = ?", jobId).one().n as number;
  }

  unsent(jobId: string): number {
    return this.sql.exec("SELECT count(*) AS n FROM work WHERE job_id = ? AND sent_at IS NULL", jobId).one()
      .n as number;
  }

  /** Up to `limit` unsent rows, oldest video first, marked in flight as of `now`. */
  take(jobId: string, limit: number, now: number): WorkRow[] {
    return this.sql
      .exec(
        `UPDATE work SET sent_at = ? WHERE job_id = ? AND video_id IN (
           SELECT video_id FROM work WHERE job_id = ? AND sent_at IS NULL ORDER BY video_id LIMIT ?)
         RETURNING video_id, youtube_id, redrives`,
        now,
        jobId,
        jobId,
        limit,
      )
      .toArray()
      .map((row) => ({
        videoId: row.video_id as string,
        youtubeId: row.youtube_id as string,
        redrives: row.redrives as number,
      }));
  }

  /** A send that failed: the rows marked by that top-up (`sentAt`) wait again. */
  untake(jobId: string, videoIds: readonly string[], sentAt: number) {
    this.sql.exec(
      "UPDATE work SET sent_at = NULL WHERE job_id = ? AND sent_at = ? AND video_id IN (SELECT value FROM json_each(?))",
      jobId,
      sentAt,
      ids(videoIds),
    );
  }

  inFlightOf(jobId: string): WorkRow[] {
    return this.sql
      .exec("SELECT video_id, youtube_id, redrives FROM work WHERE job_id = ? AND sent_at IS NOT NULL", jobId)
      .toArray()
      .map((row) => ({
        videoId: row.video_id as string,
        youtubeId: row.youtube_id as string,
        redrives: row.redrives as number,
      }));
  }

  /**
   * In-flight rows go back to waiting, to be sent again: all of a job's on resume (the consumer
   * dropped them while it was paused), or the given ones when the reconciler re-drives them.
   */
  resend(jobId: string, videoIds?: readonly string[]) {
    if (!videoIds) this.sql.exec("UPDATE work SET sent_at = NULL WHERE job_id = ?", jobId);
    else
      this.sql.exec(
        "UPDATE work SET sent_at = NULL, redrives = redrives + 1 WHERE job_id = ? AND video_id IN (SELECT value FROM json_each(?))",
        jobId,
        ids(videoIds),
      );
  }

  remove(jobId: string, videoIds: readonly string[]) {
    if (videoIds.length === 0) return;
    this.sql.exec(
      "DELETE FROM work WHERE job_id = ? AND video_id IN (SELECT value FROM json_each(?))",
      jobId,
      ids(videoIds),
    );
  }

  /** The job ended: nothing of it is left to send or to wait for. */
  drop(jobId: string) {
    this.sql.exec("DELETE FROM work WHERE job_id = ?", jobId);
  }
}
