/**
 * Upstream faults as a user lives them, through the real consumer, D1 and ProgressHub, injected
 * at `fetch` with the real wire bodies: YouTube throttles or hiccups (waited out, the job still
 * completes), some videos are private or have embedding disabled (they fail with their own
 * reason), a key is rejected or the model retired (the job fails with a message naming the
 * setting), and the model answers badly for some videos of a batched call (left out, cut at
 * MAX_TOKENS, declined for SAFETY, not JSON): only those videos go without fields, keep their
 * metadata, say why, and stay selectable by a normal Process.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { EMBED_DISABLED } from "../../src/providers/youtube";
import { GAVE_UP } from "../../src/queue/dead-letter";
import { UNAVAILABLE } from "../../src/queue/video-work";
import type { Video } from "../../src/shared/schemas/videos";
import {
  geminiQuotaBody,
  keyInvalidBody,
  modelNotFoundBody,
  youtubeRateBody,
  youtubeRateLimitBody,
} from "../support/fake-upstream-data";
import { addVideos, allVideos, callJson, createList, signUp, ytId } from "./helpers";
import { answerEach, modelSays, useFakeUpstream, withOwnCredentials } from "./support/fake-upstream-fetch";
import { deliver, expectJobOverAndCounted, getJob, startJobWithoutSending, waitForJob } from "./support/jobs";

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

vi.setConfig({ testTimeout: 15_000 });

const upstream = useFakeUpstream();

/** A user with a list of `count` videos and a job started over all of them through the API. */
async function startedJob(count: number, fields: unknown[] = FIELDS) {
  const { token, userId } = await signUp();
  const list = await createList(token, { name: "Faults", fields });
  await callJson(`/api/lists/${list.id}/videos/bulk`, { token, body: { urls: ids(count) }, expect: 200 });
  const job = await callJson(`/api/lists/${list.id}/process`, { token, body: {}, expect: 201 });
  expect(job).toMatchObject({ status: "running", total: count });
  return { token, userId, listId: list.id, job };
}

/** A user with a list of these videos and a job whose messages the test delivers itself. */
async function jobToDeliver(youtubeIds: string[], fields: unknown[] = FIELDS) {
  const { token, userId } = await signUp();
  const list = await createList(token, { name: "Faults", fields });
  await addVideos(token, list.id, youtubeIds);
  const { job, messages } = await startJobWithoutSending(userId, list.id);
  return { token, userId, listId: list.id, job, messages };
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
      expect(video.processedVersion, video.youtubeId).toBe(job.pipelineVersion);
    } else if (video.status === "failed") {
      expect(video.error, video.youtubeId).toMatch(/\S/);
      expect(video.processedVersion, video.youtubeId).not.toBe(job.pipelineVersion);
    } else {
      expect(video.status, video.youtubeId).toBe("pending");
      expect(["failed", "cancelled"]).toContain(job.status);
    }
  }
  return { job, videos };
}

/** Videos whose AI part did not happen: metadata kept, fields not filled, the reason shown, and taken again by a normal Process. */
async function expectNotProcessed(token: string, listId: string, videos: Video[], reason: RegExp) {
  for (const video of videos) {
    expect(video.status, video.youtubeId).toBe("failed");
    expect(video.title, video.youtubeId).toEqual(expect.any(String));
    expect(video.durationSeconds, video.youtubeId).toEqual(expect.any(Number));
    expect(video.fields ?? {}, video.youtubeId).toEqual({});
    expect(video.error, video.youtubeId).toMatch(/^AI fields not filled: /);
    expect(video.error, video.youtubeId).toMatch(reason);
  }
  const status = await callJson(`/api/lists/${listId}/processing-status`, { token, expect: 200 });
  expect(status.failed).toBe(videos.length);
}

