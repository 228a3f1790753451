import { useStore } from "../../lib/store";
import { useNow } from "../../lib/use-now";
import { isRecent, jobsStore } from "../../live/jobs-store";
import { JobCard } from "./job-card";

/**
 * The dashboard of jobs that are running, paused, or finished in the last five minutes. It
 * renders nothing when there is nothing to show, so pages can always include it.
 */
export function ActiveJobs({ listId }: { listId?: string }) {
  const jobs = useStore(jobsStore);
  const now = useNow(10_000);
  const visible = Object.values(jobs)
    .filter((job) => (!listId || job.listId === listId) && isRecent(job, now))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  if (!visible.length) return null;
  return (
    <section class="active-jobs" aria-label="Active jobs">
      {!listId && <h2 class="section-title">Processing</h2>}
      <div class="active-jobs__grid">
        {visible.map((job) => (
          <JobCard key={job.id} job={job} showList={!listId} />
        ))}
      </div>
    </section>
  );
}
