/**
 * The jobs API as a user drives it, against the real queue, D1 and ProgressHub: what Process
 * selects, Idempotency-Key, one active job per list, pause/resume/cancel/retry, listing jobs and
 * isolation. Upstream is faked at `fetch`; a gate on videos.list holds a batch mid-flight so a
 * job can be caught while it runs. Every test ends by checking what a user would see when the job
 * is over: counts that add up, and every video completed, failed with an error, or pending again.
 */
import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Video } from "../../src/shared/schemas/videos";
import {
  addVideos,
  allVideos,
  call,
  callJson,
  createList,
  expectErrorResponse,
  signUp,
  walkPages,
  ytId,
} from "./helpers";
import { useFakeUpstream } from "./support/fake-upstream-fetch";
import {
  deliver,
  expectJobOverAndCounted,
  getJob,
  releaseHubSends,
  startJobWithoutSending,
  until,
  waitForJob,
} from "./support/jobs";

const FIELDS = [{ key: "level", label: "Level", type: "enum", options: ["easy", "medium", "hard"] }];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ytId(from + i));

/** Holds upstream calls until opened. Polls a flag, so nothing crosses request contexts. */
class Gate {
  private opened = false;
  open() {
    this.opened = true;
  }
  async pass() {
    while (!this.opened) await sleep(10);
  }
}

const upstream = useFakeUpstream();
/** Videos sent to the AI so far (several per call). */
const askedOfAi = () => upstream().geminiRequests.flatMap((request) => request.youtubeIds).length;
let gates: Gate[] = [];
const newGate = () => {
  const gate = new Gate();
  gates.push(gate);
  return gate;
};

// Jobs pass through the queue's 1 s batch window several times per test.
vi.setConfig({ testTimeout: 15_000 });

afterEach(() => {
  // A failed test must not leave a batch parked: the local queue delivers one batch at a time.
  for (const gate of gates) gate.open();
  gates = [];
});

const post = (path: string, token: string, body?: unknown, headers?: Record<string, string>) =>
  call(path, { token, method: "POST", body, headers });
const startProcess = (token: string, listId: string, body: unknown = {}, headers?: Record<string, string>) =>
  post(`/api/lists/${listId}/process`, token, body, headers);

async function status(token: string, listId: string) {
  const s = await callJson(`/api/lists/${listId}/processing-status`, { token, expect: 200 });
  // Every video is in exactly one bucket.
  expect(s.new + s.processed + s.needsRerun + s.failed + s.active, JSON.stringify(s)).toBe(s.total);
  return s;
}

async function videosOfJob(jobId: string) {
  const { results } = await env.DB.prepare(
    "SELECT id, youtube_id, status, error, title, processed_version FROM videos WHERE job_id = ? ORDER BY youtube_id",
  )
    .bind(jobId)
    .all<{
      id: string;
      youtube_id: string;
      status: string;
      error: string | null;
      title: string | null;
      processed_version: string | null;
    }>();
  return results;
}

/**
 * What a user sees once a job is over: it is finished with a finishedAt, its counts agree with
 * its videos, `processed + failed == total` unless it stopped early, and each video it holds is
 * completed or failed with a reason. A job that stopped early holds only the videos it finished:
 * it gave every other one back as it was before.
 */
async function expectJobEnded(token: string, jobId: string) {
  const job = await getJob(token, jobId);
  expectJobOverAndCounted(job);
  const rows = await videosOfJob(jobId);
  const stoppedEarly = ["cancelled", "failed"].includes(job.status);
  expect(rows).toHaveLength(stoppedEarly ? job.processed + job.failed : job.total);
  for (const row of rows) {
    if (row.status === "completed") expect(row.title, row.id).toEqual(expect.any(String));
    else expect(row.error, row.id).toMatch(/\S/);
  }
  return job;
}

async function videosOfList(listId: string) {
  const { results } = await env.DB.prepare(
    "SELECT id, status, error, title, processed_version, job_id FROM videos WHERE list_id = ? ORDER BY youtube_id",
  )
    .bind(listId)
    .all<{ id: string; status: string; error: string | null; title: string | null; job_id: string | null }>();
  return results;
}

async function jobRowsOfList(listId: string) {
  const { results } = await env.DB.prepare("SELECT id, status FROM jobs WHERE list_id = ?").bind(listId).all();
  return results;
}

