import type { JobStatus } from "../../../../src/shared/constants";
import type { Job } from "../../../../src/shared/schemas/jobs";

/**
 * The status a person should read. The API ends a job whose every video failed as
 * `completed_with_errors` (the job itself ran fine); to a person nothing was completed, so it
 * reads as failed, in red, everywhere a job's status shows.
 */
export function shownStatus(job: Pick<Job, "status" | "processed" | "failed" | "total">): JobStatus {
  if (job.status === "completed_with_errors" && job.processed === 0 && job.failed > 0) return "failed";
  return job.status;
}

/** Cancelling a job this big asks first: one stray click should not throw away a long run. */
export const CONFIRM_CANCEL_ABOVE = 100;
