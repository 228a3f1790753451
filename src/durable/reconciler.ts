/**
 * Makes every job end, whatever was lost. Runs from the hub's alarm when a running job has had
 * no report for a while: messages lost with a crashed runtime, a consumer stuck, a report that
 * never arrived. The hub's work list says which videos are in flight; D1 says what became of
 * each of them:
 * - finished in D1 but never reported → counted now;
 * - gone from D1 (deleted mid-job) → counted as failed, so the totals still add up;
 * - still queued or processing → sent again (the window lost in the crash), at most MAX_REDRIVES
 *   times per video, then failed as timed out.
 * A job with nothing in flight, nothing left to send or load, and counts short of its total lost
 * videos without a trace: those are counted as failed too.
 */
import type { Db } from "../db/client";
import { failUnfinishedVideos, jobVideosByIds } from "../db/job-progress";
import type { Outcome } from "./hub-contract";
import type { HubStorage } from "./hub-storage";
import type { WorkList } from "./work-list";

export const MAX_REDRIVES = 3;
export const TIMED_OUT = "Timed out: no worker finished this video after several attempts";
export const VANISHED = "Video was deleted while processing";

export interface ReconcilerDeps {
  db: Db;
  store: HubStorage;
  work: WorkList;
  /** Counts outcomes (once each) and lets the job finish. */
  record: (jobId: string, outcomes: Outcome[]) => Promise<void>;
  countVanished: (jobId: string, count: number) => Promise<void>;
}

export async function reconcileStalledJob(deps: ReconcilerDeps, jobId: string, now: number) {
  const { store, work } = deps;
  const state = store.job(jobId);
  if (state?.status !== "running") return;
  // Whatever happens below, the next stall check is a full interval away.
  store.touchReport(jobId, now);
  const inFlight = work.inFlightOf(jobId);
  if (inFlight.length === 0) {
    const missing = state.total - state.processed - state.failed;
    if (missing > 0 && state.loadedAll && work.size(jobId) === 0) await deps.countVanished(jobId, missing);
    return;
  }

  const found = new Map(
    (
      await jobVideosByIds(
        deps.db,
        jobId,
        inFlight.map((row) => row.videoId),
      )
    ).map((video) => [video.id, video]),
  );
  const outcomes: Outcome[] = [];
  const resend: string[] = [];
  const giveUp: string[] = [];
  for (const row of inFlight) {
    const video = found.get(row.videoId);
    if (video?.status === "completed" || video?.status === "failed") {
      outcomes.push({ videoId: video.id, status: video.status, title: video.title, error: video.error });
    } else if (video?.status !== "queued" && video?.status !== "processing") {
      outcomes.push({ videoId: row.videoId, status: "failed", error: VANISHED });
    } else if (row.redrives < MAX_REDRIVES) resend.push(row.videoId);
    else giveUp.push(row.videoId);
  }
  if (giveUp.length > 0) {
    // Only videos still unfinished are failed; one that finished meanwhile reports on its own.
    const failed = await failUnfinishedVideos(deps.db, jobId, giveUp, TIMED_OUT);
    for (const videoId of failed) outcomes.push({ videoId, status: "failed", error: TIMED_OUT });
  }
  // A control may have landed during the reads: only a job still running is re-driven.
  if (store.job(jobId)?.status === "running") work.resend(jobId, resend);
  if (outcomes.length > 0) await deps.record(jobId, outcomes);
}
