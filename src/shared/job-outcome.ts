/**
 * The status a person reads for a job. The API ends a job whose every video failed as
 * `completed_with_errors` (the job itself ran fine); to a person nothing was completed, so it
 * reads as failed, in red, everywhere a job's status shows. GET /api/jobs?outcome= lists jobs by
 * this reading (db/jobs.ts writes the same test in SQL), so the Jobs page's chips agree with its badges.
 */
import type { JobStatus } from "./constants";

type Counted = { status: JobStatus; processed: number; failed: number };

/** A job that ran to its end with no video processed and at least one failed. */
export const everyVideoFailed = (job: Counted) =>
  job.status === "completed_with_errors" && job.processed === 0 && job.failed > 0;

export const shownStatus = (job: Counted): JobStatus => (everyVideoFailed(job) ? "failed" : job.status);
