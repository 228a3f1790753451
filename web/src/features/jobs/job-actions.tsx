import { useState } from "preact/hooks";
import { isJobFinished } from "../../../../src/shared/constants";
import type { JobFailures } from "../../../../src/shared/schemas/job-failures";
import type { Job } from "../../../../src/shared/schemas/jobs";
import { api } from "../../api/endpoints";
import { useConfirm } from "../../components/confirm";
import { errorMessage } from "../../components/states";
import { toast } from "../../components/toasts";
import { plural } from "../../lib/format";
import type { AsyncState } from "../../lib/use-async";
import { upsertJob } from "../../live/jobs-store";
import { bumpVideos } from "../../store/server-state";
import { CONFIRM_CANCEL_ABOVE } from "./job-outcome";
import { useJobFailures } from "./use-job-failures";

type Action = "pause" | "resume" | "cancel" | "retry";

/** Retry may apply to a finished job with failed videos; whether any is fixable, its failures say. */
const mayRetry = (job: Job) => isJobFinished(job.status) && job.status !== "cancelled" && job.failed > 0;

/**
 * The buttons that make sense for a job in its current state. While a request runs the buttons
 * stay enabled but inert (aria-disabled): disabling the focused one would drop focus to <body>.
 * The outcome is told by the job's transition (announceJobs), not here, so it is said once.
 * Retry takes the fixable failures only, so it shows once they are counted and there are some:
 * a job whose failed videos are all private or deleted, or were removed, offers none.
 */
export function JobActions({
  job,
  onRetried,
  failures,
}: {
  job: Job;
  onRetried?: (job: Job) => void;
  /** The job's failures where the caller reads them anyway (the drawer); a card reads its own. */
  failures?: AsyncState<JobFailures | null>;
}) {
  const [busy, setBusy] = useState<Action | null>(null);
  const [confirmDialog, ask] = useConfirm();
  const own = useJobFailures(!failures && mayRetry(job) ? job : undefined);
  const retryable = (failures ?? own).data?.retryable ?? 0;

  const run = async (action: Action) => {
    if (busy) return;
    const remaining = job.total - job.processed - job.failed;
    if (action === "cancel" && remaining > CONFIRM_CANCEL_ABOVE) {
      const yes = await ask({
        title: "Cancel this job?",
        body: `${plural(remaining, "video")} not processed yet will go back to how they were before. What is done stays done.`,
        confirmLabel: "Cancel job",
        cancelLabel: "Keep running",
      });
      if (!yes) return;
    }
    setBusy(action);
    try {
      const result = await api.jobAction(job.id, action);
      upsertJob(result);
      if (action === "retry") {
        // Its failed videos are the new job's now: this job's failures (and its Retry) are read again.
        bumpVideos(job.listId);
        onRetried?.(result);
      }
    } catch (error) {
      toast("error", `Couldn't ${action} the job`, errorMessage(error));
    } finally {
      setBusy(null);
    }
  };

  const button = (action: Action, label: string, variant = "") => (
    <button
      type="button"
      class={`button button--small ${variant}`}
      aria-disabled={busy !== null}
      onClick={() => run(action)}
    >
      {busy === action ? `${label}…` : label}
    </button>
  );

  return (
    <div class="job-actions">
      {job.status === "running" && button("pause", "Pause")}
      {job.status === "paused" && button("resume", "Resume", "button--primary")}
      {!isJobFinished(job.status) && button("cancel", "Cancel", "button--danger")}
      {mayRetry(job) && retryable > 0 && button("retry", `Retry ${plural(retryable, "fixable video")}`)}
      {confirmDialog}
    </div>
  );
}
