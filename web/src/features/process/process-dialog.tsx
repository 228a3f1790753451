import { useRef, useState } from "preact/hooks";
import type { Job, ProcessingStatus } from "../../../../src/shared/schemas/jobs";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import { Dialog } from "../../components/dialog";
import { ErrorState, errorMessage, Spinner } from "../../components/states";
import { useAnnounce } from "../../lib/announce";
import { plural } from "../../lib/format";
import { jobHref } from "../../lib/query-state";
import { useAsync } from "../../lib/use-async";
import { upsertJob } from "../../live/jobs-store";
import { newIdempotencyKey } from "./idempotency-key";

interface Props {
  listId: string;
  onClose: () => void;
  onStarted: (job: Job) => void;
}

export function describeStatus(s: ProcessingStatus): string {
  return `${s.new} new, ${s.processed} processed, ${s.needsRerun} need${s.needsRerun === 1 ? "s" : ""} a rerun, ${s.failed} failed`;
}

/**
 * "What will this do?" before anything runs. One idempotency key per press of Process (and per
 * Force choice), so a double click, or a retry after a dropped response, starts one job.
 */
export function ProcessDialog({ listId, onClose, onStarted }: Props) {
  const status = useAsync(() => api.processingStatus(listId), [listId]);
  const [force, setForce] = useState(false);
  const key = useRef(newIdempotencyKey());
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ message: string; jobId?: string } | null>(null);

  const s = status.data;
  useAnnounce(problem?.message);
  const selected = s ? (force ? s.total : s.new + s.needsRerun + s.failed) : 0;
  const activeJobId = s?.activeJobId ?? null;

  const start = async () => {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      const job = await api.process(listId, force ? { force: true } : {}, key.current);
      upsertJob(job);
      onStarted(job);
    } catch (error) {
      if (error instanceof ApiError && error.code === "job_active") {
        const jobId = (error.details as { jobId?: string } | undefined)?.jobId;
        setProblem({
          message: "This list already has a job running. Wait for it to finish, or pause or cancel it.",
          jobId,
        });
      } else if (error instanceof ApiError && error.code === "nothing_to_process") {
        setProblem({ message: "Nothing needs processing. Tick “Reprocess every video” to run them all again." });
      } else {
        setProblem({ message: errorMessage(error) });
      }
      setBusy(false);
    }
  };

  const toggleForce = (value: boolean) => {
    setForce(value);
    key.current = newIdempotencyKey();
  };

  return (
    <Dialog title="Process videos" onClose={onClose}>
      {status.loading && !s ? (
        <Spinner label="Checking what needs processing…" />
      ) : status.error ? (
        <ErrorState error={status.error} onRetry={status.reload} />
      ) : s ? (
        <div class="stack">
          <p class="process__summary">{describeStatus(s)}.</p>
          <ul class="process__counts" aria-label="Videos by state">
            <li>
              <strong>{s.new}</strong> new
            </li>
            <li>
              <strong>{s.processed}</strong> processed
            </li>
            <li>
              <strong>{s.needsRerun}</strong> need a rerun
            </li>
            <li>
              <strong>{s.failed}</strong> failed
            </li>
          </ul>
          {activeJobId ? (
            <p class="notice notice--warning">
              A job is already running on this list.{" "}
              <a href={jobHref(activeJobId)} onClick={onClose}>
                See the running job
              </a>
            </p>
          ) : (
            <>
              <label class="checkbox">
                <input type="checkbox" checked={force} onChange={(e) => toggleForce(e.currentTarget.checked)} />
                <span>Reprocess every video ({s.total}), including those already done</span>
              </label>
              <p class="muted">
                {selected > 0
                  ? `This will process ${plural(selected, "video")}.`
                  : "Everything is up to date. Nothing to process."}
              </p>
            </>
          )}
          {problem && (
            <p class="inline-error">
              {problem.message}{" "}
              {problem.jobId && (
                <a href={jobHref(problem.jobId)} onClick={onClose}>
                  See the running job
                </a>
              )}
            </p>
          )}
          <div class="modal__actions">
            <button type="button" class="button" onClick={onClose}>
              Cancel
            </button>
            <button
              type="button"
              class="button button--primary"
              onClick={start}
              disabled={busy || selected === 0 || !!activeJobId}
            >
              {busy ? "Starting…" : selected > 0 ? `Process ${plural(selected, "video")}` : "Process"}
            </button>
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}
