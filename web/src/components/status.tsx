import type { JobStatus, VideoStatus } from "../../../src/shared/constants";
import { STATUS_LABEL } from "./progress-bar";

const VIDEO_LABEL: Record<VideoStatus, string> = {
  pending: "Pending",
  queued: "Queued",
  processing: "Processing",
  completed: "Done",
  failed: "Failed",
};

export function VideoStatusBadge({ status }: { status: VideoStatus }) {
  return <span class={`badge badge--${status}`}>{VIDEO_LABEL[status]}</span>;
}

export function JobStatusChip({ status }: { status: JobStatus }) {
  return <span class={`badge badge--job-${status}`}>{STATUS_LABEL[status]}</span>;
}
