/**
 * The statements the ProgressHub uses on D1. The hub is the only writer of a job's status,
 * counters and usage; each write carries the hub's revision of the job and applies only over an
 * older one, so a write that arrives late (a retried request, a hub that restarted mid-write) can
 * never put back a state the job has already left.
 */
import { and, eq, gt, inArray, lt, ne, sql } from "drizzle-orm";
import type { JobStatus, PausedReason, VideoStatus } from "../shared/constants";
import type { JobUsage } from "../shared/schemas/jobs";
import type { Db } from "./client";
import { type JobRow, jobs, nowIso, videos } from "./schema";

export interface JobWrite {
  id: string;
  revision: number;
  status: JobStatus;
  processed: number;
  failed: number;
  errorMessage: string | null;
  pausedReason: PausedReason | null;
  resumesAt: string | null;
  usage: JobUsage;
  finished: boolean;
  /** Cancelled or failed: every video the job did not finish goes back to what it was before. */
  stoppedEarly: boolean;
}

/**
 * Writes the job's state at `write.revision`. Returns the row when it applied, null when D1
 * already holds this revision or a newer one (nothing to do). A job that stopped early also
 * restores its unfinished videos in the same transaction, every time: the statement only touches
 * videos still queued or processing under this job, so repeating it is harmless.
 */
export async function writeJobState(db: Db, write: JobWrite): Promise<JobRow | null> {
  const update = db
    .update(jobs)
    .set({
      status: write.status,
      processed: write.processed,
      failed: write.failed,
      errorMessage: write.errorMessage,
      pausedReason: write.pausedReason,
      resumesAt: write.resumesAt,
      usageYoutubeUnits: write.usage.youtubeUnits,
      usageAiCalls: write.usage.aiCalls,
      usageInputTokens: write.usage.inputTokens,
      usageOutputTokens: write.usage.outputTokens,
      usageThinkingTokens: write.usage.thinkingTokens,
      revision: write.revision,
      updatedAt: nowIso,
      ...(write.finished ? { finishedAt: sql`coalesce(${jobs.finishedAt}, ${nowIso})` } : {}),
    })
    .where(and(eq(jobs.id, write.id), lt(jobs.revision, write.revision)))
    .returning();
  // Always one batch: one round trip, and one transaction when videos are restored with it.
  const [rows] = await (write.stoppedEarly
    ? db.batch([update, restoreUnfinishedVideos(db, write.id)])
    : db.batch([update]));
  return rows[0] ?? null;
}

/** Each video still queued or processing under the job gets back the status, error and job it had. */
const restoreUnfinishedVideos = (db: Db, jobId: string) =>
  db
    .update(videos)
    .set({
      status: sql`CASE WHEN ${videos.prevStatus} IN ('completed', 'failed') THEN ${videos.prevStatus} ELSE 'pending' END`,
      error: sql`${videos.prevError}`,
      jobId: sql`${videos.prevJobId}`,
      updatedAt: nowIso,
    })
    .where(and(eq(videos.jobId, jobId), inArray(videos.status, ["queued", "processing"])));

export interface JobVideo {
  id: string;
  youtubeId: string;
  status: VideoStatus;
  title: string | null;
  error: string | null;
}

const jobVideoColumns = {
  id: videos.id,
  youtubeId: videos.youtubeId,
  status: videos.status,
  title: videos.title,
  error: videos.error,
};

/** One page (keyset on id, which sorts by creation) of the videos a job claimed. */
export async function jobVideoPage(db: Db, jobId: string, afterId: string, limit: number): Promise<JobVideo[]> {
  return db
    .select(jobVideoColumns)
    .from(videos)
    .where(and(eq(videos.jobId, jobId), ne(videos.status, "pending"), gt(videos.id, afterId)))
    .orderBy(videos.id)
    .limit(limit);
}

/** What D1 says of some videos of a job; a video missing here was deleted or left the job. */
export async function jobVideosByIds(db: Db, jobId: string, videoIds: string[]): Promise<JobVideo[]> {
  return db
    .select(jobVideoColumns)
    .from(videos)
    .where(
      and(eq(videos.jobId, jobId), sql`${videos.id} IN (SELECT value FROM json_each(${JSON.stringify(videoIds)}))`),
    );
}

/** Gives up on videos no worker finished; only touches ones still unfinished. */
export async function failUnfinishedVideos(
  db: Db,
  jobId: string,
  videoIds: string[],
  message: string,
): Promise<string[]> {
  const rows = await db
    .update(videos)
    .set({ status: "failed", error: message, updatedAt: nowIso })
    .where(
      and(
        eq(videos.jobId, jobId),
        inArray(videos.status, ["queued", "processing"]),
        sql`${videos.id} IN (SELECT value FROM json_each(${JSON.stringify(videoIds)}))`,
      ),
    )
    .returning({ id: videos.id });
  return rows.map((row) => row.id);
}
