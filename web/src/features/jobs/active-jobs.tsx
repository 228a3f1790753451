import { signal } from "@preact/signals";
import { useEffect, useState } from "preact/hooks";
import { lazy, ErrorBoundary as Suspended } from "preact-iso";
import { useNow } from "../../lib/use-now";
import { connection } from "../../live/connection";
import { isRecent } from "../../live/jobs-store";
import { jobs, jobsKnown, type LiveJob } from "../../store/server-state";

// The cards' code (and styles) load only once there is a job to show.
const JobGroups = lazy(() => import("./job-groups").then((m) => m.JobGroups));
const cardsLoaded = signal(false);

/** How long a page waits for the socket's snapshot before showing itself without it. */
const WAIT_MS = 1_500;

const recentJobs = (listId: string | undefined, now: number) =>
  Object.values(jobs.value)
    .filter((job) => (!listId || job.listId === listId) && isRecent(job, now))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));

/**
 * Whether the page below the dashboard may lay itself out. The cards sit above the content, so
 * content shown before the page knows its jobs (the socket's snapshot, or `knownHere`: the list
 * page's own answer from the jobs route) and, if there are jobs, before the cards' code is in
 * would be pushed down when the cards arrive: a layout shift. A socket that is down or slow does
 * not hold the page for more than WAIT_MS.
 */
export function useDashboardSettled(listId?: string, knownHere = false): boolean {
  const [waited, setWaited] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setWaited(true), WAIT_MS);
    return () => clearTimeout(timer);
  }, []);
  const known = knownHere || jobsKnown.value;
  const any = known && recentJobs(listId, Date.now()).length > 0;
  // Asked for while rendering, not after the paint: code a page already loaded resolves at once,
  // so its cards draw in the frame that first knows the jobs (preload is idempotent).
  if (any && !cardsLoaded.value) void JobGroups.preload().then(() => (cardsLoaded.value = true));
  if (waited || connection.value.state === "reconnecting") return true;
  return known && (!any || cardsLoaded.value);
}

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
  const visible = recentJobs(listId, now);
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
