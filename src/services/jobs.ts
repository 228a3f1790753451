/**
 * The job lifecycle, in one place: start and retry, pause/resume/cancel, progress history, and
 * the cancel a list deletion implies. Routes only map these results to HTTP.
 *
 * Start is the order earlier versions got wrong: the job and its claimed videos are committed to
 * D1 in one transaction first, then the job is handed to the user's ProgressHub, which loads its
 * videos from D1 page by page and feeds the queue in windows. A worker can never see a message
 * for a job that is not durable. The hand-off is retried; if it still fails, the job stays
 * `running` in D1 with revision 0 and the orphan sweep (src/scheduled) hands it over within
 * minutes, so no list stays locked. Nothing here writes a job's status or counters: from the
 * commit on, the hub is their only writer.
 */
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/client";
import { failedVideoIdsOf } from "../db/job-failures";
import {
  findActiveJobOfList,
  findJobByIdempotencyKey,
  insertJobClaimingVideos,
  listHasVideos,
  releaseStaleIdempotencyKey,
  selectVideosToProcess,
  toJob,
} from "../db/jobs";
import type { JobRow, ListRow } from "../db/schema";
import { processedVersionFor } from "../domain/pipeline-version";
import { hubFor } from "../durable/hub-client";
import type { ControlResult, HistoryPage } from "../durable/hub-contract";
import type { Caps, Env } from "../env";
import { ApiError, notFound } from "../errors";
import { newId } from "../lib/ids";
import { isJobFinished } from "../shared/constants";
import type { Job } from "../shared/schemas/jobs";
import { checkNewJob } from "./caps";
import { type IdempotentRequest, idempotencyColumns, replayedJob } from "./idempotency";

export interface StartJobRequest {
  list: ListRow;
  userId: string;
  force: boolean;
  videoIds?: string[];
  idempotency: IdempotentRequest | null;
}

export interface Started {
  job: Job;
  /** False when the Idempotency-Key named a job made earlier: nothing new was started. */
  created: boolean;
}

/** Attempts at handing a committed job to its hub before leaving it to the orphan sweep. */
const HAND_OFF_ATTEMPTS = 3;
const HAND_OFF_BACKOFF_MS = 100;

const jobActive = (jobId: string) =>
  new ApiError("job_active", "This list already has a running or paused job", { jobId });

