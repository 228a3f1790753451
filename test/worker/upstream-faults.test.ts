/**
 * Upstream faults as a user lives them, through the real queue, D1 and ProgressHub: YouTube
 * rate-limits or hiccups (the job still completes), some videos are private (they fail with a
 * reason, the rest complete), the quota is gone or a key is rejected (the job fails with a message
 * and its videos are pending again), Gemini answers garbage (metadata kept, fields left empty).
 * Faults are injected at `fetch` with the real wire bodies.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { GAVE_UP } from "../../src/queue/dead-letter";
import type { Video } from "../../src/shared/schemas/videos";
import { generateContentBody, keyInvalidBody, youtubeRateBody } from "../support/fake-upstream-data";
import { allVideos, callJson, createList, signUp, ytId } from "./helpers";
import { useFakeUpstream } from "./support/fake-upstream-fetch";
import { expectJobOverAndCounted, getJob, waitForJob } from "./support/jobs";

const FIELDS = [
  { key: "level", label: "Level", type: "enum", options: ["easy", "medium", "hard"] },
  { key: "topic", label: "Topic", type: "text" },
  { key: "has_code", label: "Has code", type: "boolean" },
];
/** How long a job here may take to finish when no retry is waited out. */
const JOB_WAIT_MS = 8_000;
/** The consumer's shortest retry delay is 5 s (backoffSeconds), whatever a shorter Retry-After says. */
const RETRY_WAIT_MS = 12_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ids = (count: number) => Array.from({ length: count }, (_, i) => ytId(i));
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=UTF-8", ...headers },
  });
/** A generateContent answer whose model text is `text`. */
const modelSays = (text: string) => json(generateContentBody("gemini-2.5-flash", "", text));

vi.setConfig({ testTimeout: 15_000 });

const upstream = useFakeUpstream();

/** A user with a list of `count` videos and a job started over all of them. */
async function startedJob(count: number, fields: unknown[] = FIELDS) {
  const { token, userId } = await signUp();
  const list = await createList(token, { name: "Faults", fields });
  await callJson(`/api/lists/${list.id}/videos/bulk`, { token, body: { urls: ids(count) }, expect: 200 });
  const job = await callJson(`/api/lists/${list.id}/process`, { token, body: {}, expect: 201 });
  expect(job).toMatchObject({ status: "running", total: count });
  return { token, userId, listId: list.id, job };
}

/**
 * The end of a job as the user sees it: its counts agree with its videos, `processed + failed ==
 * total` when it ran to the end, and every video is completed, failed with a reason, or pending
 * again after a job-level failure. Returns the job and its videos.
 */
async function expectJobEnded(token: string, listId: string, jobId: string) {
  const job = await getJob(token, jobId);
  expectJobOverAndCounted(job);
  const videos: Video[] = await allVideos(token, listId);
  expect(videos).toHaveLength(job.total);
  for (const video of videos) {
    if (video.status === "completed") {
      expect(video.title, video.youtubeId).toEqual(expect.any(String));
      expect(video.durationSeconds, video.youtubeId).toEqual(expect.any(Number));
    } else if (video.status === "failed") {
      expect(video.error, video.youtubeId).toMatch(/\S/);
    } else {
      expect(video.status, video.youtubeId).toBe("pending");
      expect(["failed", "cancelled"]).toContain(job.status);
    }
  }
  return { job, videos };
}

