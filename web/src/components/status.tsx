import type { JobStatus, VideoStatus } from "../../../src/shared/constants";
import { shownStatus } from "../../../src/shared/job-outcome";
import type { Job } from "../../../src/shared/schemas/jobs";

export const JOB_LABEL: Record<JobStatus, string> = {
  running: "Running",
  paused: "Paused",
  completed: "Completed",
  completed_with_errors: "Completed with errors",
  failed: "Failed",
  cancelled: "Cancelled",
};

export const VIDEO_LABEL: Record<VideoStatus, string> = {
  pending: "Pending",
  queued: "Queued",
  processing: "Processing",
  completed: "Done",
  failed: "Failed",
};

export function VideoStatusBadge({ status }: { status: VideoStatus }) {
  return <span class={`badge badge--${status}`}>{VIDEO_LABEL[status]}</span>;
}

/** A processed video whose pipeline version or fields have changed since. */
export function NeedsRerunBadge() {
  return (
    <span class="badge badge--rerun" title="Processed before the list's fields or the pipeline changed">
      Needs rerun
    </span>
  );
}

export function JobStatusChip({ job }: { job: Pick<Job, "status" | "processed" | "failed" | "total"> }) {
  const status: JobStatus = shownStatus(job);
  return <span class={`badge badge--job-${status}`}>{JOB_LABEL[status]}</span>;
}