async function listWith(token: string, count: number, name = "Talks") {
  const list = await createList(token, { name, fields: FIELDS });
  const videos = await addVideos(token, list.id, ids(0, count));
  return { list, videos };
}

describe("Idempotency-Key and one active job per list", () => {
  it("returns the same job for the same key, and enqueues its videos once", async () => {
    const { token } = await signUp();
    const { list } = await listWith(token, 30);
    const key = { "Idempotency-Key": `key-${crypto.randomUUID()}` };

    const first = await startProcess(token, list.id, {}, key);
    expect(first.status).toBe(201);
    const job = await first.json<any>();
    expect(job).toMatchObject({ status: "running", total: 30, processed: 0, failed: 0, progress: 0, force: false });

    const second = await startProcess(token, list.id, {}, key);
    expect(second.status).toBe(200);
    expect(await second.json<any>()).toMatchObject({ id: job.id, total: 30 });

    const done = await waitForJob(token, job.id);
    expect(done).toMatchObject({ status: "completed", total: 30, processed: 30, failed: 0 });
    await expectJobEnded(token, job.id);

    // Still the same job once it is over: no second job, nothing new enqueued.
    const third = await startProcess(token, list.id, {}, key);
    expect(third.status).toBe(200);
    expect(await third.json<any>()).toMatchObject({ id: job.id, status: "completed", total: 30, processed: 30 });
    // The same request spelled another way is still the same request.
    const spelled = await startProcess(token, list.id, { force: false }, key);
    expect(spelled.status).toBe(200);
    expect(await spelled.json<any>()).toMatchObject({ id: job.id });
    await sleep(1_300); // longer than the queue's batch timeout: anything enqueued would show up
    expect(askedOfAi()).toBe(30);
    expect(upstream().videoIdsPerCall.flat().sort()).toEqual(ids(0, 30));
    expect(await jobRowsOfList(list.id)).toHaveLength(1);

    // A day later the key is free again and starts a new job.
    await env.DB.prepare("UPDATE jobs SET created_at = '2020-01-01T00:00:00.000Z' WHERE id = ?").bind(job.id).run();
    const later = await startProcess(token, list.id, { force: true }, key);
    expect(later.status).toBe(201);
    const next = await later.json<any>();
    expect(next.id).not.toBe(job.id);
    await waitForJob(token, next.id);
    expect(await expectJobEnded(token, next.id)).toMatchObject({ status: "completed", processed: 30 });
  });

  it("answers 409 job_active naming the running job to a second process request", async () => {
    const { token } = await signUp();
    const { list } = await listWith(token, 5);
    const gate = newGate();
    upstream().override("videos", async () => {
      await gate.pass();
      return undefined;
    });
    const job = await callJson(`/api/lists/${list.id}/process`, {
      token,
      body: {},
      headers: { "Idempotency-Key": "first" },
      expect: 201,
    });
    await until("the batch to reach YouTube", () => upstream().calls.videos >= 1);

    const otherKey = await expectErrorResponse(
      await startProcess(token, list.id, {}, { "Idempotency-Key": "second" }),
      409,
      "job_active",
    );
    expect(otherKey.details).toEqual({ jobId: job.id });
    const noKey = await expectErrorResponse(await startProcess(token, list.id, { force: true }), 409, "job_active");
    expect(noKey.details).toEqual({ jobId: job.id });
    expect((await status(token, list.id)).activeJobId).toBe(job.id);

    gate.open();
    await waitForJob(token, job.id);
    await expectJobEnded(token, job.id);
    // The refused key was not used up: it now starts a job of its own.
    const forced = await startProcess(token, list.id, { force: true }, { "Idempotency-Key": "second" });
    expect(forced.status).toBe(201);
    const next = await forced.json<any>();
    expect(next.id).not.toBe(job.id);
    await waitForJob(token, next.id);
    await expectJobEnded(token, next.id);
    expect(await jobRowsOfList(list.id)).toHaveLength(2);
  });

  it("creates exactly one job when two process requests race", async () => {
    const { token } = await signUp();
    const { list } = await listWith(token, 8);
    const responses = await Promise.all([startProcess(token, list.id), startProcess(token, list.id)]);
    const byStatus = responses.sort((a, b) => a.status - b.status);
    expect(byStatus.map((r) => r.status)).toEqual([201, 409]);
    const job = await byStatus[0]!.json<any>();
    const conflict = await expectErrorResponse(byStatus[1]!, 409, "job_active");
    expect(conflict.details).toEqual({ jobId: job.id });
    expect(await jobRowsOfList(list.id)).toEqual([{ id: job.id, status: "running" }]);

    await waitForJob(token, job.id);
    expect(await expectJobEnded(token, job.id)).toMatchObject({ status: "completed", total: 8, processed: 8 });
    expect(askedOfAi()).toBe(8);
  });

  it("creates exactly one job when two requests with the same key race", async () => {
    const { token } = await signUp();
    const { list } = await listWith(token, 8);
    const key = { "Idempotency-Key": `race-${crypto.randomUUID()}` };
    const responses = await Promise.all([startProcess(token, list.id, {}, key), startProcess(token, list.id, {}, key)]);
    const byStatus = responses.sort((a, b) => a.status - b.status);
    expect(byStatus.map((r) => r.status)).toEqual([200, 201]);
    const [again, created] = await Promise.all(byStatus.map((r) => r.json<any>()));
    expect(again.id).toBe(created.id);
    expect(await jobRowsOfList(list.id)).toHaveLength(1);

    await waitForJob(token, created.id);
    expect(await expectJobEnded(token, created.id)).toMatchObject({ status: "completed", total: 8, processed: 8 });
    expect(askedOfAi()).toBe(8);
  });
});

