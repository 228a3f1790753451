import type { JobFailures } from "../../../../src/shared/schemas/job-failures";
import type { Job } from "../../../../src/shared/schemas/jobs";
import { api } from "../../api/endpoints";
import { type AsyncState, useAsync } from "../../lib/use-async";
import { videosVersion } from "../../store/server-state";

/**
 * The job's failures, re-read as its status or failed count moves, and as its list's videos
 * change (removed failed videos leave the job's failures); none asked for while nothing failed.
 */
export function useJobFailures(job: Job | undefined): AsyncState<JobFailures | null> {
  const videos = job ? (videosVersion.value[job.listId] ?? 0) : 0;
  return useAsync(
    () => (job && job.failed > 0 ? api.jobFailures(job.id) : Promise.resolve(null)),
    [job?.id, job?.status, job?.failed, videos],
  );
}
