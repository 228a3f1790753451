import { and, asc, count, desc, eq, isNull } from "drizzle-orm";
import { isRetryableFailure } from "../domain/failures";
import type { JobFailures } from "../shared/schemas/job-failures";
import type { Db } from "./client";
import { videos } from "./schema";

const GROUPS_MAX = 50;
const VIDEOS_PER_GROUP = 20;

const failedOf = (jobId: string) => and(eq(videos.jobId, jobId), eq(videos.status, "failed"));

/** The job's failed videos by reason (index videos_job_status), with the first few of each. */
export async function failuresOfJob(db: Db, jobId: string): Promise<JobFailures> {
  const reasons = await db
    .select({ reason: videos.error, count: count() })
    .from(videos)
    .where(failedOf(jobId))
    .groupBy(videos.error)
    .orderBy(desc(count()), asc(videos.error));
  const shown = reasons.slice(0, GROUPS_MAX);
  const samples = await Promise.all(
    shown.map(({ reason }) =>
      db
        .select({ id: videos.id, youtubeId: videos.youtubeId, title: videos.title })
        .from(videos)
        .where(and(failedOf(jobId), reason === null ? isNull(videos.error) : eq(videos.error, reason)))
        .orderBy(asc(videos.id))
        .limit(VIDEOS_PER_GROUP),
    ),
  );
  let failed = 0;
  let retryable = 0;
  for (const { reason, count: n } of reasons) {
    failed += n;
    if (isRetryableFailure(reason)) retryable += n;
  }
  return {
    failed,
    retryable,
    groups: shown.map(({ reason, count: n }, i) => ({
      reason: reason ?? "No reason recorded",
      retryable: isRetryableFailure(reason),
      count: n,
      videos: samples[i] ?? [],
    })),
  };
}

/** Ids of the job's failed videos, optionally only those a retry may fix. */
export async function failedVideoIdsOf(db: Db, jobId: string, onlyRetryable: boolean): Promise<string[]> {
  const rows = await db.select({ id: videos.id, error: videos.error }).from(videos).where(failedOf(jobId));
  return rows.filter((row) => !onlyRetryable || isRetryableFailure(row.error)).map((row) => row.id);
}