describe("an Idempotency-Key sent with another request", () => {
  it("is refused with 422 for another body, another list or another route, starting nothing", async () => {
    const { token } = await signUp();
    const { list } = await listWith(token, 4, "First");
    const { list: other } = await listWith(token, 3, "Second");
    const key = { "Idempotency-Key": `reused-${crypto.randomUUID()}` };
    const job = await callJson(`/api/lists/${list.id}/process`, { token, body: {}, headers: key, expect: 201 });
    await waitForJob(token, job.id);
    await expectJobEnded(token, job.id);
    const callsBefore = upstream().calls.generateContent;

    const otherBody = await expectErrorResponse(
      await startProcess(token, list.id, { force: true }, key),
      422,
      "idempotency_key_reused",
    );
    expect(otherBody.message).toMatch(/another body/);
    const otherList = await expectErrorResponse(
      await startProcess(token, other.id, {}, key),
      422,
      "idempotency_key_reused",
    );
    expect(otherList.message).toContain(`POST /lists/${list.id}/process`);
    const otherRoute = await post(`/api/jobs/${job.id}/retry`, token, undefined, key);
    await expectErrorResponse(otherRoute, 422, "idempotency_key_reused");

    expect(await jobRowsOfList(list.id)).toHaveLength(1);
    expect(await jobRowsOfList(other.id)).toHaveLength(0);
    expect((await status(token, other.id)).new).toBe(3);
    await sleep(1_300); // longer than the queue's batch timeout: anything enqueued would show up
    expect(upstream().calls.generateContent).toBe(callsBefore);

    // The same request still gets its job, and another key is free to start the other list.
    const again = await startProcess(token, list.id, {}, key);
    expect(again.status).toBe(200);
    expect(await again.json<any>()).toMatchObject({ id: job.id });
    const fresh = await callJson(`/api/lists/${other.id}/process`, {
      token,
      body: {},
      headers: { "Idempotency-Key": `fresh-${crypto.randomUUID()}` },
      expect: 201,
    });
    await waitForJob(token, fresh.id);
    expect(await expectJobEnded(token, fresh.id)).toMatchObject({ status: "completed", total: 3 });
  });

  it("is another user's own key: the same key from two users makes two jobs", async () => {
    const alice = await signUp("alice");
    const bob = await signUp("bob");
    const key = { "Idempotency-Key": `shared-${crypto.randomUUID()}` };
    const [a, b] = await Promise.all([listWith(alice.token, 2, "A"), listWith(bob.token, 2, "B")]);
    const first = await callJson(`/api/lists/${a.list.id}/process`, {
      token: alice.token,
      body: {},
      headers: key,
      expect: 201,
    });
    const second = await callJson(`/api/lists/${b.list.id}/process`, {
      token: bob.token,
      body: {},
      headers: key,
      expect: 201,
    });
    expect(second.id).not.toBe(first.id);
    await Promise.all([waitForJob(alice.token, first.id), waitForJob(bob.token, second.id)]);
    await expectJobEnded(alice.token, first.id);
    await expectJobEnded(bob.token, second.id);
  });
});

