/**
 * Makes every job end, whatever was lost. Runs from the hub's alarm when a running job has had
 * no report for a while (messages lost with a crashed runtime, a consumer stuck), and on resume.
 *
 * D1 is the ground truth for videos: a finished video whose report never arrived is counted
 * now; an unfinished one is enqueued again, up to MAX_REDRIVES times, then failed as timed out;
 * a video that vanished (deleted mid-job) is counted as failed so the totals still add up.
 */
import type { Db } from "../db/client";
import { failUnfinishedVideos, jobVideoStates } from "../db/job-progress";
import { enqueueVideos } from "../queue/producer";
import type { VideoMessage } from "../shared/messages";
import type { HubStorage, Outcome } from "./hub-storage";

export const MAX_REDRIVES = 3;
export const TIMED_OUT = "Timed out: no worker finished this video after several attempts";

export interface ReconcilerDeps {
  db: Db;
  queue: Queue<VideoMessage>;
  store: HubStorage;
  record: (jobId: string, outcomes: Outcome[]) => Promise<unknown>;
  countVanished: (jobId: string, count: number) => Promise<void>;
}

export async function reconcileStalledJob(deps: ReconcilerDeps, jobId: string, options: { redriveOnly: boolean }) {
  const state = deps.store.job(jobId);
  if (!state) return;
  const videos = await jobVideoStates(deps.db, jobId);

  const unreported: Outcome[] = videos
    .filter(
      (video) => (video.status === "completed" || video.status === "failed") && !deps.store.hasOutcome(jobId, video.id),
    )
    .map((video) => ({
      videoId: video.id,
      status: video.status as Outcome["status"],
      title: video.title,
      error: video.error,
    }));
  if (unreported.length > 0) await deps.record(jobId, unreported);

  const unfinished = videos.filter((video) => video.status === "queued" || video.status === "processing");
  const current = deps.store.job(jobId);
  if (current?.status !== "running") return;

  // Videos this pass leaves unfinished, derived from the one read above: a video that finished
  // meanwhile still counts as open here, so it is never mistaken for one that vanished.
  let stillOpen = unfinished.length;
  if (options.redriveOnly || current.redrives < MAX_REDRIVES) {
    if (!options.redriveOnly) deps.store.markRedriven(jobId, Date.now());
    await enqueueVideos(
      deps.queue,
      unfinished.map((video) => ({
        jobId,
        userId: video.userId,
        listId: video.listId,
        videoId: video.id,
        youtubeId: video.youtubeId,
      })),
    );
  } else if (unfinished.length > 0) {
    const failed = await failUnfinishedVideos(
      deps.db,
      jobId,
      unfinished.map((video) => video.id),
      TIMED_OUT,
    );
    await deps.record(
      jobId,
      failed.map((videoId) => ({ videoId, status: "failed" as const, error: TIMED_OUT })),
    );
    stillOpen -= failed.length;
  }

  if (options.redriveOnly) return;
  // Whatever D1 no longer holds can never report.
  const after = deps.store.job(jobId);
  if (after?.status !== "running") return;
  const missing = after.total - after.processed - after.failed - stillOpen;
  if (missing > 0 && stillOpen === 0) await deps.countVanished(jobId, missing);
}
