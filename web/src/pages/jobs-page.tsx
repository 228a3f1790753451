import { useState } from "preact/hooks";
import type { JobStatus } from "../../../src/shared/constants";
import { JOB_STATUSES } from "../../../src/shared/constants";
import type { Job } from "../../../src/shared/schemas/jobs";
import { api, type Page } from "../api/endpoints";
import { JobProgressBar, STATUS_LABEL } from "../components/progress-bar";
import { EmptyState, ErrorState, errorMessage, Spinner } from "../components/states";
import { JobStatusChip } from "../components/status";
import { toast } from "../components/toasts";
import { JobActions } from "../features/jobs/job-actions";
import { JobDrawer } from "../features/jobs/job-drawer";
import { useListNames } from "../features/lists/list-names";
import { formatRelative } from "../lib/format";
import { Link, useQuery } from "../lib/router";
import { useStore } from "../lib/store";
import { useAsync } from "../lib/use-async";
import { jobsStore } from "../live/jobs-store";

/** The REST copy of a job, or the live one when the socket has heard something newer. */
function fresher(job: Job, live: Job | undefined): Job {
  return live && live.updatedAt >= job.updatedAt ? { ...job, ...live } : job;
}

/** Recent jobs across all lists, filterable by status, each openable in a drawer. */
export function JobsPage() {
  const [params, setQuery] = useQuery();
  const statusParam = params.get("status");
  const status = JOB_STATUSES.includes(statusParam as JobStatus) ? (statusParam as JobStatus) : undefined;
  const openJob = params.get("job");
  const jobs = useAsync<Page<Job>>(() => api.jobs({ status }), [status]);
  const live = useStore(jobsStore);
  const [loadingMore, setLoadingMore] = useState(false);

  const loadMore = async () => {
    if (!jobs.data?.nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await api.jobs({ status }, jobs.data.nextCursor);
      jobs.setData((current) => ({ items: [...(current?.items ?? []), ...page.items], nextCursor: page.nextCursor }));
    } catch (error) {
      toast("error", "Couldn't load more jobs", errorMessage(error));
    } finally {
      setLoadingMore(false);
    }
  };

  // A job started elsewhere appears here live; known jobs take the fresher of both versions.
  const fetched = jobs.data?.items ?? [];
  const fetchedIds = new Set(fetched.map((j) => j.id));
  const extra = Object.values(live).filter((j) => !fetchedIds.has(j.id) && (!status || j.status === status));
  const rows = [...extra, ...fetched.map((j) => fresher(j, live[j.id]))]
    .filter((j) => !status || j.status === status)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const names = useListNames(rows.map((job) => job.listId));

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
        <h1>Jobs</h1>
      </header>
      <fieldset class="chips">
        <legend class="visually-hidden">Filter by status</legend>
        {chip(undefined, "All")}
        {JOB_STATUSES.map((s) => chip(s, STATUS_LABEL[s]))}
      </fieldset>
      {jobs.loading && !jobs.data ? (
        <Spinner label="Loading jobs…" />
      ) : jobs.error ? (
        <ErrorState error={jobs.error} onRetry={jobs.reload} />
      ) : !rows.length ? (
        <EmptyState title={status ? `No ${STATUS_LABEL[status].toLowerCase()} jobs` : "No jobs yet"}>
          <p>Open a list and press Process to fill in metadata and fields.</p>
        </EmptyState>
      ) : (
        <ul class="job-list">
          {rows.map((job) => (
            <li key={job.id} class="card job-row">
              <div class="job-row__head">
                <JobStatusChip status={job.status} />
                <Link href={`/lists/${encodeURIComponent(job.listId)}`}>{names[job.listId] ?? "Open list"}</Link>
                <span class="muted small">started {formatRelative(job.startedAt ?? job.createdAt)}</span>
              </div>
              <JobProgressBar job={job} label={`Progress of job for ${names[job.listId] ?? "list"}`} />
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
      {jobs.data?.nextCursor && (
        <div class="center">
          <button type="button" class="button" onClick={loadMore} disabled={loadingMore}>
            {loadingMore ? "Loading…" : "Load more jobs"}
          </button>
        </div>
      )}
      {openJob && <JobDrawer jobId={openJob} onClose={() => setQuery({ job: null })} />}
    </main>
  );
}
