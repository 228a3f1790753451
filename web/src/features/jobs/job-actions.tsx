import { useState } from "preact/hooks";
import { isJobFinished } from "../../../../src/shared/constants";
import type { Job } from "../../../../src/shared/schemas/jobs";
import { api } from "../../api/endpoints";
import { errorMessage } from "../../components/states";
import { toast } from "../../components/toasts";
import { upsertJob } from "../../live/jobs-store";

type Action = "pause" | "resume" | "cancel" | "retry";

/** The buttons that make sense for a job in its current state. */
export function JobActions({ job, onRetried }: { job: Job; onRetried?: (job: Job) => void }) {
  const [busy, setBusy] = useState<Action | null>(null);

  const run = async (action: Action) => {
    setBusy(action);
    try {
      const result = await api.jobAction(job.id, action);
      upsertJob(result);
      if (action === "retry") onRetried?.(result);
      if (action === "cancel") toast("info", "Job cancelled", "Unfinished videos are back to pending.");
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
      disabled={busy !== null}
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
      {isJobFinished(job.status) && job.status !== "cancelled" && job.failed > 0 && button("retry", "Retry failed")}
    </div>
  );
}
