/**
 * Starting jobs. The order is the contract that earlier versions got wrong: the job and its
 * claimed videos are committed to D1 first, then the user's hub learns of it, then the
 * messages go out. A worker can never see a message for a job that is not yet durable, and a
 * send that fails part-way fails the job with a reason and hands its videos back as pending.
 */
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/client";
import { writeJobStoppedEarly } from "../db/job-progress";
import {
  findActiveJobOfList,
  findJobByIdempotencyKey,
  insertJobClaimingVideos,
  releaseStaleIdempotencyKey,
  selectVideosToProcess,
  toJob,
  unfinishedVideosOfJob,
} from "../db/jobs";
import type { ListRow } from "../db/schema";
import { processedVersionFor } from "../domain/pipeline-version";
import { hubFor } from "../durable/hub-client";
import type { Env } from "../env";
import { ApiError } from "../errors";
import { newId } from "../lib/ids";
import { enqueueVideos } from "../queue/producer";
import type { Job } from "../shared/schemas/jobs";

export interface StartJobRequest {
  list: ListRow;
  userId: string;
  force: boolean;
  videoIds?: string[];
  idempotencyKey: string | null;
}

const jobActive = (jobId: string) =>
  new ApiError("job_active", "This list already has a running or paused job", { jobId });

export async function startJob(env: Env, db: Db, request: StartJobRequest): Promise<{ job: Job; created: boolean }> {
  const { list, userId, idempotencyKey } = request;
  if (idempotencyKey) {
    const existing = await findJobByIdempotencyKey(db, userId, idempotencyKey);
    if (existing) return { job: toJob(existing), created: false };
    await releaseStaleIdempotencyKey(db, userId, idempotencyKey);
  }
  const active = await findActiveJobOfList(db, list.id);
  if (active) throw jobActive(active.id);

  const currentVersion = await processedVersionFor(list.fields);
  const selected = await selectVideosToProcess(db, list.id, {
    force: request.force,
    currentVersion,
    videoIds: request.videoIds,
  });
  if (selected.length === 0) {
    throw new ApiError("nothing_to_process", "No video in this list needs processing; use force to process all again");
  }

  let row: Awaited<ReturnType<typeof insertJobClaimingVideos>>;
  try {
    row = await insertJobClaimingVideos(
      db,
      {
        id: newId("job"),
        userId,
        listId: list.id,
        force: request.force,
        pipelineVersion: currentVersion,
        idempotencyKey,
      },
      selected,
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Lost a race: the same key (return that job) or another job for this list (409).
    const sameKey = idempotencyKey ? await findJobByIdempotencyKey(db, userId, idempotencyKey) : null;
    if (sameKey) return { job: toJob(sameKey), created: false };
    const winner = await findActiveJobOfList(db, list.id);
    throw winner ? jobActive(winner.id) : error;
  }

  const job = toJob(row);
  const hub = hubFor(env, userId);
  try {
    await hub.startJob(job);
  } catch (error) {
    // Without its hub the job has no counter and no alarm: end it now rather than leave it running.
    await writeJobStoppedEarly(db, {
      id: job.id,
      status: "failed",
      processed: 0,
      failed: 0,
      errorMessage: "Could not start the job; try again.",
      finished: true,
    });
    throw error;
  }
  try {
    const videos = await unfinishedVideosOfJob(db, job.id);
    await enqueueVideos(
      env.VIDEOS_QUEUE,
      videos.map((video) => ({
        jobId: job.id,
        userId,
        listId: list.id,
        videoId: video.id,
        youtubeId: video.youtubeId,
      })),
    );
  } catch (error) {
    console.error(JSON.stringify({ message: "enqueue failed", jobId: job.id, error: String(error) }));
    const failed = await hub.failJob(job.id, "Could not queue the videos; nothing was processed. Try again.");
    return { job: failed.ok ? failed.job : job, created: true };
  }
  return { job, created: true };
}

/** Deleting a list stops its job through the hub, so counters, sockets and D1 agree. */
export async function cancelActiveJobOfList(env: Env, db: Db, userId: string, listId: string): Promise<void> {
  const active = await findActiveJobOfList(db, listId);
  if (active) await hubFor(env, userId).cancelJob(active.id);
}