describe("YouTube throttles and hiccups are waited out; the job completes", () => {
  it("a 429 with Retry-After is waited out within the delivery: nothing fails, no redelivery needed", async () => {
    upstream().override("videos", () =>
      upstream().calls.videos === 1 ? json(youtubeRateBody(429), 429, { "Retry-After": "1" }) : undefined,
    );
    const { token, listId, job } = await startedJob(10);
    expect(await waitForJob(token, job.id, { timeoutMs: JOB_WAIT_MS })).toMatchObject({ status: "completed" });
    const { job: done } = await expectJobEnded(token, listId, job.id);
    expect(done).toMatchObject({ total: 10, processed: 10, failed: 0 });
    expect(upstream().calls.videos).toBe(2);
    expect(upstream().calls.generateContent).toBe(1);
  });

  it.each(["rateLimitExceeded", "userRateLimitExceeded"] as const)(
    "403 %s is a per-minute throttle, not a failure: waited out, every video completes",
    async (reason) => {
      const { token, listId, job, messages } = await jobToDeliver(ids(6));
      upstream().override("videos", () =>
        upstream().calls.videos === 1 ? json(youtubeRateLimitBody(reason), 403) : undefined,
      );
      const result = await deliver(messages, 1, withOwnCredentials());
      expect(result.retryMessages).toHaveLength(0);
      expect(result.explicitAcks).toHaveLength(6);
      const { job: done } = await expectJobEnded(token, listId, job.id);
      expect(done).toMatchObject({ status: "completed", processed: 6, failed: 0 });
      expect(upstream().calls.videos).toBe(2);
    },
  );

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

describe("videos that cannot be processed fail with their own reason", () => {
  it("videos YouTube does not return are unavailable or private; the rest complete from one AI call", async () => {
    upstream().missing.add(ytId(1)).add(ytId(4)).add(ytId(9));
    const { token, listId, job } = await startedJob(12);
    await waitForJob(token, job.id, { timeoutMs: JOB_WAIT_MS });
    const { job: done, videos } = await expectJobEnded(token, listId, job.id);
    expect(done).toMatchObject({ status: "completed_with_errors", total: 12, processed: 9, failed: 3 });
    for (const video of videos) {
      if (upstream().missing.has(video.youtubeId)) {
        expect(video.status).toBe("failed");
        expect(video.error).toBe(UNAVAILABLE);
        expect(video.title).toBeNull();
      } else {
        expect(video.status).toBe("completed");
        expect(video.error).toBeNull();
        expect(Object.keys(video.fields ?? {}).sort()).toEqual(["has_code", "level", "topic"]);
      }
    }
    expect(upstream().calls.videos).toBe(1);
    expect(upstream().calls.generateContent).toBe(1);
    expect(upstream().geminiRequests[0]?.youtubeIds).toHaveLength(9);
  });

  it("without an API key, oEmbed's 401 (embedding disabled) and 403 (private) fail videos with different reasons", async () => {
    const { token, listId, job, messages } = await jobToDeliver(ids(5));
    upstream().embedDisabled.add(ytId(1));
    upstream().missing.add(ytId(3));
    await deliver(messages, 1, { ...env, YOUTUBE_API_KEY: "" });
    const { job: done, videos } = await expectJobEnded(token, listId, job.id);
    expect(done).toMatchObject({ status: "completed_with_errors", processed: 3, failed: 2 });
    const byId = new Map(videos.map((video) => [video.youtubeId, video]));
    expect(byId.get(ytId(1))).toMatchObject({ status: "failed", error: EMBED_DISABLED });
    expect(byId.get(ytId(3))).toMatchObject({ status: "failed", error: UNAVAILABLE });
    expect(byId.get(ytId(0))).toMatchObject({ status: "completed", title: expect.any(String) });
    expect(upstream().calls.videos).toBe(0);
  });

  it("a live broadcast (P0D) completes with an unknown duration, not 0", async () => {
    const { token, listId, job, messages } = await jobToDeliver(["liveStream1", ytId(0)]);
    await deliver(messages);
    const { videos } = await expectJobEnded(token, listId, job.id);
    const live = videos.find((video) => video.youtubeId === "liveStream1");
    expect(live).toMatchObject({ status: "completed", durationSeconds: null });
    expect(upstream().geminiRequests[0]?.body.contents?.[0]?.parts?.[0]?.text).toMatch(/Duration: \(unknown\)/);
  });
});

describe("configuration the upstream rejects fails the job, naming the setting", () => {
  it("a rejected Gemini key fails the job after one call, not one per video; its videos are pending again", async () => {
    upstream().override("generateContent", () => json(keyInvalidBody("generativelanguage.googleapis.com"), 400));
    const { token, listId, job } = await startedJob(20);
    const failed = await waitForJob(token, job.id, { timeoutMs: JOB_WAIT_MS });
    expect(failed).toMatchObject({ status: "failed", processed: 0, failed: 0 });
    expect(failed.errorMessage).toMatch(/GEMINI_API_KEY/);
    const { videos } = await expectJobEnded(token, listId, job.id);
    expect(videos.map((video) => video.status)).toEqual(Array(20).fill("pending"));
    expect(upstream().calls.generateContent).toBe(1);
  });

  it("a retired model (404 NOT_FOUND) fails the job at once with a message naming GEMINI_MODEL", async () => {
    upstream().override("generateContent", () => json(modelNotFoundBody("gemini-2.5-flash"), 404));
    const { token, listId, job, messages } = await jobToDeliver(ids(8));
    await deliver(messages, 1, { ...withOwnCredentials(), GEMINI_MODEL: "gemini-2.5-flash" });
    const { job: failed, videos } = await expectJobEnded(token, listId, job.id);
    expect(failed.status).toBe("failed");
    expect(failed.errorMessage).toMatch(/gemini-2\.5-flash/);
    expect(failed.errorMessage).toMatch(/GEMINI_MODEL/);
    expect(videos.map((video) => video.status)).toEqual(Array(8).fill("pending"));
    expect(upstream().calls.generateContent).toBe(1);
  });
});

describe("Gemini throttles are waited out", () => {
  it("a per-minute 429 (QuotaFailure per minute, RetryInfo, no Retry-After) is waited out: every video completes", async () => {
    upstream().override("generateContent", () =>
      upstream().calls.generateContent === 1
        ? json(geminiQuotaBody("gemini-3.5-flash-lite", "minute", 1, 15), 429)
        : undefined,
    );
    const { token, listId, job, messages } = await jobToDeliver(ids(6));
    const result = await deliver(messages, 1, withOwnCredentials());
    expect(result.retryMessages).toHaveLength(0);
    const { job: done } = await expectJobEnded(token, listId, job.id);
    expect(done).toMatchObject({ status: "completed", processed: 6, failed: 0 });
    expect(upstream().calls.generateContent).toBe(2);
  });
});

describe("a batched answer that is not right for every video costs only those videos", () => {
  it("an item left out is asked again alone, and completes when answered", async () => {
    upstream().model.omits = (id) => id === ytId(3) && (upstream().geminiRequests.at(-1)?.youtubeIds.length ?? 0) > 1;
    const { token, listId, job, messages } = await jobToDeliver(ids(8));
    await deliver(messages);
    const { job: done } = await expectJobEnded(token, listId, job.id);
    expect(done).toMatchObject({ status: "completed", processed: 8, failed: 0 });
    expect(upstream().geminiRequests.map((request) => request.youtubeIds.length)).toEqual([8, 1]);
    expect(upstream().geminiRequests[1]?.youtubeIds).toEqual([ytId(3)]);
  });

  it("an item left out twice: that video keeps its metadata, says why, and a normal Process takes it again", async () => {
    upstream().model.omits = (id) => id === ytId(3);
    const { token, listId, job, messages } = await jobToDeliver(ids(8));
    await deliver(messages);
    const { job: done, videos } = await expectJobEnded(token, listId, job.id);
    expect(done).toMatchObject({ status: "completed_with_errors", processed: 7, failed: 1 });
    await expectNotProcessed(
      token,
      listId,
      videos.filter((video) => video.youtubeId === ytId(3)),
      /no usable answer/,
    );
    expect(upstream().calls.generateContent).toBe(2);

    upstream().model.omits = undefined;
    const again = await callJson(`/api/lists/${listId}/process`, { token, body: {}, expect: 201 });
    expect(again.total).toBe(1);
  });

  it("an answer cut at MAX_TOKENS is split in half and each half asked again", async () => {
    // The model's ceiling fits the answer for 4 of these videos, not 8.
    upstream().model.outputTokenLimit = 100;
    const { token, listId, job, messages } = await jobToDeliver(ids(8));
    await deliver(messages);
    const { job: done } = await expectJobEnded(token, listId, job.id);
    expect(done).toMatchObject({ status: "completed", processed: 8, failed: 0 });
    expect(upstream().geminiRequests.map((request) => request.youtubeIds.length)).toEqual([8, 4, 4]);
  });

  it.each([
    ["the candidate stops with SAFETY", "finish" as const],
    ["the prompt is blocked", "prompt" as const],
  ])("when %s for one video, halving isolates it: only it goes without fields, with the reason", async (_, how) => {
    upstream().model.blocks = (id) => (id === ytId(5) ? how : null);
    const { token, listId, job, messages } = await jobToDeliver(ids(8));
    await deliver(messages);
    const { job: done, videos } = await expectJobEnded(token, listId, job.id);
    expect(done).toMatchObject({ status: "completed_with_errors", processed: 7, failed: 1 });
    await expectNotProcessed(
      token,
      listId,
      videos.filter((video) => video.youtubeId === ytId(5)),
      /declined this video.*SAFETY/,
    );
    // 8 → 4 + 4 → the blocked half: 2 (blocked: 1 + 1) + 2.
    expect(upstream().geminiRequests.map((request) => request.youtubeIds.length)).toEqual([8, 4, 4, 2, 1, 1, 2]);
  });

  it("answers with thought parts are read past them", async () => {
    upstream().model.thoughts = true;
    const { token, listId, job, messages } = await jobToDeliver(ids(3));
    await deliver(messages);
    const { job: done, videos } = await expectJobEnded(token, listId, job.id);
    expect(done).toMatchObject({ status: "completed", processed: 3 });
    for (const video of videos) expect(Object.keys(video.fields ?? {}).sort()).toEqual(["has_code", "level", "topic"]);
  });

  it("an answer that is never JSON is asked once more, then the videos keep their metadata and say why", async () => {
    upstream().override("generateContent", () => modelSays("Sure! These videos are for beginners and have code."));
    const { token, listId, job, messages } = await jobToDeliver(ids(6));
    await deliver(messages);
    const { job: done, videos } = await expectJobEnded(token, listId, job.id);
    expect(done).toMatchObject({ status: "completed_with_errors", processed: 0, failed: 6 });
    await expectNotProcessed(token, listId, videos, /not JSON/);
    // Asked once more, then given up on: no endless retries.
    expect(upstream().calls.generateContent).toBe(2);
  });

  it("stores null for values outside a field's type or options, and keeps the valid ones", async () => {
    upstream().override("generateContent", (request) =>
      answerEach(request, () => ({ level: "expert", topic: "Rust", has_code: "maybe" })),
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
