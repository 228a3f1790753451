import { formatElapsedMs, formatNumber } from "../../lib/format";
import { paceOf } from "../../live/job-rate";
import type { LiveJob } from "../../store/server-state";

/** Jobs at least this big show their pace and time left: a small one is over before it matters. */
export const PACE_FROM_TOTAL = 50;

/** "42 videos/min · about 3 min left" on a big running job, once its pace is known. */
export function JobPace({ job }: { job: LiveJob }) {
  if (job.status !== "running" || job.total < PACE_FROM_TOTAL) return null;
  const pace = paceOf(job.id, job.total, job.processed + job.failed);
  if (!pace) return null;
  const rate = pace.perMinute >= 10 ? Math.round(pace.perMinute) : Math.round(pace.perMinute * 10) / 10;
  return (
    <p class="job-pace small muted">
      {formatNumber(rate)} videos/min · about {formatElapsedMs(pace.remainingMs)} left
    </p>
  );
}