describe("transient YouTube errors are retried until the job completes", () => {
  it("429 with Retry-After, then 200", async () => {
    upstream().override("videos", () =>
      upstream().calls.videos === 1 ? json(youtubeRateBody(429), 429, { "Retry-After": "1" }) : undefined,
    );
    const { token, listId, job } = await startedJob(10);
    await sleep(1_500);
    // Rate-limited, not failed: the user sees the job still running, nothing counted against it.
    expect(await getJob(token, job.id)).toMatchObject({ status: "running", processed: 0, failed: 0 });

    expect(await waitForJob(token, job.id, { timeoutMs: RETRY_WAIT_MS })).toMatchObject({ status: "completed" });
    const { job: done } = await expectJobEnded(token, listId, job.id);
    expect(done).toMatchObject({ total: 10, processed: 10, failed: 0 });
    expect(upstream().calls.videos).toBe(2);
    expect(upstream().calls.generateContent).toBe(10);
  });

  it("503 on the first call, then OK", async () => {
    const unavailable = {
      error: {
        code: 503,
        message: "The service is currently unavailable.",
        errors: [{ message: "The service is currently unavailable.", domain: "global", reason: "backendError" }],
      },
    };
    upstream().override("videos", () => (upstream().calls.videos === 1 ? json(unavailable, 503) : undefined));
    const { token, listId, job } = await startedJob(10);
    expect(await waitForJob(token, job.id, { timeoutMs: RETRY_WAIT_MS })).toMatchObject({ status: "completed" });
    const { job: done } = await expectJobEnded(token, listId, job.id);
    expect(done).toMatchObject({ total: 10, processed: 10, failed: 0 });
    expect(upstream().calls.videos).toBe(2);
  });
});

describe("videos and jobs that cannot be processed", () => {
  it("fails the videos YouTube does not return as unavailable or private; the rest complete", async () => {
    upstream().missing.add(ytId(1)).add(ytId(4)).add(ytId(9));
    const { token, listId, job } = await startedJob(12);
    await waitForJob(token, job.id, { timeoutMs: JOB_WAIT_MS });
    const { job: done, videos } = await expectJobEnded(token, listId, job.id);
    expect(done).toMatchObject({ status: "completed_with_errors", total: 12, processed: 9, failed: 3 });
    for (const video of videos) {
      if (upstream().missing.has(video.youtubeId)) {
        expect(video.status).toBe("failed");
        expect(video.error).toMatch(/unavailable or private/i);
        expect(video.title).toBeNull();
      } else {
        expect(video.status).toBe("completed");
        expect(video.error).toBeNull();
        expect(Object.keys(video.fields ?? {}).sort()).toEqual(["has_code", "level", "topic"]);
      }
    }
    expect(upstream().calls.videos).toBe(1);
    expect(upstream().calls.generateContent).toBe(9);
  });

  it("fails the job with a quota message when YouTube answers 403 quotaExceeded, and hands its videos back", async () => {
    const message = "The request cannot be completed because you have exceeded your quota.";
    upstream().override("videos", () =>
      json(
        { error: { code: 403, message, errors: [{ message, domain: "youtube.quota", reason: "quotaExceeded" }] } },
        403,
      ),
    );
    const { token, listId, job } = await startedJob(12);
    const failed = await waitForJob(token, job.id, { timeoutMs: JOB_WAIT_MS });
    expect(failed).toMatchObject({ status: "failed", processed: 0, failed: 0, total: 12 });
    expect(failed.errorMessage).toMatch(/quota/i);
    const { videos } = await expectJobEnded(token, listId, job.id);
    expect(videos.map((video) => video.status)).toEqual(Array(12).fill("pending"));
    expect(upstream().calls.generateContent).toBe(0);

    // A watching tab got the failure with its reason as the last event.
    const history = await callJson(`/api/jobs/${job.id}/progress-history`, { token, expect: 200 });
    expect(history.items.at(-1)).toMatchObject({ status: "failed", error: failed.errorMessage });
    // The list is free; once the quota is back, the same videos process normally.
    expect(await callJson(`/api/lists/${listId}/processing-status`, { token, expect: 200 })).toMatchObject({
      total: 12,
      new: 12,
      active: 0,
      activeJobId: null,
    });
    upstream().override("videos", () => undefined);
    const again = await callJson(`/api/lists/${listId}/process`, { token, body: {}, expect: 201 });
    expect(again.total).toBe(12);
    await waitForJob(token, again.id, { timeoutMs: JOB_WAIT_MS });
    expect((await expectJobEnded(token, listId, again.id)).job).toMatchObject({ status: "completed", processed: 12 });
  });

  it("fails the job when Gemini rejects the API key, without a call per video", async () => {
    upstream().override("generateContent", () => json(keyInvalidBody("generativelanguage.googleapis.com"), 400));
    const { token, listId, job } = await startedJob(20);
    const failed = await waitForJob(token, job.id, { timeoutMs: JOB_WAIT_MS });
    expect(failed).toMatchObject({ status: "failed", processed: 0, failed: 0 });
    expect(failed.errorMessage).toMatch(/gemini/i);
    expect(failed.errorMessage).toMatch(/key/i);
    const { videos } = await expectJobEnded(token, listId, job.id);
    expect(videos.map((video) => video.status)).toEqual(Array(20).fill("pending"));
    expect(upstream().calls.generateContent).toBeLessThan(20);
  });
});