describe("what Process selects", () => {
  it("takes new and failed videos by default, all with force, and only the given videoIds", async () => {
    const { token } = await signUp();
    const empty = await createList(token, { name: "Empty" });
    await expectErrorResponse(await startProcess(token, empty.id), 400, "nothing_to_process");

    const { list, videos } = await listWith(token, 10);
    const byYt = new Map(videos.map((video) => [video.youtubeId, video]));
    upstream().missing.add(ytId(8)).add(ytId(9));
    expect(await status(token, list.id)).toMatchObject({ total: 10, new: 10, processed: 0, failed: 0, active: 0 });

    const first = await callJson(`/api/lists/${list.id}/process`, { token, body: {}, expect: 201 });
    expect(first.total).toBe(10);
    await waitForJob(token, first.id);
    expect(await expectJobEnded(token, first.id)).toMatchObject({
      status: "completed_with_errors",
      processed: 8,
      failed: 2,
    });
    for (const row of await videosOfJob(first.id)) {
      if (row.status === "failed") expect(row.error).toMatch(/unavailable or private/i);
    }

    const added = await addVideos(token, list.id, ids(10, 13));
    expect(await status(token, list.id)).toMatchObject({
      total: 13,
      new: 3,
      processed: 8,
      failed: 2,
      needsRerun: 0,
      active: 0,
      activeJobId: null,
    });

    // Default: the 2 failed and the 3 new, nothing else.
    upstream().missing.clear();
    const second = await callJson(`/api/lists/${list.id}/process`, { token, body: {}, expect: 201 });
    expect(second).toMatchObject({ total: 5, force: false });
    expect((await videosOfJob(second.id)).map((row) => row.youtube_id)).toEqual([
      ytId(8),
      ytId(9),
      ...added.map((v) => v.youtubeId),
    ]);
    await waitForJob(token, second.id);
    expect(await expectJobEnded(token, second.id)).toMatchObject({ status: "completed", processed: 5, failed: 0 });
    expect(await status(token, list.id)).toMatchObject({ total: 13, processed: 13, new: 0, failed: 0 });
    await expectErrorResponse(await startProcess(token, list.id), 400, "nothing_to_process");

    // videoIds narrows the default selection (nothing stale among them) and the forced one.
    const two = [byYt.get(ytId(0))!.id, byYt.get(ytId(1))!.id];
    await expectErrorResponse(await startProcess(token, list.id, { videoIds: two }), 400, "nothing_to_process");
    const narrowed = await callJson(`/api/lists/${list.id}/process`, {
      token,
      body: { force: true, videoIds: two },
      expect: 201,
    });
    expect(narrowed).toMatchObject({ total: 2, force: true });
    expect((await videosOfJob(narrowed.id)).map((row) => row.id).sort()).toEqual([...two].sort());
    await waitForJob(token, narrowed.id);
    await expectJobEnded(token, narrowed.id);

    // force takes every video.
    const all = await callJson(`/api/lists/${list.id}/process`, { token, body: { force: true }, expect: 201 });
    expect(all).toMatchObject({ total: 13, force: true });
    await waitForJob(token, all.id);
    expect(await expectJobEnded(token, all.id)).toMatchObject({ status: "completed", processed: 13 });
  });

  it("says why nothing was selected in terms of what was asked, and changes nothing", async () => {
    const { token } = await signUp();
    const empty = await createList(token, { name: "Empty" });
    for (const body of [{}, { force: true }]) {
      const error = await expectErrorResponse(await startProcess(token, empty.id, body), 400, "nothing_to_process");
      expect(error.message).toBe("This list has no videos to process");
    }

    const { list, videos } = await listWith(token, 2);
    const done = await callJson(`/api/lists/${list.id}/process`, { token, body: {}, expect: 201 });
    await waitForJob(token, done.id);
    await expectJobEnded(token, done.id);
    const all = await expectErrorResponse(await startProcess(token, list.id), 400, "nothing_to_process");
    expect(all.message).toBe("No video in this list needs processing; use force to process all again");

    // Forcing ids that are not in the list: "use force" would be no help.
    const foreign = await expectErrorResponse(
      await startProcess(token, list.id, { force: true, videoIds: ["vid_not_in_this_list"] }),
      400,
      "nothing_to_process",
    );
    expect(foreign.message).toBe("None of these videoIds is a video of this list");
    const processed = await expectErrorResponse(
      await startProcess(token, list.id, { videoIds: [videos[0]!.id] }),
      400,
      "nothing_to_process",
    );
    expect(processed.message).toMatch(/^None of these videos needs processing.*use force/);

    const jobs = await callJson(`/api/jobs?listId=${list.id}`, { token, expect: 200 });
    expect(jobs.items.map((job: { id: string }) => job.id)).toEqual([done.id]);
  });

  it("turns processed videos into needsRerun when the list's fields change, and reruns exactly those", async () => {
    const { token } = await signUp();
    const { list, videos } = await listWith(token, 6);
    const first = await callJson(`/api/lists/${list.id}/process`, { token, body: {}, expect: 201 });
    await waitForJob(token, first.id);
    await expectJobEnded(token, first.id);
    const before = await status(token, list.id);
    expect(before).toMatchObject({ total: 6, processed: 6, needsRerun: 0 });

    await callJson(`/api/lists/${list.id}`, {
      token,
      method: "PATCH",
      body: { fields: [...FIELDS, { key: "speaker", label: "Speaker", type: "text" }] },
      expect: 200,
    });
    const stale = await status(token, list.id);
    expect(stale).toMatchObject({ total: 6, new: 0, processed: 0, needsRerun: 6, failed: 0, active: 0 });
    expect(stale.pipelineVersion).not.toBe(before.pipelineVersion);

    const some = videos.slice(0, 2).map((video) => video.id);
    const partial = await callJson(`/api/lists/${list.id}/process`, { token, body: { videoIds: some }, expect: 201 });
    expect(partial.total).toBe(2);
    await waitForJob(token, partial.id);
    await expectJobEnded(token, partial.id);
    expect(await status(token, list.id)).toMatchObject({ total: 6, processed: 2, needsRerun: 4 });

    const rest = await callJson(`/api/lists/${list.id}/process`, { token, body: {}, expect: 201 });
    expect(rest.total).toBe(4);
    expect((await videosOfJob(rest.id)).map((row) => row.id).sort()).toEqual(
      videos
        .slice(2)
        .map((video) => video.id)
        .sort(),
    );
    await waitForJob(token, rest.id);
    await expectJobEnded(token, rest.id);
    expect(await status(token, list.id)).toMatchObject({ total: 6, processed: 6, needsRerun: 0 });
    for (const video of await allVideos(token, list.id)) {
      expect(Object.keys(video.fields ?? {}).sort()).toEqual(["level", "speaker"]);
      expect(video.processedVersion).toBe(stale.pipelineVersion);
    }
  });
});

