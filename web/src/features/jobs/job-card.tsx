import { JobProgressBar } from "../../components/progress-bar";
import { JobStatusChip } from "../../components/status";
import { Link } from "../../lib/router";
import { useStore } from "../../lib/store";
import type { LiveJob } from "../../live/jobs-store";
import { listNames } from "../lists/list-names";
import { JobActions } from "./job-actions";

/** One job on the dashboard: where it is, how far along, what it is doing now, what can be done. */
export function JobCard({ job, showList = true }: { job: LiveJob; showList?: boolean }) {
  const names = useStore(listNames);
  const listLabel = names[job.listId] ?? "Open list";
  return (
    <article class="card job-card" aria-label={`Job for ${names[job.listId] ?? "list"}`}>
      <header class="job-card__header">
        {showList ? (
          <Link class="job-card__list" href={`/lists/${encodeURIComponent(job.listId)}`}>
            {listLabel}
          </Link>
        ) : (
          <span class="job-card__list">Processing</span>
        )}
        <JobStatusChip status={job.status} />
      </header>
      <JobProgressBar job={job} label={`Progress of ${names[job.listId] ?? "job"}`} />
      {job.status === "running" && job.currentTitle && (
        <p class="job-card__current" title={job.currentTitle}>
          Now: {job.currentTitle}
        </p>
      )}
      {job.errorMessage && (
        <p class="job-card__error" role="alert">
          {job.errorMessage}
        </p>
      )}
      <footer class="job-card__footer">
        <JobActions job={job} />
        <Link class="small" href={`/jobs?job=${encodeURIComponent(job.id)}`}>
          Details
        </Link>
      </footer>
    </article>
  );
}
