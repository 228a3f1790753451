import { and, desc, eq, inArray, not, or, type SQL, sql } from "drizzle-orm";
import type { Cursor } from "../lib/cursor";
import { type JobStatus, progressPercent } from "../shared/constants";
import type { Job, ProcessingStatus } from "../shared/schemas/jobs";
import { type Db, olderThan } from "./client";
import { isoFromNow, type JobRow, jobs, nowIso, videos } from "./schema";

export function toJob(row: JobRow): Job {
  return {
    id: row.id,
    listId: row.listId,
    status: row.status,
    total: row.total,
    processed: row.processed,
    failed: row.failed,
    progress: progressPercent(row.processed, row.failed, row.total),
    force: row.force,
    pipelineVersion: row.pipelineVersion,
    errorMessage: row.errorMessage,
    pausedReason: row.pausedReason,
    resumesAt: row.resumesAt,
    usage: {
      youtubeUnits: row.usageYoutubeUnits,
      aiCalls: row.usageAiCalls,
      inputTokens: row.usageInputTokens,
      outputTokens: row.usageOutputTokens,
      thinkingTokens: row.usageThinkingTokens,
    },
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    updatedAt: row.updatedAt,
  };
}

export async function findJob(db: Db, userId: string, jobId: string): Promise<JobRow | null> {
  return (await db.query.jobs.findFirst({ where: and(eq(jobs.id, jobId), eq(jobs.userId, userId)) })) ?? null;
}

export async function findActiveJobOfList(db: Db, listId: string): Promise<JobRow | null> {
  const row = await db.query.jobs.findFirst({
    where: and(eq(jobs.listId, listId), inArray(jobs.status, ["running", "paused"])),
  });
  return row ?? null;
}

/** A job made with this key by this user in the last 24 hours, if any. */
export async function findJobByIdempotencyKey(db: Db, userId: string, key: string): Promise<JobRow | null> {
  const row = await db.query.jobs.findFirst({
    where: and(eq(jobs.userId, userId), eq(jobs.idempotencyKey, key), sql`${jobs.createdAt} > ${isoFromNow("-1 day")}`),
  });
  return row ?? null;
}

/** Keys are unique per user; a key older than 24 hours is released for reuse. */
export const releaseStaleIdempotencyKey = (db: Db, userId: string, key: string) =>
  db
    .update(jobs)
    .set({ idempotencyKey: null })
    .where(
      and(eq(jobs.userId, userId), eq(jobs.idempotencyKey, key), sql`${jobs.createdAt} <= ${isoFromNow("-1 day")}`),
    );

/** shared/job-outcome's everyVideoFailed, in SQL. */
const everyVideoFailed = sql`(${jobs.status} = 'completed_with_errors' AND ${jobs.processed} = 0 AND ${jobs.failed} > 0)`;

/** Jobs whose shownStatus (shared/job-outcome) is `outcome`. */
function outcomeIs(outcome: JobStatus): SQL | undefined {
  if (outcome === "failed") return or(eq(jobs.status, "failed"), everyVideoFailed);
  if (outcome === "completed_with_errors") return and(eq(jobs.status, outcome), not(everyVideoFailed));
  return eq(jobs.status, outcome);
}

export async function pageJobs(
  db: Db,
  userId: string,
  filter: { listId?: string; status?: JobStatus; outcome?: JobStatus; limit: number },
  after: Cursor | null,
): Promise<JobRow[]> {
  return db
    .select()
    .from(jobs)
    .where(
      and(
        eq(jobs.userId, userId),
        filter.listId ? eq(jobs.listId, filter.listId) : undefined,
        filter.status ? eq(jobs.status, filter.status) : undefined,
        filter.outcome ? outcomeIs(filter.outcome) : undefined,
        olderThan(jobs, after),
      ),
    )
    .orderBy(desc(jobs.createdAt), desc(jobs.id))
    .limit(filter.limit + 1);
}

export async function videoCountsOfJob(db: Db, jobId: string) {
  const rows = await db
    .select({ status: videos.status, count: sql<number>`count(*)`.mapWith(Number) })
    .from(videos)
    .where(eq(videos.jobId, jobId))
    .groupBy(videos.status);
  const counts = { pending: 0, queued: 0, processing: 0, completed: 0, failed: 0 };
  for (const row of rows) counts[row.status] = row.count;
  return counts;
}

/**
 * The "what will Process do" preview, classified in one pass. Precedence matters: an active
 * video is only active, a failed one only failed; the rest are new, processed or stale by version.
 */
