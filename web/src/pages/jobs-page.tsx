import type { JobStatus } from "../../../src/shared/constants";
import { JOB_STATUSES } from "../../../src/shared/constants";
import { shownStatus } from "../../../src/shared/job-outcome";
import type { Job } from "../../../src/shared/schemas/jobs";
import { api } from "../api/endpoints";
import { PageHeading } from "../components/page-heading";
import { JobProgressBar } from "../components/progress-bar";
import { EmptyState, ErrorState, Spinner } from "../components/states";
import { JOB_LABEL, JobStatusChip } from "../components/status";
import { JobActions } from "../features/jobs/job-actions";
import { JobDrawer } from "../features/jobs/job-drawer";
import { JobPark } from "../features/jobs/job-park";
import { JobTimes } from "../features/jobs/job-times";
import { useListNames } from "../features/lists/list-names";
import { listHref, useQuery } from "../lib/query-state";
import { useCursorPages } from "../lib/use-cursor-pages";
import { jobs } from "../store/server-state";
import "../styles/jobs.css";

/** The REST copy of a job, or the live one when the socket has heard something newer. */
function fresher(job: Job, live: Job | undefined): Job {
  return live && live.updatedAt >= job.updatedAt ? { ...job, ...live } : job;
}

/** Jobs across all lists (or one list's history), filterable by status, each openable in a drawer. */
export function JobsPage() {
  const [params, setQuery] = useQuery();
  const statusParam = params.get("status");
  const status = JOB_STATUSES.includes(statusParam as JobStatus) ? (statusParam as JobStatus) : undefined;
  const listId = params.get("listId") ?? undefined;
  const openJob = params.get("job");
  const pages = useCursorPages({
    key: `${listId ?? ""}|${status ?? ""}`,
    // A chip lists the jobs its badge names: `outcome`, not `status`, so a job whose every video
    // failed is under Failed, where its red badge says it is.
    fetchPage: (cursor, limit) => api.jobs({ outcome: status, listId }, cursor, limit),
    id: (job) => job.id,
    pageSize: 50,
  });
  const live = jobs.value;

  // A job started elsewhere appears here live; known jobs take the fresher of both versions.
  const fetchedIds = new Set(pages.items.map((j) => j.id));
  const wanted = (job: Job) => (!status || shownStatus(job) === status) && (!listId || job.listId === listId);
  const extra = Object.values(live).filter((j) => !fetchedIds.has(j.id) && wanted(j));
  const rows = [...extra, ...pages.items.map((j) => fresher(j, live[j.id]))]
    .filter(wanted)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const names = useListNames([...rows.map((job) => job.listId), ...(listId ? [listId] : [])]);
  const listLabel = listId ? (names[listId] ?? "a list") : null;

  const chip = (value: JobStatus | undefined, label: string) => (
    <button
      type="button"
      class={`chip${status === value ? " chip--active" : ""}`}
      aria-pressed={status === value}
      onClick={() => setQuery({ status: value ?? null })}
    >
      {label}
    </button>
  );

  return (
    <main class="page">
      <header class="page__header">
        <PageHeading title={listLabel ? `Jobs of ${listLabel}` : "Jobs"} />
        {listId && (
          <button type="button" class="button button--small" onClick={() => setQuery({ listId: null })}>
            Show every list's jobs
          </button>
        )}
      </header>
      <fieldset class="chips">
        <legend class="visually-hidden">Filter by status</legend>
        {chip(undefined, "All")}
        {JOB_STATUSES.map((s) => chip(s, JOB_LABEL[s]))}
      </fieldset>
      {pages.loading && !rows.length ? (
        <Spinner label="Loading jobs…" />
      ) : pages.error && !rows.length ? (
        <ErrorState error={pages.error} onRetry={pages.reload} />
      ) : !rows.length ? (
        <EmptyState title={status ? `No ${JOB_LABEL[status].toLowerCase()} jobs` : "No jobs yet"}>
          <p>Open a list and press Process to fill in metadata and fields.</p>
        </EmptyState>
      ) : (
        <ul class="job-list">
          {rows.map((job) => (
            <li key={job.id} class="card job-row" tabIndex={-1} data-focus-fallback>
              <div class="job-row__head">
                <JobStatusChip job={job} />
                <a href={listHref(job.listId)}>{names[job.listId] ?? "Open list"}</a>
              </div>
              <JobProgressBar job={job} label={`Progress of job for ${names[job.listId] ?? "list"}`} />
              <JobTimes job={job} />
              <JobPark job={job} />
              {job.errorMessage && <p class="job-card__error">{job.errorMessage}</p>}
              <div class="job-row__foot">
                <JobActions job={job} onRetried={(next) => setQuery({ job: next.id })} />
                <button type="button" class="link-button" onClick={() => setQuery({ job: job.id })}>
                  Details
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {pages.hasMore && (
        <div class="center">
          <button type="button" class="button" onClick={pages.loadMore} aria-disabled={pages.loadingMore}>
            {pages.loadingMore ? "Loading…" : "Load more jobs"}
          </button>
        </div>
      )}
      {openJob && <JobDrawer jobId={openJob} onClose={() => setQuery({ job: null })} />}
    </main>
  );
}
