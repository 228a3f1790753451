/**
 * The safety net under the start hand-off: a job D1 committed (running, videos claimed) whose
 * hub never wrote it back (revision 0) a while after it was created is handed to its hub again.
 * Adoption is idempotent, so a job whose hand-off merely raced this sweep is not harmed.
 */
import { getDb } from "../db/client";
import { findUnadoptedJobs } from "../db/jobs";
import { hubFor } from "../durable/hub-client";
import type { Env } from "../env";

/** Longer than a start's own hand-off with its retries, so the sweep does not race a live request. */
const ORPHAN_AFTER_SECONDS = 60;
/** Enough for any realistic backlog; the next run takes the rest. */
const SWEEP_MAX = 200;

export async function adoptOrphanJobs(env: Env): Promise<void> {
  const orphans = await findUnadoptedJobs(getDb(env.DB), ORPHAN_AFTER_SECONDS, SWEEP_MAX);
  const results = await Promise.allSettled(orphans.map((job) => hubFor(env, job.userId).adoptJob(job.id)));
  results.forEach((result, i) => {
    if (result.status === "rejected") {
      console.error(
        JSON.stringify({
          message: "orphan job not adopted; next sweep retries",
          jobId: orphans[i]?.id,
          error: String(result.reason),
        }),
      );
    }
  });
}
