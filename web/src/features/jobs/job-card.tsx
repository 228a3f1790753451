import { isJobFinished } from "../../../../src/shared/constants";
import { JobProgressBar } from "../../components/progress-bar";
import { JobStatusChip } from "../../components/status";
import { jobHref, listHref } from "../../lib/query-state";
import type { LiveJob } from "../../store/server-state";
import { useListNames } from "../lists/list-names";
import { JobActions } from "./job-actions";
import { JobPace } from "./job-pace";
import { JobPark } from "./job-park";
import { JobTimes } from "./job-times";

/** One job on the dashboard: where it is, how far along, what it is doing now, what can be done. */
export function JobCard({ job, showList = true }: { job: LiveJob; showList?: boolean }) {
  const name = useListNames([job.listId])[job.listId];
  const finished = isJobFinished(job.status);
  return (
    // The card takes focus when its focused button goes away (Cancel once cancelled).
    <article class="card job-card" aria-label={`Job for ${name ?? "a list"}`} tabIndex={-1} data-focus-fallback>
      <header class="job-card__header">
        {showList ? (
          <a class="job-card__list" href={listHref(job.listId)}>
            {name ?? "Open list"}
          </a>
        ) : (
          <span class="job-card__list">{finished ? "Last run" : "Processing"}</span>
        )}
        <JobStatusChip job={job} />
      </header>
      <JobProgressBar job={job} label={`Progress of ${name ?? "job"}`} />
      <JobTimes job={job} />
      <JobPace job={job} />
      <JobPark job={job} />
      {job.status === "running" && job.currentTitle && (
        <p class="job-card__current" title={job.currentTitle}>
          Now: {job.currentTitle}
        </p>
      )}
      {job.errorMessage && <p class="job-card__error">{job.errorMessage}</p>}
      <footer class="job-card__footer">
        <JobActions job={job} />
        <a class="small" href={jobHref(job.id)}>
          Details
        </a>
      </footer>
    </article>
  );
}
