import { isJobFinished } from "../../../../src/shared/constants";
import type { Job } from "../../../../src/shared/schemas/jobs";
import { formatDateTime, formatElapsed } from "../../lib/format";

/** "Started 10:02 · finished 10:05 (3 min)", so cards of one list are told apart at a glance. */
export function JobTimes({ job }: { job: Pick<Job, "status" | "createdAt" | "startedAt" | "finishedAt"> }) {
  const started = job.startedAt ?? job.createdAt;
  const finished = isJobFinished(job.status) ? job.finishedAt : null;
  return (
    <p class="job-times">
      Started <time dateTime={started}>{formatDateTime(started)}</time>
      {finished && (
        <>
          {" · "}finished <time dateTime={finished}>{formatDateTime(finished)}</time> (
          {formatElapsed(started, finished)})
        </>
      )}
    </p>
  );
}