describe("Gemini answers that are not what was asked", () => {
  it("keeps the metadata and leaves the fields empty when the model never answers JSON", async () => {
    upstream().override("generateContent", () => modelSays("Sure! This video is for beginners and has code."));
    const { token, listId, job } = await startedJob(6);
    await waitForJob(token, job.id, { timeoutMs: JOB_WAIT_MS });
    const { job: done, videos } = await expectJobEnded(token, listId, job.id);
    expect(done).toMatchObject({ status: "completed", processed: 6, failed: 0 });
    for (const video of videos) {
      expect(video.status).toBe("completed");
      expect(video.title).toEqual(expect.any(String));
      expect(video.channelTitle).toEqual(expect.any(String));
      expect(Object.values(video.fields ?? {}).every((value) => value === null)).toBe(true);
      expect(video.error).toMatch(/not JSON/);
    }
    // Asked once more per video, then given up on: no endless retries.
    expect(upstream().calls.generateContent).toBe(12);
  });

  it("stores null for values outside a field's type or options, and keeps the valid ones", async () => {
    upstream().override("generateContent", () =>
      modelSays(JSON.stringify({ level: "expert", topic: "Rust", has_code: "maybe" })),
    );
    const { token, listId, job } = await startedJob(4);
    await waitForJob(token, job.id, { timeoutMs: JOB_WAIT_MS });
    const { job: done, videos } = await expectJobEnded(token, listId, job.id);
    expect(done).toMatchObject({ status: "completed", processed: 4, failed: 0 });
    for (const video of videos) {
      expect(video.status).toBe("completed");
      expect(video.fields).toEqual({ level: null, topic: "Rust", has_code: null });
      expect(video.error).toMatch(/level/);
      expect(video.error).toMatch(/has_code/);
    }
  });
});

describe("messages that run out of retries", () => {
  it("the dead-letter consumer fails their videos with a reason, so the job still ends", async () => {
    upstream().override("videos", () => json(youtubeRateBody(500), 500));
    const { token, userId, listId, job } = await startedJob(5);
    await sleep(1_500); // first delivery: every message is retried with backoff
    expect(await getJob(token, job.id)).toMatchObject({ status: "running", processed: 0, failed: 0 });

    // Five retries take minutes of backoff; hand the messages to the DLQ consumer as the queue would.
    const { results } = await env.DB.prepare("SELECT id, youtube_id FROM videos WHERE list_id = ?")
      .bind(listId)
      .all<{ id: string; youtube_id: string }>();
    const batch = createMessageBatch(
      "videos-dlq",
      results.map((row, i) => ({
        id: `dlq-${job.id}-${i}`,
        timestamp: new Date(),
        attempts: 1,
        body: { kind: "video", jobId: job.id, userId, listId, videoId: row.id, youtubeId: row.youtube_id },
      })),
    );
    const ctx = createExecutionContext();
    await worker.queue(batch as MessageBatch<never>, env);
    expect((await getQueueResult(batch, ctx)).retryMessages).toHaveLength(0);

    const done = await waitForJob(token, job.id, { timeoutMs: JOB_WAIT_MS });
    expect(done).toMatchObject({ status: "completed_with_errors", total: 5, processed: 0, failed: 5 });
    const { videos } = await expectJobEnded(token, listId, job.id);
    for (const video of videos) expect(video.error).toBe(GAVE_UP);
  });
});
