import { lazy, ErrorBoundary as Suspended } from "preact-iso";
import { useNow } from "../../lib/use-now";
import { isRecent } from "../../live/jobs-store";
import { jobs, type LiveJob } from "../../store/server-state";

// The cards' code (and styles) load only once there is a job to show.
const JobGroups = lazy(() => import("./job-groups").then((m) => m.JobGroups));

export interface JobGroup {
  job: LiveJob;
  /** How many more recent jobs the same list ran: reached through the history link. */
  earlier: number;
}

/**
 * The dashboard of jobs that are running, paused, or finished in the last five minutes: one card
 * per list (its newest job; a list has at most one active), and a link to the list's history
 * when it ran more. It renders nothing when there is nothing to show, so pages can always include it.
 */
export function ActiveJobs({ listId }: { listId?: string }) {
  const now = useNow(10_000);
  const visible = Object.values(jobs.value)
    .filter((job) => (!listId || job.listId === listId) && isRecent(job, now))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  if (!visible.length) return null;
  const groups = new Map<string, JobGroup>();
  for (const job of visible) {
    const group = groups.get(job.listId);
    if (group) group.earlier += 1;
    else groups.set(job.listId, { job, earlier: 0 });
  }
  return (
    <Suspended>
      <JobGroups groups={[...groups.values()]} showList={!listId} />
    </Suspended>
  );
}