describe("pause, resume, cancel and retry", () => {
  it("pause holds the queued videos, and resume finishes the job with exact counts", async () => {
    const { token, userId } = await signUp();
    const { list } = await listWith(token, 250);
    // The job as Process makes it; its batches are delivered by hand so which ones are in flight is exact.
    const { job, messages } = await startJobWithoutSending(userId, list.id);
    expect(messages).toHaveLength(250);
    const gate = newGate();
    upstream().override("videos", async () => {
      await gate.pass();
      return undefined;
    });
    const inFlight = deliver(messages.slice(0, 100));
    await until("the first batch to reach YouTube", () => upstream().calls.videos >= 2);

    const paused = await callJson(`/api/jobs/${job.id}/pause`, { token, method: "POST", expect: 200 });
    expect(paused).toMatchObject({ id: job.id, status: "paused", processed: 0, failed: 0 });
    await expectErrorResponse(await post(`/api/jobs/${job.id}/pause`, token), 409, "conflict");

    // The batch already in flight finishes; the rest, delivered while paused, is acknowledged and left queued.
    gate.open();
    expect((await inFlight).explicitAcks).toHaveLength(100);
    const rest = await deliver(messages.slice(100));
    expect(rest.explicitAcks).toHaveLength(150);
    expect(rest.retryMessages).toHaveLength(0);
    const held = await waitForJob(token, job.id, { done: (j) => j.processed === 100 });
    expect(held).toMatchObject({ status: "paused", processed: 100, failed: 0, progress: 40 });
    expect(held.videos).toEqual({ pending: 0, queued: 150, processing: 0, completed: 100, failed: 0 });
    for (let i = 0; i < 3; i++) {
      await sleep(400);
      const now = await getJob(token, job.id);
      expect(now).toMatchObject({ status: "paused", processed: 100, failed: 0, progress: 40 });
      expect(now.videos).toEqual(held.videos);
    }
    expect(askedOfAi()).toBe(100);

    // Resume re-sends the held videos, this time through the real queue.
    await releaseHubSends(userId);
    const resumed = await callJson(`/api/jobs/${job.id}/resume`, { token, method: "POST", expect: 200 });
    expect(resumed).toMatchObject({ status: "running", processed: 100 });
    await expectErrorResponse(await post(`/api/jobs/${job.id}/resume`, token), 409, "conflict");

    const done = await waitForJob(token, job.id);
    expect(done).toMatchObject({ status: "completed", total: 250, processed: 250, failed: 0, progress: 100 });
    await expectJobEnded(token, job.id);
    // Each video went to the AI once: nothing processed twice across the pause.
    expect(askedOfAi()).toBe(250);

    for (const action of ["pause", "resume", "cancel"]) {
      const error = await expectErrorResponse(await post(`/api/jobs/${job.id}/${action}`, token), 409, "conflict");
      expect(error.message).toMatch(/completed/);
    }
    expect(await getJob(token, job.id)).toMatchObject({ status: "completed", processed: 250 });
  });
  it("a pause followed at once by resume, with the batch still in flight, counts every video exactly once", async () => {
    const { token } = await signUp();
    const { list } = await listWith(token, 250);
    const gate = newGate();
    upstream().override("videos", async () => {
      await gate.pass();
      return undefined;
    });
    const job = await callJson(`/api/lists/${list.id}/process`, { token, body: {}, expect: 201 });
    await until("the first batch to reach YouTube", () => upstream().calls.videos >= 2);
    await callJson(`/api/jobs/${job.id}/pause`, { token, method: "POST", expect: 200 });
    await callJson(`/api/jobs/${job.id}/resume`, { token, method: "POST", expect: 200 });
    gate.open();
    const done = await waitForJob(token, job.id);
    expect(done).toMatchObject({ status: "completed", total: 250, processed: 250, failed: 0 });
    await expectJobEnded(token, job.id);
    await sleep(1_300); // let any duplicate messages drain
    // Resume re-sends every unfinished video, including the 100 in flight: duplicates must not count.
    expect(await getJob(token, job.id)).toMatchObject({ status: "completed", processed: 250, failed: 0 });
  });

  it("cancel returns unfinished videos to pending, keeps finished results, and ignores later deliveries", async () => {
    const { token, userId } = await signUp();
    const { list } = await listWith(token, 150);
    const { job, messages } = await startJobWithoutSending(userId, list.id);
    await deliver(messages.slice(0, 100));
    const gate = newGate();
    upstream().override("videos", async () => {
      await gate.pass();
      return undefined;
    });
    const inFlight = deliver(messages.slice(100));
    await until("the second batch to reach YouTube", () => upstream().calls.videos >= 3);

    const cancelled = await callJson(`/api/jobs/${job.id}/cancel`, { token, method: "POST", expect: 200 });
    expect(cancelled).toMatchObject({ id: job.id, status: "cancelled", total: 150, processed: 100, failed: 0 });
    expect(cancelled.finishedAt).toEqual(expect.any(String));
    const snapshot = await videosOfList(list.id);
    const finished = snapshot.filter((row) => row.status === "completed");
    expect(finished).toHaveLength(100);
    for (const row of finished) {
      expect(row.title).toEqual(expect.any(String));
      expect(row.job_id).toBe(job.id);
    }
    // Never processed before this job, so back to pending, and no longer the job's.
    const released = snapshot.filter((row) => row.status === "pending");
    expect(released).toHaveLength(50);
    for (const row of released) expect(row).toMatchObject({ title: null, error: null, job_id: null });

    // The held batch finishes upstream after the cancel, and every message comes once more: nothing moves.
    gate.open();
    const late = await inFlight;
    expect(late.retryMessages).toHaveLength(0);
    expect(late.explicitAcks).toHaveLength(50);
    const replay = await deliver(messages);
    expect(replay.retryMessages).toHaveLength(0);
    expect(replay.explicitAcks).toHaveLength(150);
    await sleep(300);
    expect(await videosOfList(list.id)).toEqual(snapshot);
    const after = await expectJobEnded(token, job.id);
    expect(after).toMatchObject({ status: "cancelled", processed: 100, failed: 0 });
    expect(after.videos).toEqual({ pending: 0, queued: 0, processing: 0, completed: 100, failed: 0 });
    for (const action of ["pause", "resume", "cancel"]) {
      await expectErrorResponse(await post(`/api/jobs/${job.id}/${action}`, token), 409, "conflict");
    }

    // The list is free again, and the default selection is exactly the 50 left pending.
    expect(await status(token, list.id)).toMatchObject({ total: 150, new: 50, processed: 100, active: 0 });
    await releaseHubSends(userId);
    const next = await callJson(`/api/lists/${list.id}/process`, { token, body: {}, expect: 201 });
    expect(next.total).toBe(50);
    await waitForJob(token, next.id);
    expect(await expectJobEnded(token, next.id)).toMatchObject({ status: "completed", processed: 50 });
  });

  it("cancels a paused job too", async () => {
    const { token, userId } = await signUp();
    const { list } = await listWith(token, 4);
    const { job, messages } = await startJobWithoutSending(userId, list.id);
    await callJson(`/api/jobs/${job.id}/pause`, { token, method: "POST", expect: 200 });
    const cancelled = await callJson(`/api/jobs/${job.id}/cancel`, { token, method: "POST", expect: 200 });
    expect(cancelled).toMatchObject({ status: "cancelled", processed: 0, failed: 0 });
    expect((await deliver(messages)).explicitAcks).toHaveLength(4);
    const after = await expectJobEnded(token, job.id);
    expect(after.videos).toEqual({ pending: 0, queued: 0, processing: 0, completed: 0, failed: 0 });
    expect((await videosOfList(list.id)).map((row) => row.status)).toEqual(Array(4).fill("pending"));
    expect(upstream().calls.videos).toBe(0);
  });
  it("retry starts a job over exactly the failed videos, and only for a finished job", async () => {
    const { token } = await signUp();
    const { list } = await listWith(token, 10);
    upstream().missing.add(ytId(2)).add(ytId(5)).add(ytId(7));
    const gate = newGate();
    upstream().override("videos", async () => {
      await gate.pass();
      return undefined;
    });
    const job = await callJson(`/api/lists/${list.id}/process`, { token, body: {}, expect: 201 });
    const running = await expectErrorResponse(await post(`/api/jobs/${job.id}/retry`, token), 409, "conflict");
    expect(running.message).toMatch(/finished/);
    gate.open();

    await waitForJob(token, job.id);
    expect(await expectJobEnded(token, job.id)).toMatchObject({
      status: "completed_with_errors",
      processed: 7,
      failed: 3,
    });
    const failedIds = (await videosOfJob(job.id)).filter((row) => row.status === "failed").map((row) => row.id);

    upstream().missing.clear();
    const retried = await post(`/api/jobs/${job.id}/retry`, token);
    expect(retried.status).toBe(201);
    const retry = await retried.json<any>();
    expect(retry).toMatchObject({ listId: list.id, status: "running", total: 3, processed: 0, failed: 0 });
    expect(retry.id).not.toBe(job.id);
    expect((await videosOfJob(retry.id)).map((row) => row.id).sort()).toEqual([...failedIds].sort());
    const busy = await expectErrorResponse(await startProcess(token, list.id, { force: true }), 409, "job_active");
    expect(busy.details).toEqual({ jobId: retry.id });

    await waitForJob(token, retry.id);
    expect(await expectJobEnded(token, retry.id)).toMatchObject({ status: "completed", processed: 3, failed: 0 });
    // The first job is finished and never changes again.
    expect(await getJob(token, job.id)).toMatchObject({ status: "completed_with_errors", processed: 7, failed: 3 });
    expect(await status(token, list.id)).toMatchObject({ total: 10, processed: 10, failed: 0 });

    await expectErrorResponse(await post(`/api/jobs/${retry.id}/retry`, token), 400, "nothing_to_process");

    // Its failed videos were retried by another job since: nothing left to retry here either.
    await expectErrorResponse(await post(`/api/jobs/${job.id}/retry`, token), 400, "nothing_to_process");
  });
});