export async function startJob(env: Env, caps: Caps, db: Db, request: StartJobRequest): Promise<Started> {
  const { list, userId, idempotency } = request;
  if (idempotency) {
    const existing = await findJobByIdempotencyKey(db, userId, idempotency.key);
    if (existing) return { job: toJob(replayedJob(existing, idempotency)), created: false };
    await releaseStaleIdempotencyKey(db, userId, idempotency.key);
  }
  const active = await findActiveJobOfList(db, list.id);
  if (active) throw jobActive(active.id);

  const currentVersion = await processedVersionFor(list.fields);
  const selected = await selectVideosToProcess(db, list.id, {
    force: request.force,
    currentVersion,
    videoIds: request.videoIds,
  });
  if (selected.length === 0) throw await nothingToProcess(db, list.id, request);
  await checkNewJob(caps, db, userId, selected.length);

  let row: JobRow;
  try {
    row = await insertJobClaimingVideos(
      db,
      {
        id: newId("job"),
        userId,
        listId: list.id,
        force: request.force,
        pipelineVersion: currentVersion,
        ...idempotencyColumns(idempotency),
      },
      selected,
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Lost a race: the same key (return that job) or another job for this list (409).
    const sameKey = idempotency ? await findJobByIdempotencyKey(db, userId, idempotency.key) : null;
    if (sameKey && idempotency) return { job: toJob(replayedJob(sameKey, idempotency)), created: false };
    const winner = await findActiveJobOfList(db, list.id);
    throw winner ? jobActive(winner.id) : error;
  }
  return { job: await handOff(env, userId, toJob(row)), created: true };
}

/** Why a selection came out empty, in terms of what the request asked for. */
async function nothingToProcess(
  db: Db,
  listId: string,
  request: { force: boolean; videoIds?: string[] },
): Promise<ApiError> {
  const because = (message: string) => new ApiError("nothing_to_process", message);
  if (request.videoIds) {
    return request.force
      ? because("None of these videoIds is a video of this list")
      : because("None of these videos needs processing, or they are not in this list; use force to process them again");
  }
  if (request.force || !(await listHasVideos(db, listId))) return because("This list has no videos to process");
  return because("No video in this list needs processing; use force to process all again");
}

/** A new job over a finished job's failed videos. */
export async function retryJob(
  env: Env,
  caps: Caps,
  db: Db,
  request: {
    job: JobRow;
    list: ListRow;
    userId: string;
    idempotency: IdempotentRequest | null;
    onlyRetryable?: boolean;
  },
): Promise<Started> {
  const { job, userId, idempotency, onlyRetryable = false } = request;
  // A repeated request finds the failed videos already moved to the job it started: answer with that job.
  const repeated = idempotency ? await findJobByIdempotencyKey(db, userId, idempotency.key) : null;
  if (repeated && idempotency) return { job: toJob(replayedJob(repeated, idempotency)), created: false };
  if (!isJobFinished(job.status))
    throw new ApiError("conflict", "Only a finished job can be retried", { status: job.status });
  const videoIds = await failedVideoIdsOf(db, job.id, onlyRetryable);
  if (videoIds.length === 0)
    throw new ApiError(
      "nothing_to_process",
      onlyRetryable
        ? "None of this job's failed videos can be fixed by a retry (private, deleted or not embeddable)"
        : "This job has no failed videos to retry",
    );
  return startJob(env, caps, db, { list: request.list, userId, force: true, videoIds, idempotency });
}

export type JobControl = "pause" | "resume" | "cancel";

/** Pause, resume or cancel, decided by the hub against the job's live state. */
export async function controlJob(env: Env, userId: string, jobId: string, action: JobControl): Promise<Job> {
  const hub = hubFor(env, userId);
  switch (action) {
    case "pause":
      return controlled(await hub.pauseJob(jobId));
    case "resume":
      return controlled(await hub.resumeJob(jobId));
    case "cancel":
      return controlled(await hub.cancelJob(jobId));
  }
}

export async function jobHistory(
  env: Env,
  userId: string,
  jobId: string,
  page: { after: number; limit: number },
): Promise<HistoryPage> {
  return hubFor(env, userId).history(jobId, page.after, page.limit);
}

/** Deleting a list stops its job through the hub first, so counters, sockets and D1 agree. */
export async function cancelActiveJobOfList(env: Env, db: Db, userId: string, listId: string): Promise<void> {
  const active = await findActiveJobOfList(db, listId);
  if (active) await hubFor(env, userId).cancelJob(active.id);
}

function controlled(result: ControlResult): Job {
  if (result.ok) return result.job;
  if (result.reason === "not_found") throw notFound("Job");
  throw new ApiError("conflict", `The job is ${result.status}; that action does not apply`, { status: result.status });
}

/**
 * Gives the committed job to its hub, a fresh stub per attempt (a stub that threw may be
 * broken). Answers with the hub's view of the job, or D1's if the hub could not be reached.
 */
async function handOff(env: Env, userId: string, job: Job): Promise<Job> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await hubFor(env, userId).adoptJob(job.id)) ?? job;
    } catch (error) {
      console.error(
        JSON.stringify({ message: "job hand-off to the hub failed", jobId: job.id, attempt, error: String(error) }),
      );
      if (attempt >= HAND_OFF_ATTEMPTS) return job;
      await new Promise((resolve) => setTimeout(resolve, HAND_OFF_BACKOFF_MS * 4 ** (attempt - 1)));
    }
  }
}
