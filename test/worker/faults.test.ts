/**
 * Faults not covered elsewhere, driven through the real consumer, D1 and ProgressHub:
 * upstreams that hang until the deadline aborts them, YouTube answering HTML or garbled JSON,
 * a 500 then a 200 across deliveries, a chunk of a large batch failing, 1,000 concurrent single
 * adds to one list, and every WebSocket dropped by the runtime (as on deploy) mid-job.
 *
 * Every test ends in `expectJobEnded`: the job is finished, `processed + failed == total` when it
 * ran to the end, each video is completed, failed with an error, or pending after a cancel, and
 * the job's counters equal its videos' statuses (nothing counted twice or lost).
 */
import { abortAllDurableObjects, env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { hubFor } from "../../src/durable/hub-client";
import { LAST_AI_ATTEMPT } from "../../src/queue/video-work";
import type { ProgressEvent } from "../../src/shared/protocol";
import { youtubeRateBody } from "../support/fake-upstream-data";
import { addVideos, allVideos, call, callJson, createList, signUp, ytId } from "./helpers";
import { useFakeUpstream } from "./support/fake-upstream-fetch";
import {
  deliver,
  FINISHED,
  jobRow,
  startJobWithoutSending,
  until,
  videoStatuses,
  withHubOverrides,
} from "./support/jobs";
import { connectProgressSocket, type ProgressSocket } from "./support/progress-socket";

const FIELDS = [
  { key: "level", label: "Level", type: "enum", options: ["easy", "medium", "hard"] },
  { key: "topic", label: "Topic", type: "text" },
];

const upstream = useFakeUpstream();
/** Undoes the shortened upstream deadline of `hangUntilAborted`. */
let restoreDeadline: (() => void) | undefined;
afterEach(() => restoreDeadline?.());

const ids = (count: number, from = 0) => Array.from({ length: count }, (_, i) => ytId(from + i));
const settle = (ms = 100) => new Promise((resolve) => setTimeout(resolve, ms));
const html = (status: number) =>
  new Response("<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>", {
    status,
    headers: { "content-type": "text/html; charset=UTF-8" },
  });

/**
 * A user with a list of `count` videos and a job over all of them whose messages the test
 * delivers; `beforeStart` runs just before the job starts (to open a socket first).
 */
async function jobOf(count: number, fields: unknown[] = [], beforeStart?: (token: string) => Promise<void>) {
  const { token, userId } = await signUp("faults");
  const list = await createList(token, { name: "Faults", fields });
  await addVideos(token, list.id, ids(count));
  await beforeStart?.(token);
  const { job, messages } = await startJobWithoutSending(userId, list.id);
  return { token, userId, listId: list.id, job, messages };
}

/**
 * Upstream calls that never answer on their own: each waits for its abort signal, as a stalled
 * connection does. The providers' deadline (AbortSignal.timeout, 10–30 s) is shortened to `ms`
 * so the real path — the runtime aborting the fetch — runs in milliseconds.
 */
function hangUntilAborted(ms = 50) {
  const realTimeout = AbortSignal.timeout.bind(AbortSignal);
  const deadlines: number[] = [];
  const spy = vi.spyOn(AbortSignal, "timeout").mockImplementation((requested) => {
    deadlines.push(requested);
    return realTimeout(ms);
  });
  restoreDeadline = () => spy.mockRestore();
  const hang = (request: Request) =>
    new Promise<Response>((_resolve, reject) => {
      const { signal } = request;
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener("abort", () => reject(signal.reason));
    });
  return { hang, deadlines };
}

/** Nothing about the job has been counted, and no video was failed by a transient fault. */
async function expectNothingCounted(jobId: string) {
  expect(await jobRow(jobId)).toMatchObject({ status: "running", processed: 0, failed: 0 });
  const statuses = await videoStatuses(jobId);
  expect(statuses.completed ?? 0).toBe(0);
  expect(statuses.failed ?? 0).toBe(0);
}

/** The invariants every fault ends with; returns the job as the API shows it. */
async function expectJobEnded(token: string, listId: string, jobId: string) {
  const job = await callJson(`/api/jobs/${jobId}`, { token, expect: 200 });
  expect(FINISHED, JSON.stringify(job)).toContain(job.status);
  expect(job.finishedAt).toEqual(expect.any(String));
  if (job.status === "completed" || job.status === "completed_with_errors") {
    expect(job.processed + job.failed).toBe(job.total);
    expect(job.progress).toBe(100);
  }
  // The counters are exactly the videos' outcomes: nothing counted twice, nothing lost.
  expect(job.videos.queued + job.videos.processing, JSON.stringify(job)).toBe(0);
  expect(job.videos.completed).toBe(job.processed);
  expect(job.videos.failed).toBe(job.failed);
  expect(await jobRow(jobId)).toMatchObject({ status: job.status, processed: job.processed, failed: job.failed });
  for (const video of await allVideos(token, listId)) {
    if (video.status === "completed") expect(video.title, video.youtubeId).toEqual(expect.any(String));
    else if (video.status === "failed") expect(video.error, video.youtubeId).toMatch(/\S/);
    else {
      expect(video.status, video.youtubeId).toBe("pending");
      expect(["cancelled", "failed"]).toContain(job.status);
    }
  }
  // The last event a client can read says the same as the job.
  const history = await callJson(`/api/jobs/${jobId}/progress-history?after=0&limit=500`, { token, expect: 200 });
  expect(history.nextAfter).toBeNull();
  expect(history.items.at(-1)).toMatchObject({
    status: job.status,
    processed: job.processed,
    failed: job.failed,
    total: job.total,
  });
  return job;
}

describe("upstream timeouts", () => {
  it("a videos.list call that never answers is abandoned at the deadline: retried with backoff, nothing counted", async () => {
    const { token, listId, job, messages } = await jobOf(10, FIELDS);
    const { hang, deadlines } = hangUntilAborted();
    upstream().override("videos", hang);

    const started = Date.now();
    const result = await deliver(messages);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(deadlines).toContain(10_000); // the provider asked for its real deadline
    expect(result.explicitAcks).toHaveLength(0);
    expect(result.retryMessages).toHaveLength(10);
    expect(result.retryDelays).toEqual(Array(10).fill(5));
    expect(upstream().calls.generateContent).toBe(0);
    await expectNothingCounted(job.id);

    // YouTube answers again on the redelivery.
    upstream().override("videos", () => undefined);
    const second = await deliver(messages, 2);
    expect(second.explicitAcks).toHaveLength(10);
    const done = await expectJobEnded(token, listId, job.id);
    expect(done).toMatchObject({ status: "completed", total: 10, processed: 10, failed: 0 });
  });

  it("a later attempt that times out again backs off longer", async () => {
    const { token, listId, job, messages } = await jobOf(3);
    upstream().override("videos", hangUntilAborted().hang);
    expect((await deliver(messages, 3)).retryDelays).toEqual([20, 20, 20]);
    await expectNothingCounted(job.id);
    restoreDeadline?.();
    upstream().override("videos", () => undefined);
    await deliver(messages, 4);
    expect(await expectJobEnded(token, listId, job.id)).toMatchObject({ status: "completed", processed: 3 });
  });

  it("a Gemini call that never answers is retried; on the last attempts the videos keep their metadata, unprocessed, with the reason", async () => {
    const { token, listId, job, messages } = await jobOf(4, FIELDS);
    const { hang, deadlines } = hangUntilAborted();
    upstream().override("generateContent", hang);

    const first = await deliver(messages);
    expect(deadlines).toContain(60_000);
    expect(first.retryMessages).toHaveLength(4);
    expect(first.retryDelays.every((delay) => (delay ?? 0) >= 5)).toBe(true);
    await expectNothingCounted(job.id);

    // Still hanging on the last AI attempt: the metadata is kept, the fields are not filled, the
    // reason is shown, and the videos are not processed: a normal Process takes them again.
    await deliver(messages, LAST_AI_ATTEMPT);
    const done = await expectJobEnded(token, listId, job.id);
    expect(done).toMatchObject({ status: "completed_with_errors", total: 4, processed: 0, failed: 4 });
    for (const video of await allVideos(token, listId)) {
      expect(video.status).toBe("failed");
      expect(video.title).toEqual(expect.any(String));
      expect(video.fields ?? {}).toEqual({});
      expect(video.processedVersion).toBeNull();
      expect(video.error).toMatch(/^AI fields not filled: .*did not answer within/);
    }
  });

  it("an oEmbed call that never answers (no API key) is retried, then the job completes", async () => {
    const { token, listId, job, messages } = await jobOf(5);
    const keyless = { ...env, YOUTUBE_API_KEY: "" };
    upstream().override("oembed", hangUntilAborted().hang);
    const first = await deliver(messages, 1, keyless);
    expect(first.retryMessages).toHaveLength(5);
    expect(upstream().calls.videos).toBe(0);
    await expectNothingCounted(job.id);

    restoreDeadline?.();
    upstream().override("oembed", () => undefined);
    await deliver(messages, 2, keyless);
    expect(await expectJobEnded(token, listId, job.id)).toMatchObject({ status: "completed", processed: 5 });
  });
});

describe("YouTube answers that are not the JSON asked for", () => {
  it.each([
    ["an HTML error page with 200", () => html(200)],
    ["an HTML error page with 502", () => html(502)],
    [
      "JSON cut off mid-body",
      () => new Response('{"kind":"youtube#videoListResponse","items":[{"id":"vid0', { status: 200 }),
    ],
    ["JSON of another shape", () => Response.json({ kind: "youtube#videoListResponse", pageInfo: {} })],
    ["an empty 200", () => new Response("", { status: 200 })],
  ])("%s is retried, never failed; the next delivery completes the job", async (_label, answer) => {
    const { token, listId, job, messages } = await jobOf(8, FIELDS);
    upstream().override("videos", answer);
    const first = await deliver(messages);
    expect(first.retryMessages).toHaveLength(8);
    expect(first.retryDelays).toEqual(Array(8).fill(5));
    await expectNothingCounted(job.id);

    upstream().override("videos", () => undefined);
    await deliver(messages, 2);
    const done = await expectJobEnded(token, listId, job.id);
    expect(done).toMatchObject({ status: "completed", processed: 8, failed: 0 });
    for (const video of await allVideos(token, listId)) expect(video.error).toBeNull();
  });

  it("a 500 then a 200 across two deliveries completes the job, with one YouTube call each", async () => {
    const { token, listId, job, messages } = await jobOf(12);
    upstream().override("videos", () =>
      upstream().calls.videos === 1 ? Response.json(youtubeRateBody(500), { status: 500 }) : undefined,
    );
    const first = await deliver(messages);
    expect(first.retryMessages).toHaveLength(12);
    await expectNothingCounted(job.id);
    await deliver(messages, 2);
    expect(upstream().calls.videos).toBe(2);
    const done = await expectJobEnded(token, listId, job.id);
    expect(done).toMatchObject({ status: "completed", total: 12, processed: 12, failed: 0 });
  });

  it("one failing chunk of a 120-video batch retries only that chunk's videos; each video is counted once", async () => {
    const { token, listId, job, messages } = await jobOf(120);
    // Three videos.list calls of ≤ 50 ids; the one holding the 60th video answers an HTML 502.
    upstream().override("videos", (_request, url) =>
      upstream().calls.videos <= 3 && (url.searchParams.get("id") ?? "").includes(ytId(60)) ? html(502) : undefined,
    );
    const first = await deliver(messages);
    expect(upstream().calls.videos).toBe(3);
    expect(first.retryMessages).toHaveLength(50);
    expect(first.explicitAcks).toHaveLength(70);
    // Reported per AI call; the hub writes counters to D1 at most once a second.
    await until("the 70 counted in D1", async () => (await jobRow(job.id)).processed === 70);
    expect(await jobRow(job.id)).toMatchObject({ status: "running", processed: 70, failed: 0 });

    await deliver(messages, 2); // the runtime redelivers, here along with duplicates of the rest
    await deliver(messages, 2); // and once more, as a duplicate delivery
    expect(upstream().calls.videos).toBe(4);
    const done = await expectJobEnded(token, listId, job.id);
    expect(done).toMatchObject({ status: "completed", total: 120, processed: 120, failed: 0 });
  });
});

describe("1,000 concurrent single adds to one list", () => {
  it("answer 201 or 409, never 500, and store each distinct video exactly once", { timeout: 120_000 }, async () => {
    const { token, userId } = await signUp("concurrent");
    const list = await createList(token, { name: "Stampede" });
    const distinct = ids(300, 5_000);
    // Each id arrives three or four times, in different URL shapes, interleaved.
    const shapes = [
      (id: string) => id,
      (id: string) => `https://youtu.be/${id}`,
      (id: string) => `https://www.youtube.com/watch?v=${id}&t=42`,
      (id: string) => `m.youtube.com/shorts/${id}`,
    ];
    const inputs = Array.from({ length: 1000 }, (_, i) => ({
      id: distinct[i % 300]!,
      url: shapes[Math.floor(i / 300) % shapes.length]!(distinct[i % 300]!),
    }));

    const responses = await Promise.all(
      inputs.map(async ({ id, url }) => {
        const res = await call(`/api/lists/${list.id}/videos`, { token, body: { url } });
        return { id, status: res.status, body: (await res.json()) as any };
      }),
    );

    const byStatus: Record<string, typeof responses> = {};
    for (const response of responses) byStatus[response.status] = [...(byStatus[response.status] ?? []), response];
    expect(Object.keys(byStatus).sort(), JSON.stringify(responses.find((r) => r.status >= 500)?.body)).toEqual([
      "201",
      "409",
    ]);
    const created = byStatus["201"]!;
    expect(created).toHaveLength(300);
    expect(new Set(created.map((r) => r.body.youtubeId))).toEqual(new Set(distinct));
    for (const r of created) expect(r.body).toMatchObject({ youtubeId: r.id, status: "pending" });
    const conflicts = byStatus["409"]!;
    expect(conflicts).toHaveLength(700);
    const videoIdOf = new Map(created.map((r) => [r.id, r.body.id]));
    for (const r of conflicts) {
      expect(r.body.error.code).toBe("conflict");
      expect(r.body.error.details).toEqual({ videoId: videoIdOf.get(r.id) });
    }

    const { results } = await env.DB.prepare(
      "SELECT youtube_id, count(*) AS n FROM videos WHERE list_id = ? GROUP BY youtube_id",
    )
      .bind(list.id)
      .all<{ youtube_id: string; n: number }>();
    expect(results).toHaveLength(300);
    expect(results.every((row) => row.n === 1)).toBe(true);
    expect(await callJson(`/api/lists/${list.id}`, { token, expect: 200 })).toMatchObject({ videoCount: 300 });

    // And the list processes as any other: one job over exactly those 300 videos.
    const { job, messages } = await startJobWithoutSending(userId, list.id);
    expect(job.total).toBe(300);
    for (let i = 0; i < messages.length; i += 100) await deliver(messages.slice(i, i + 100));
    expect(await expectJobEnded(token, list.id, job.id)).toMatchObject({ status: "completed", processed: 300 });
  });
});

/**
 * Bindings whose ProgressHub stubs let `report` reach the hub and be counted, then reset every
 * Durable Object and lose the answer, as when the runtime restarts between the two.
 */
function withHubResetAfterReport(): Cloudflare.Env {
  return withHubOverrides({
    report: async (real, ...args) => {
      await real(...args);
      await abortAllDurableObjects();
      throw new Error("Network connection lost.");
    },
  });
}

describe("every WebSocket dropped by the server mid-job (as on deploy)", () => {
  it("a client reconnecting with after=<last seq> receives exactly what it missed, and the final counts are exact", async () => {
    let tab: ProgressSocket | undefined;
    const { token, listId, job, messages } = await jobOf(40, [], async (token) => {
      tab = await connectProgressSocket(token);
    });
    if (!tab) throw new Error("no socket");
    await deliver(messages.slice(0, 10));
    await settle(400); // past the coalescing window, so the last event is out
    const seen = tab.progress();
    expect(seen[0]).toMatchObject({ jobId: job.id, message: expect.stringMatching(/Started/) });
    expect(seen.length).toBeGreaterThan(0);
    const lastSeen = seen.at(-1)!.seq;

    await abortAllDurableObjects();
    const close = await Promise.race([tab.closed, settle(2_000).then(() => null)]);
    expect(close, "the server-side reset closes the socket").not.toBeNull();

    // Work goes on while the client is away: a new hub instance picks up from its storage.
    await deliver(messages.slice(10, 25));
    await deliver(messages.slice(5, 15)); // a redelivery across the restart
    await settle(400);
    expect(tab.progress().at(-1)!.seq).toBe(lastSeen); // the dead socket heard nothing more

    const back = await connectProgressSocket(token, lastSeen);
    await settle();
    const replayed = back.progress();
    const missed = await callJson(`/api/jobs/${job.id}/progress-history?after=${lastSeen}&limit=500`, {
      token,
      expect: 200,
    });
    expect(missed.items.length).toBeGreaterThan(0);
    expect(replayed).toEqual(missed.items);
    expect(back.frames[0]).toMatchObject({ type: "snapshot", jobs: [{ id: job.id, status: "running" }] });

    await deliver(messages.slice(25));
    await settle();
    // Seen before the drop + replayed + live after = the whole history, in order, no gaps or repeats.
    const all = await callJson(`/api/jobs/${job.id}/progress-history?after=0&limit=500`, { token, expect: 200 });
    expect([...seen, ...back.progress()].map((event) => event.seq)).toEqual(all.items.map((e: ProgressEvent) => e.seq));
    expect(back.progress().at(-1)).toMatchObject({ status: "completed", total: 40, processed: 40, failed: 0 });
    back.ws.close(1000, "bye");

    expect(await expectJobEnded(token, listId, job.id)).toMatchObject({ status: "completed", processed: 40 });
  });

  it("a hub reset right after it counted a report, before the consumer heard back: redelivered, counted once", async () => {
    const { token, userId, listId, job, messages } = await jobOf(30);
    await deliver(messages.slice(0, 10));
    const hub = hubFor(env, userId);

    const lost = await deliver(messages.slice(10, 20), 1, withHubResetAfterReport());
    expect(lost.explicitAcks).toHaveLength(0);
    expect(lost.retryMessages).toHaveLength(10);
    expect(lost.retryDelays).toEqual(Array(10).fill(5));
    // The hub did count them before the reset: offered again, none is new.
    const again = messages.slice(10, 20).map((m) => ({ videoId: m.videoId, status: "completed" as const }));
    expect(await hub.report(job.id, again)).toEqual({ counted: 0, status: "running" });

    await deliver(messages.slice(10, 20), 2); // the runtime redelivers the unacknowledged batch
    await deliver(messages.slice(10)); // and a duplicate of everything after, for good measure
    const done = await expectJobEnded(token, listId, job.id);
    expect(done).toMatchObject({ status: "completed", total: 30, processed: 30, failed: 0 });
  });

  it("a cancel across a hub reset leaves finished videos counted and the rest pending", async () => {
    const { token, listId, job, messages } = await jobOf(20);
    await deliver(messages.slice(0, 8));
    await abortAllDurableObjects();
    await callJson(`/api/jobs/${job.id}/cancel`, { token, method: "POST", expect: 200 });
    await deliver(messages); // late deliveries after the cancel change nothing
    const done = await expectJobEnded(token, listId, job.id);
    expect(done).toMatchObject({ status: "cancelled", total: 20, processed: 8, failed: 0 });
    expect(done.videos).toMatchObject({ completed: 8, pending: 0 });
    const statuses = (await allVideos(token, listId)).map((video) => video.status);
    expect(statuses.filter((status) => status === "pending")).toHaveLength(12);
  });
});
