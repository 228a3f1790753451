import type { JobStatus } from "../../../src/shared/constants";
import { shownStatus } from "../../../src/shared/job-outcome";
import type { Job } from "../../../src/shared/schemas/jobs";
import "../styles/progress.css";
import { formatNumber } from "../lib/format";
import { JOB_LABEL } from "./status";

export interface ProgressBarProps {
  status: JobStatus;
  processed: number;
  failed: number;
  total: number;
  /** Integer percent from the server; the bar never computes its own so all views agree. */
  progress: number;
  label: string;
}

/**
 * An accessible progress bar for a job: screen readers get the percent and the counts, sighted
 * users a bar whose colour says the status and a red tail for failed videos.
 */
export function ProgressBar({ status, processed, failed, total, progress, label }: ProgressBarProps) {
  const value = Math.max(0, Math.min(100, Math.round(progress)));
  const share = (n: number) => (total > 0 ? `${Math.min(100, (100 * n) / total)}%` : "0%");
  const counts = `${processed} processed, ${failed} failed of ${total}`;
  return (
    <div class={`progress progress--${status}`}>
      <div
        class="progress__track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        aria-valuetext={`${value}% · ${JOB_LABEL[status]} · ${counts}`}
      >
        <div class="progress__fill" style={{ width: total > 0 ? share(processed) : `${value}%` }} />
        <div class="progress__failed" style={{ width: share(failed) }} />
      </div>
      <div class="progress__meta">
        <span class="progress__percent">{value}%</span>
        <span class="progress__counts">
          <span>{formatNumber(processed)} processed</span>
          {failed > 0 && <span class="progress__failed-count">{formatNumber(failed)} failed</span>}
          <span>of {formatNumber(total)}</span>
        </span>
      </div>
    </div>
  );
}

/** The bar for one job, from the job's own status and counts (a live job, a REST one or both merged). */
export function JobProgressBar({
  job,
  label,
}: {
  job: Pick<Job, "status" | "processed" | "failed" | "total" | "progress">;
  label: string;
}) {
  return (
    <ProgressBar
      status={shownStatus(job)}
      processed={job.processed}
      failed={job.failed}
      total={job.total}
      progress={job.progress}
      label={label}
    />
  );
}
