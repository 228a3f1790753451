import { shownStatus } from "../../../../src/shared/job-outcome";
import { toast } from "../../components/toasts";
import { announce } from "../../lib/announce";
import { formatNumber, plural } from "../../lib/format";
import { onJobTransition, onProgressEvent } from "../../live/jobs-store";
import { listName } from "../lists/list-names";

const MILESTONES = [25, 50, 75];

/**
 * One place decides what a person sees and hears about jobs: a toast when a job starts and ends,
 * and, through the live region only, each quarter of the way and the first failure (with its
 * reason). Later failures are counted in the milestones and the final toast, not read one by one.
 */
export function announceJobs(): () => void {
  const reached = new Map<string, number>();
  const failureHeard = new Set<string>();

  const stopEvents = onProgressEvent((event) => {
    const name = listName(event.listId);
    if (event.status !== "running") return;
    const milestone = MILESTONES.filter((m) => event.progress >= m).pop() ?? 0;
    if (milestone > (reached.get(event.jobId) ?? 0)) {
      reached.set(event.jobId, milestone);
      const failed = event.failed ? `, ${formatNumber(event.failed)} failed` : "";
      announce(
        `${name}: ${event.progress}% done, ${formatNumber(event.processed)} of ${formatNumber(event.total)} processed${failed}.`,
      );
    }
    if (event.failed > 0 && !failureHeard.has(event.jobId)) {
      failureHeard.add(event.jobId);
      announce(`A video failed in ${name}${event.error ? `: ${event.error}` : ""}.`);
    }
  });

  const stopTransitions = onJobTransition(({ kind, job }) => {
    const name = listName(job.listId);
    if (kind === "started") {
      toast("info", `Processing ${plural(job.total, "video")}`, `in ${name}`);
      return;
    }
    reached.delete(job.id);
    failureHeard.delete(job.id);
    const status = shownStatus(job);
    if (status === "completed") toast("success", `Finished ${name}`, `${plural(job.processed, "video")} processed.`);
    else if (status === "completed_with_errors")
      toast("warning", `Finished ${name} with errors`, `${job.processed} processed, ${job.failed} failed.`);
    else if (status === "failed")
      toast(
        "error",
        `Processing ${name} failed`,
        job.errorMessage ?? (job.failed ? `All ${plural(job.failed, "video")} failed.` : undefined),
      );
    else if (status === "cancelled")
      toast("info", `Processing ${name} cancelled`, "Unfinished videos are back as they were before.");
  });

  return () => {
    stopEvents();
    stopTransitions();
  };
}
