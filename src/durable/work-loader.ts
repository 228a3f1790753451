/**
 * Loads a job's claimed videos from D1 into its work list, page by page (keyset on id, which
 * sorts by creation), only as far as needed for a window's worth to wait unsent. The hub's
 * storage thus holds about a window per job, whatever the job's size, and a start reads one page.
 */
import type { Db } from "../db/client";
import { jobVideoPage } from "../db/job-progress";
import { isJobFinished } from "../shared/constants";
import type { Outcome } from "./hub-contract";
import type { HubStorage } from "./hub-storage";
import type { WorkList } from "./work-list";

/** Claimed videos read from D1 per page. */
export const LOAD_PAGE = 500;

export interface LoaderDeps {
  db: Db;
  store: HubStorage;
  work: WorkList;
}

/**
 * Reads pages after the last one loaded until `target` videos wait unsent or D1 has no more.
 * Returns the videos D1 already shows finished whose outcome the hub has not counted (a report
 * lost, a job adopted late): the caller counts them.
 */
export async function loadWork({ db, store, work }: LoaderDeps, jobId: string, target: number): Promise<Outcome[]> {
  const finished: Outcome[] = [];
  for (;;) {
    const before = store.job(jobId);
    if (!before || before.loadedAll || isJobFinished(before.status)) return finished;
    const page = await jobVideoPage(db, jobId, before.loadAfter, LOAD_PAGE);
    const state = store.job(jobId);
    // Cancelled or finished meanwhile, or another load got here first: nothing to add.
    if (!state || isJobFinished(state.status) || state.loadAfter !== before.loadAfter) return finished;
    const unseen = page.filter((video) => !store.hasOutcome(jobId, video.id));
    work.add(
      jobId,
      unseen.filter((video) => video.status === "queued" || video.status === "processing"),
    );
    store.setLoaded(jobId, page.at(-1)?.id ?? state.loadAfter, page.length < LOAD_PAGE);
    for (const video of unseen) {
      if (video.status === "completed" || video.status === "failed") {
        finished.push({ videoId: video.id, status: video.status, title: video.title, error: video.error });
      }
    }
    if (page.length < LOAD_PAGE || work.unsent(jobId) >= target) return finished;
  }
}
