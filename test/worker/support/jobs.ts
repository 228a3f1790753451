/**
 * Jobs in tests. Built with the hub's sends recorded instead of delivered, so a test can deliver
 * batches to the consumer itself: in any order, twice, half-way, around an eviction. Or started through the API
 * and watched from outside: polled until done, then checked that their numbers agree.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult, runInDurableObject } from "cloudflare:test";
import { expect } from "vitest";
import { getDb } from "../../../src/db/client";
import { insertJobClaimingVideos, toJob } from "../../../src/db/jobs";
import { findListRow } from "../../../src/db/lists";
import { processedVersionFor } from "../../../src/domain/pipeline-version";
import { hubFor } from "../../../src/durable/hub-client";
import type { HubApi } from "../../../src/durable/hub-contract";
import type { ProgressHub } from "../../../src/durable/progress-hub";
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

/** The user's hub as a Durable Object stub, for `runInDurableObject` and `runDurableObjectAlarm`. */
export const hubStub = (userId: string) => env.PROGRESS_HUB.get(env.PROGRESS_HUB.idFromName(userId));

/**
 * Changes bindings of the live hub instance of this user (its `env` is a plain field); they hold
 * until the object is evicted or restarted, which brings back the real ones.
 */
export async function patchHubEnv(userId: string, patch: Partial<Cloudflare.Env>) {
  await runInDurableObject(hubStub(userId), (instance: ProgressHub) => {
    const mutable = instance as unknown as { env: Cloudflare.Env };
    mutable.env = { ...mutable.env, ...patch };
  });
}

/** A stand-in for the hub's queue binding that records what the hub sends instead of delivering it. */
export async function recordHubSends(userId: string): Promise<VideoMessage[]> {
  const sent: VideoMessage[] = [];
  const queue = {
    send: async (body: VideoMessage) => void sent.push(body),
    sendBatch: async (batch: Iterable<MessageSendRequest<VideoMessage>>) => {
      for (const message of batch) sent.push(message.body);
    },
  } as unknown as Queue<VideoMessage>;
  await patchHubEnv(userId, { VIDEOS_QUEUE: queue });
  return sent;
}

/** Puts the real queue back under the user's hub: what it sends from now on is delivered. */
export const releaseHubSends = (userId: string) => patchHubEnv(userId, { VIDEOS_QUEUE: env.VIDEOS_QUEUE });

/**
 * A job as Process makes it (committed to D1, then adopted by the user's hub) whose queue the
 * test plays: what the hub sends is recorded in `sent`, not delivered, and `messages` holds one
 * message per claimed video, oldest first, for the test to deliver in any order, twice, half-way,
 * around an eviction. `releaseHubSends` hands the queue back.
 */
export async function startJobWithoutSending(
  userId: string,
  listId: string,
  options: { hubWindow?: number; sent?: VideoMessage[] } = {},
): Promise<{ job: Job; messages: VideoMessage[]; sent: VideoMessage[] }> {
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
  // A second job of the same user keeps recording into the first one's list.
  const sent = options.sent ?? (await recordHubSends(userId));
  if (options.hubWindow) await patchHubEnv(userId, { HUB_WINDOW: String(options.hubWindow) });
  const job = (await hubFor(env, userId).adoptJob(row.id)) ?? toJob(row);
  const { results } = await env.DB.prepare(
    "SELECT id, youtube_id FROM videos WHERE job_id = ? AND status IN ('queued', 'processing') ORDER BY id",
  )
    .bind(job.id)
    .all<{ id: string; youtube_id: string }>();
  const messages = results.map((video) => ({
    kind: "video" as const,
    jobId: job.id,
    userId,
    listId,
    videoId: video.id,
    youtubeId: video.youtube_id,
  }));
  return { job, messages, sent };
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

type AnyCall = (...args: any[]) => Promise<any>;
export type HubOverride = (real: AnyCall, ...args: Parameters<AnyCall>) => Promise<unknown>;

/**
 * The real bindings, except that the named ProgressHub methods, called by the Worker through
 * these bindings, go through `overrides` (handed the real call). Other methods pass straight on.
 */
export function withHubOverrides(overrides: Partial<Record<keyof HubApi, HubOverride>>): Cloudflare.Env {
  const namespace = new Proxy(env.PROGRESS_HUB, {
    get(target, property) {
      if (property !== "get") {
        const value = Reflect.get(target, property);
        return typeof value === "function" ? value.bind(target) : value;
      }
      return (id: DurableObjectId) => {
        const stub = target.get(id) as unknown as Record<string | symbol, AnyCall>;
        return new Proxy(stub, {
          get(stubTarget, name) {
            // Not a thenable: `await`ing a stub must not turn into an RPC call named "then".
            if (name === "then") return undefined;
            const real: AnyCall = (...args) => stubTarget[name]!(...args);
            const override = overrides[name as keyof HubApi];
            return override ? (...args: unknown[]) => override(real, ...args) : real;
          },
        });
      };
    },
  });
  return { ...env, PROGRESS_HUB: namespace };
}

/** How many rows of a job the hub's storage still keeps, per table (outcomes, work, events). */
export async function hubRowsOf(userId: string, jobId: string) {
  return runInDurableObject(hubStub(userId), (_instance, state) => {
    const count = (table: string) =>
      state.storage.sql.exec(`SELECT count(*) AS n FROM ${table} WHERE job_id = ?`, jobId).one().n as number;
    return { outcomes: count("outcomes"), work: count("work"), events: count("events") };
  });
}

/** The hub's own row for a job: its revision, what D1 was last written (revision, status), and so on. */
export async function hubJob(userId: string, jobId: string) {
  return runInDurableObject(hubStub(userId), (_instance, state) => {
    const row = state.storage.sql.exec("SELECT * FROM jobs WHERE id = ?", jobId).toArray()[0];
    if (!row) return null;
    return {
      status: row.status as string,
      revision: row.revision as number,
      flushedRevision: row.flushed_revision as number,
      flushedStatus: row.flushed_status as string,
      processed: row.processed as number,
      failed: row.failed as number,
    };
  });
}

/**
 * D1 and the hub agree on the job: D1 holds the hub's current revision, status and counters,
 * and nothing is left to write.
 */
export async function expectHubAndD1Agree(userId: string, jobId: string) {
  const [hub, row] = await Promise.all([hubJob(userId, jobId), jobRow(jobId)]);
  expect(hub, "the hub knows the job").not.toBeNull();
  expect(hub!.flushedRevision, "nothing left to write").toBe(hub!.revision);
  expect(row).toMatchObject({
    status: hub!.status,
    processed: hub!.processed,
    failed: hub!.failed,
    revision: hub!.revision,
  });
  return row;
}
