/**
 * The writes the ProgressHub makes to D1: it is the single writer of a job's counters and
 * status while the job runs, and these are the statements it uses.
 */
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { JobStatus } from "../shared/constants";
import type { Db } from "./client";
import { type JobRow, jobs, nowIso, videos } from "./schema";

export interface JobCounters {
  id: string;
  status: JobStatus;
  processed: number;
  failed: number;
  errorMessage: string | null;
  finished: boolean;
}

const jobUpdate = (db: Db, job: JobCounters) =>
  db
    .update(jobs)
    .set({
      status: job.status,
      processed: job.processed,
      failed: job.failed,
      errorMessage: job.errorMessage,
      updatedAt: nowIso,
      ...(job.finished ? { finishedAt: sql`coalesce(${jobs.finishedAt}, ${nowIso})` } : {}),
    })
    .where(eq(jobs.id, job.id))
    .returning();

export async function writeJobCounters(db: Db, job: JobCounters): Promise<JobRow> {
  const [row] = await jobUpdate(db, job);
  return row as JobRow;
}

/** Ends a job early (cancelled or failed) and hands its unfinished videos back as pending. */
export async function writeJobStoppedEarly(db: Db, job: JobCounters): Promise<JobRow> {
  const [rows] = await db.batch([
    jobUpdate(db, job),
    db
      .update(videos)
      .set({ status: "pending", updatedAt: nowIso })
      .where(and(eq(videos.jobId, job.id), inArray(videos.status, ["queued", "processing"]))),
  ]);
  return rows[0] as JobRow;
}

/** What D1 knows of a job's videos, for the reconciler. Pending ones are not the job's work. */
export async function jobVideoStates(db: Db, jobId: string) {
  return db
    .select({
      id: videos.id,
      status: videos.status,
      title: videos.title,
      error: videos.error,
      youtubeId: videos.youtubeId,
      listId: videos.listId,
      userId: videos.userId,
    })
    .from(videos)
    .where(and(eq(videos.jobId, jobId), ne(videos.status, "pending")));
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