export async function processingCounts(
  db: Db,
  listId: string,
  currentVersion: string,
): Promise<Omit<ProcessingStatus, "pipelineVersion" | "activeJobId">> {
  const [row] = await db
    .select({
      total: sql<number>`count(*)`.mapWith(Number),
      active: sql<number>`coalesce(sum(${videos.status} IN ('queued', 'processing')), 0)`.mapWith(Number),
      failed: sql<number>`coalesce(sum(${videos.status} = 'failed'), 0)`.mapWith(Number),
      new: sql<number>`coalesce(sum(${videos.status} IN ('pending', 'completed') AND ${videos.processedVersion} IS NULL), 0)`.mapWith(
        Number,
      ),
      processed:
        sql<number>`coalesce(sum(${videos.status} IN ('pending', 'completed') AND ${videos.processedVersion} = ${currentVersion}), 0)`.mapWith(
          Number,
        ),
    })
    .from(videos)
    .where(eq(videos.listId, listId));
  const counts = row ?? { total: 0, active: 0, failed: 0, new: 0, processed: 0 };
  return { ...counts, needsRerun: counts.total - counts.active - counts.failed - counts.new - counts.processed };
}

/** Whether the list holds any video at all (to say why a selection came out empty). */
export async function listHasVideos(db: Db, listId: string): Promise<boolean> {
  const [row] = await db.select({ id: videos.id }).from(videos).where(eq(videos.listId, listId)).limit(1);
  return row !== undefined;
}

/** Ids of the list's videos a process request would take. */
export async function selectVideosToProcess(
  db: Db,
  listId: string,
  options: { force: boolean; currentVersion: string; videoIds?: string[] },
): Promise<string[]> {
  const notActive = sql`${videos.status} NOT IN ('queued', 'processing')`;
  const stale = sql`(${videos.status} = 'failed' OR ${videos.processedVersion} IS NULL OR ${videos.processedVersion} != ${options.currentVersion})`;
  const narrowed = options.videoIds
    ? sql`${videos.id} IN (SELECT value FROM json_each(${JSON.stringify(options.videoIds)}))`
    : undefined;
  const rows = await db
    .select({ id: videos.id })
    .from(videos)
    .where(and(eq(videos.listId, listId), options.force ? undefined : and(notActive, stale), narrowed))
    .orderBy(videos.createdAt, videos.id);
  return rows.map((row) => row.id);
}

/**
 * Creates the job and claims its videos in one transaction. The partial unique index on
 * (list_id) for active jobs makes a concurrent second job fail here, whatever the race; the
 * total is counted from the rows actually claimed, so it is exact even if a video vanished
 * between selection and now. The claiming statement keeps each video's status, error and job
 * as they were, so a job that stops early can give every unfinished video back unchanged.
 */
export async function insertJobClaimingVideos(
  db: Db,
  job: Pick<
    typeof jobs.$inferInsert,
    | "id"
    | "userId"
    | "listId"
    | "force"
    | "pipelineVersion"
    | "idempotencyKey"
    | "idempotencyRequest"
    | "idempotencyBodySha256"
  > & { id: string; listId: string },
  videoIds: string[],
): Promise<JobRow> {
  const [, , , [row]] = await db.batch([
    db.insert(jobs).values({ ...job, total: 0 }),
    db
      .update(videos)
      .set({
        prevStatus: sql`${videos.status}`,
        prevError: sql`${videos.error}`,
        prevJobId: sql`${videos.jobId}`,
        status: "queued",
        jobId: job.id,
        error: null,
        updatedAt: nowIso,
      })
      .where(
        and(
          eq(videos.listId, job.listId),
          sql`${videos.id} IN (SELECT value FROM json_each(${JSON.stringify(videoIds)}))`,
        ),
      ),
    db
      .update(jobs)
      .set({ total: sql`(SELECT count(*) FROM videos WHERE videos.job_id = ${job.id})` })
      .where(eq(jobs.id, job.id)),
    db.select().from(jobs).where(eq(jobs.id, job.id)),
  ]);
  return row as JobRow;
}

/**
 * Active jobs no hub has written yet (revision 0) and older than `minAgeSeconds`: their start
 * hand-off failed. The orphan sweep hands them to their hubs.
 */
export async function findUnadoptedJobs(db: Db, minAgeSeconds: number, limit: number) {
  return db
    .select({ id: jobs.id, userId: jobs.userId })
    .from(jobs)
    .where(
      and(
        // Written out literally, as in the partial index jobs_unadopted, so SQLite can use it.
        sql`${jobs.revision} = 0 AND ${jobs.status} IN ('running', 'paused')`,
        sql`${jobs.createdAt} < ${isoFromNow(`-${minAgeSeconds} seconds`)}`,
      ),
    )
    .orderBy(jobs.createdAt)
    .limit(limit);
}
