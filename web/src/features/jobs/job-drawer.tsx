import type { ProgressEvent } from "../../../../src/shared/protocol";
import { api } from "../../api/endpoints";
import { Dialog } from "../../components/dialog";
import { JobProgressBar } from "../../components/progress-bar";
import { ErrorState, Spinner } from "../../components/states";
import { JobStatusChip } from "../../components/status";
import { formatDateTime } from "../../lib/format";
import { listHref } from "../../lib/query-state";
import { useAsync } from "../../lib/use-async";
import { jobs } from "../../store/server-state";
import { useListNames } from "../lists/list-names";
import { JobActions } from "./job-actions";
import { JobFailures } from "./job-failures";
import { JobPark } from "./job-park";
import { JobUsage } from "./job-usage";
import { useJobFailures } from "./use-job-failures";
import "../../styles/jobs.css";

/** One job in full: live progress, video counts, error, actions and its recent history. */
export function JobDrawer({ jobId, onClose }: { jobId: string; onClose: () => void }) {
  const live = jobs.value[jobId];
  const detail = useAsync(() => api.job(jobId), [jobId, live?.status]);
  const history = useAsync(
    () => api.progressHistory(jobId, 0, 100).then((page): ProgressEvent[] => page.items),
    [jobId, live?.status],
  );

  const base = detail.data;
  // Live numbers win when they are newer than the REST answer.
  const job = base && live && live.updatedAt >= base.updatedAt ? { ...base, ...live } : (base ?? live);
  const names = useListNames(job ? [job.listId] : []);
  const failures = useJobFailures(job);

  return (
    <Dialog title="Job details" onClose={onClose} variant="drawer">
      {!job && detail.loading ? (
        <Spinner label="Loading job…" />
      ) : !job ? (
        <ErrorState error={detail.error} onRetry={detail.reload} />
      ) : (
        <div class="stack">
          <p class="job-drawer__head">
            <JobStatusChip job={job} />
            <a href={listHref(job.listId)} onClick={onClose}>
              {names[job.listId] ?? "Open the list"}
            </a>
          </p>
          <JobProgressBar job={job} label="Job progress" />
          <JobPark job={job} />
          {job.errorMessage && <p class="job-card__error">{job.errorMessage}</p>}
          <JobActions job={job} failures={failures} />
          {base && (
            <dl class="kv">
              <div>
                <dt>Videos</dt>
                <dd>
                  {base.videos.pending} pending · {base.videos.queued} queued · {base.videos.processing} processing ·{" "}
                  {base.videos.completed} done · {base.videos.failed} failed
                </dd>
              </div>
              <div>
                <dt>Started</dt>
                <dd>{formatDateTime(job.startedAt ?? job.createdAt)}</dd>
              </div>
              <div>
                <dt>Finished</dt>
                <dd>{formatDateTime(job.finishedAt)}</dd>
              </div>
              <div>
                <dt>Mode</dt>
                <dd>{job.force ? "Reprocess everything" : "New, changed and failed videos"}</dd>
              </div>
              {/* Progress events carry no usage: the REST answer's, re-read as the status moves. */}
              <JobUsage usage={base.usage} />
            </dl>
          )}
          {job.failed > 0 && <JobFailures job={job} failures={failures} onClose={onClose} />}
          <section>
            <h3>Recent events</h3>
            {history.loading && !history.data ? (
              <Spinner label="Loading history…" />
            ) : history.error ? (
              <ErrorState error={history.error} onRetry={history.reload} />
            ) : !history.data?.length ? (
              <p class="muted">No events yet.</p>
            ) : (
              <ol class="events">
                {history.data
                  .slice(-30)
                  .reverse()
                  .map((event) => (
                    <li key={event.seq} class={event.error ? "events__item events__item--error" : "events__item"}>
                      <time dateTime={event.at}>{new Date(event.at).toLocaleTimeString()}</time>
                      <span>{event.message}</span>
                      {event.error && <span class="events__error">{event.error}</span>}
                    </li>
                  ))}
              </ol>
            )}
          </section>
        </div>
      )}
    </Dialog>
  );
}