describe("retry with an Idempotency-Key", () => {
  it("answers a repeated retry request with the job the first one started", async () => {
    const { token } = await signUp();
    const { list } = await listWith(token, 6);
    upstream().missing.add(ytId(0)).add(ytId(3));
    const job = await callJson(`/api/lists/${list.id}/process`, { token, body: {}, expect: 201 });
    await waitForJob(token, job.id);
    expect(await expectJobEnded(token, job.id)).toMatchObject({ status: "completed_with_errors", failed: 2 });
    upstream().missing.clear();

    const key = { "Idempotency-Key": `retry-${crypto.randomUUID()}` };
    const first = await post(`/api/jobs/${job.id}/retry`, token, undefined, key);
    expect(first.status).toBe(201);
    const retry = await first.json<any>();
    expect(retry.total).toBe(2);
    // The client did not see the answer and sends the same request again.
    const second = await post(`/api/jobs/${job.id}/retry`, token, undefined, key);
    const text = await second.text();
    expect(second.status, text).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ id: retry.id, total: 2 });

    await waitForJob(token, retry.id);
    expect(await expectJobEnded(token, retry.id)).toMatchObject({ status: "completed", processed: 2 });
    expect(await jobRowsOfList(list.id)).toHaveLength(2);
  });
});

describe("listing jobs, and other users' jobs", () => {
  it("filters by list and status, pages newest first, and hides jobs from other users", async () => {
    const alice = await signUp("alice");
    const bob = await signUp("bob");
    const one = await listWith(alice.token, 3, "One");
    const two = await listWith(alice.token, 3, "Two");

    const cancelled = await callJson(`/api/lists/${two.list.id}/process`, {
      token: alice.token,
      body: {},
      expect: 201,
    });
    await callJson(`/api/jobs/${cancelled.id}/cancel`, { token: alice.token, method: "POST", expect: 200 });
    const first = await callJson(`/api/lists/${one.list.id}/process`, { token: alice.token, body: {}, expect: 201 });
    await waitForJob(alice.token, first.id);
    await expectJobEnded(alice.token, first.id);
    const second = await callJson(`/api/lists/${one.list.id}/process`, {
      token: alice.token,
      body: { force: true },
      expect: 201,
    });
    await waitForJob(alice.token, second.id);
    for (const id of [cancelled.id, second.id]) await expectJobEnded(alice.token, id);

    const everything = await callJson("/api/jobs", { token: alice.token, expect: 200 });
    expect(everything.items.map((job: any) => job.id)).toEqual([second.id, first.id, cancelled.id]);
    expect(everything.nextCursor).toBeNull();
    expect(everything.items[0]).toMatchObject({ listId: one.list.id, status: "completed", total: 3, processed: 3 });

    const pages = await walkPages("/api/jobs", alice.token, 1);
    expect(pages.map((page) => page.map((job: any) => job.id))).toEqual([[second.id], [first.id], [cancelled.id]]);
    const ofOne = await walkPages(`/api/jobs?listId=${one.list.id}`, alice.token, 1);
    expect(ofOne.flat().map((job: any) => job.id)).toEqual([second.id, first.id]);

    const byStatus = await callJson("/api/jobs?status=cancelled", { token: alice.token, expect: 200 });
    expect(byStatus.items.map((job: any) => job.id)).toEqual([cancelled.id]);
    const both = await callJson(`/api/jobs?listId=${one.list.id}&status=cancelled`, {
      token: alice.token,
      expect: 200,
    });
    expect(both).toEqual({ items: [], nextCursor: null });
    await expectErrorResponse(await call("/api/jobs?status=done", { token: alice.token }), 400, "bad_request");

    // Bob sees none of it, and every job route answers 404 as for an id that does not exist.
    expect(await callJson("/api/jobs", { token: bob.token, expect: 200 })).toEqual({ items: [], nextCursor: null });
    expect(await callJson(`/api/jobs?listId=${one.list.id}`, { token: bob.token, expect: 200 })).toEqual({
      items: [],
      nextCursor: null,
    });
    for (const id of [first.id, cancelled.id, "job_does_not_exist"]) {
      await expectErrorResponse(await call(`/api/jobs/${id}`, { token: bob.token }), 404, "not_found");
      await expectErrorResponse(await call(`/api/jobs/${id}/progress-history`, { token: bob.token }), 404, "not_found");
      for (const action of ["pause", "resume", "cancel", "retry"]) {
        await expectErrorResponse(await post(`/api/jobs/${id}/${action}`, bob.token), 404, "not_found");
      }
    }
    await expectErrorResponse(await startProcess(bob.token, one.list.id), 404, "not_found");
    await expectErrorResponse(
      await call(`/api/lists/${one.list.id}/processing-status`, { token: bob.token }),
      404,
      "not_found",
    );
    // Bob's attempts changed nothing of Alice's.
    expect(await getJob(alice.token, cancelled.id)).toMatchObject({ status: "cancelled" });
    expect(await jobRowsOfList(one.list.id)).toHaveLength(2);
    const videos: Video[] = await allVideos(alice.token, two.list.id);
    expect(videos.map((video) => video.status)).toEqual(["pending", "pending", "pending"]);
  });
});
