/**
 * Jobs in tests. Built without sending their messages, so a test can deliver batches to the
 * consumer itself: in any order, twice, half-way, around an eviction. Or started through the API
 * and watched from outside: polled until done, then checked that their numbers agree.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { expect } from "vitest";
import { getDb } from "../../../src/db/client";
import { insertJobClaimingVideos, toJob, unfinishedVideosOfJob } from "../../../src/db/jobs";
import { findListRow } from "../../../src/db/lists";
import { processedVersionFor } from "../../../src/domain/pipeline-version";
import { hubFor } from "../../../src/durable/hub-client";
import worker from "../../../src/index";
import type { VideoMessage } from "../../../src/shared/messages";
import type { Job } from "../../../src/shared/schemas/jobs";
import { callJson } from "../helpers";

export const FINISHED = ["completed", "completed_with_errors", "failed", "cancelled"];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 25 ms; throws "timed out waiting for <what>" after `timeoutMs`. */
export async function until(
  what: string | (() => string),
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === "string" ? what : what()}`);
    await sleep(25);
  }
}

/** The job as its owner reads it from the API. */
export const getJob = (token: string, jobId: string) => callJson(`/api/jobs/${jobId}`, { token, expect: 200 });

/** Polls the job until `done` (by default: it is finished) and returns it; the error shows the last read. */
export async function waitForJob(
  token: string,
  jobId: string,
  { timeoutMs = 12_000, done = (job: any) => FINISHED.includes(job.status) } = {},
) {
  let job: any;
  await until(
    () => `job ${jobId}: ${JSON.stringify(job)}`,
    async () => {
      job = await getJob(token, jobId);
      return done(job);
    },
    timeoutMs,
  );
  return job;
}

/**
 * A job read from the API is over and its own numbers agree: finished with a finishedAt, no video
 * still queued or processing, the counters equal its videos' outcomes, `processed + failed ==
 * total` and progress 100 when it ran to the end (never more than total when it stopped early).
 */
export function expectJobOverAndCounted(job: any) {
  expect(FINISHED, JSON.stringify(job)).toContain(job.status);
  expect(job.finishedAt).toEqual(expect.any(String));
  expect(job.videos.queued + job.videos.processing, JSON.stringify(job)).toBe(0);
  expect(job.videos.completed).toBe(job.processed);
  expect(job.videos.failed).toBe(job.failed);
  if (job.status === "completed" || job.status === "completed_with_errors") {
    expect(job.processed + job.failed).toBe(job.total);
    expect(job.progress).toBe(100);
    expect(job.status).toBe(job.failed > 0 ? "completed_with_errors" : "completed");
  } else {
    expect(job.processed + job.failed).toBeLessThanOrEqual(job.total);
  }
}

export async function startJobWithoutSending(
  userId: string,
  listId: string,
): Promise<{ job: Job; messages: VideoMessage[] }> {
  const db = getDb(env.DB);
  const list = (await findListRow(db, userId, listId))!;
  const ids = (
    await env.DB.prepare("SELECT id FROM videos WHERE list_id = ?").bind(listId).all<{ id: string }>()
  ).results.map((row) => row.id);
  const row = await insertJobClaimingVideos(
    db,
    {
      id: `job_test_${crypto.randomUUID()}`,
      userId,
      listId,
      force: false,
      pipelineVersion: await processedVersionFor(list.fields),
      idempotencyKey: null,
    },
    ids,
  );
  const job = toJob(row);
  await hubFor(env, userId).startJob(job);
  const videos = await unfinishedVideosOfJob(db, job.id);
  const messages = videos.map((video) => ({
    kind: "video" as const,
    jobId: job.id,
    userId,
    listId,
    videoId: video.id,
    youtubeId: video.youtubeId,
  }));
  return { job, messages };
}

let batchCounter = 0;
/** Delivers messages to the consumer as one batch, as the runtime would, and reports acks/retries. */
export async function deliver(messages: unknown[], attempts = 1, bindings: Cloudflare.Env = env, queue = "videos") {
  const batch = createMessageBatch(
    queue,
    messages.map((body) => ({ id: `msg-${batchCounter++}`, timestamp: new Date(), attempts, body })),
  );
  // The plugin's QueueResult omits per-message retry delays; record them on the way through.
  const retryDelays: (number | undefined)[] = [];
  for (const message of batch.messages) {
    const retry = message.retry.bind(message);
    message.retry = (options?: QueueRetryOptions) => {
      retryDelays.push(options?.delaySeconds);
      retry(options);
    };
  }
  const ctx = createExecutionContext();
  await worker.queue(batch as MessageBatch<never>, bindings);
  return { ...(await getQueueResult(batch, ctx)), retryDelays };
}

export async function jobRow(jobId: string) {
  return (await env.DB.prepare("SELECT * FROM jobs WHERE id = ?").bind(jobId).first<Record<string, any>>())!;
}

export async function videoStatuses(jobId: string) {
  const { results } = await env.DB.prepare("SELECT status, count(*) AS n FROM videos WHERE job_id = ? GROUP BY status")
    .bind(jobId)
    .all<{ status: string; n: number }>();
  return Object.fromEntries(results.map((row) => [row.status, row.n]));
}

/** The real bindings, except that D1's `batch()` fails on call number `failOn` (1-based). */
export function withFailingD1Batch(failOn: number): Cloudflare.Env {
  let calls = 0;
  const db = new Proxy(env.DB, {
    get(target, property) {
      if (property === "batch") {
        return (statements: D1PreparedStatement[]) => {
          calls++;
          if (calls === failOn) return Promise.reject(new Error("D1_ERROR: simulated write failure"));
          return target.batch(statements);
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { ...env, DB: db };
}
