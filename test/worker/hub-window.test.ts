/**
 * The hub feeds the queue in windows: at most HUB_WINDOW videos of a user in flight, topped up
 * as reports arrive, shared round-robin between the user's running jobs; pause stops the
 * top-ups, resume sends again what the consumer dropped, cancel releases everything at once.
 * The test plays the queue (the hub's sends are recorded), except for the last test, where two
 * users share the real queue.
 */

import { env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { hubFor } from "../../src/durable/hub-client";
import { addVideos, callJson, createList, signUp, ytId } from "./helpers";
import { useFakeUpstream } from "./support/fake-upstream-fetch";
import {
  deliver,
  expectHubAndD1Agree,
  expectJobOverAndCounted,
  getJob,
  hubRowsOf,
  jobRow,
  releaseHubSends,
  startJobWithoutSending,
  waitForJob,
} from "./support/jobs";

const upstream = useFakeUpstream();
/** Videos sent to the AI so far (several per call). */
const askedOfAi = () => upstream().geminiRequests.flatMap((request) => request.youtubeIds).length;
vi.setConfig({ testTimeout: 60_000 });

const WINDOW = 10;
const ids = (count: number, from = 0) => Array.from({ length: count }, (_, i) => ytId(from + i));

async function listOf(token: string, count: number, from = 0, name = "Window") {
  const list = await createList(token, { name });
  await addVideos(token, list.id, ids(count, from));
  return list;
}

describe("the user's window", () => {
  it("keeps at most W videos in flight, tops up as reports arrive, and sends each video once", async () => {
    const { token, userId } = await signUp("window");
    const list = await listOf(token, 35);
    const { job, messages, sent } = await startJobWithoutSending(userId, list.id, { hubWindow: WINDOW });
    // The first window, oldest videos first.
    expect(sent.map((m) => m.videoId)).toEqual(messages.slice(0, WINDOW).map((m) => m.videoId));

    let next = 0;
    while ((await jobRow(job.id)).status === "running") {
      const batch = sent.slice(next, next + 4);
      expect(batch.length, "something to deliver while the job runs").toBeGreaterThan(0);
      next += batch.length;
      await deliver(batch);
      // In flight: sent but not yet reported. Never more than the window.
      expect(sent.length - next).toBeLessThanOrEqual(WINDOW);
      expect(sent.length - next).toBe(Math.min(WINDOW, 35 - next));
    }
    expect(new Set(sent.map((m) => m.videoId)).size).toBe(35);
    expect(sent).toHaveLength(35);
    expect(await expectHubAndD1Agree(userId, job.id)).toMatchObject({ status: "completed", processed: 35 });
  });

  it("shares the room round-robin between the user's running jobs", async () => {
    const { token, userId } = await signUp("window");
    const big = await listOf(token, 40, 0, "Big");
    const small = await listOf(token, 5, 100, "Small");
    const a = await startJobWithoutSending(userId, big.id, { hubWindow: WINDOW });
    expect(a.sent).toHaveLength(WINDOW);
    const b = await startJobWithoutSending(userId, small.id, { sent: a.sent });
    // The window is full of the big job: the small one waits for room, without starving.
    expect(a.sent).toHaveLength(WINDOW);

    await deliver(a.sent.slice(0, 4));
    const topUp = a.sent.slice(WINDOW);
    expect(topUp).toHaveLength(4);
    // The small job, fed least recently, gets its share of the freed room.
    expect(topUp.filter((m) => m.jobId === b.job.id)).toHaveLength(2);
    expect(topUp.filter((m) => m.jobId === a.job.id)).toHaveLength(2);

    // Deliver everything as it is sent: the small job ends long before the big one.
    let next = 4;
    let smallDoneWithBigUnsent: number | null = null;
    while ((await jobRow(a.job.id)).status === "running" || (await jobRow(b.job.id)).status === "running") {
      const batch = a.sent.slice(next, next + 4);
      expect(batch.length).toBeGreaterThan(0);
      next += batch.length;
      await deliver(batch);
      if (smallDoneWithBigUnsent === null && (await jobRow(b.job.id)).status === "completed") {
        smallDoneWithBigUnsent = 40 - a.sent.filter((m) => m.jobId === a.job.id).length;
      }
    }
    // Alone behind the big job it would finish last; sharing the room, it is done while the big
    // job still has a third of its videos waiting to be sent.
    expect(smallDoneWithBigUnsent).toBeGreaterThanOrEqual(13);
    expect(await expectHubAndD1Agree(userId, a.job.id)).toMatchObject({ status: "completed", processed: 40 });
    expect(await expectHubAndD1Agree(userId, b.job.id)).toMatchObject({ status: "completed", processed: 5 });
    expect(a.sent).toHaveLength(45);
  });

  it("pause mid-window stops the top-ups; resume sends what the consumer dropped, each video processed once", async () => {
    const { token, userId } = await signUp("window");
    const list = await createList(token, {
      name: "Paused",
      fields: [{ key: "topic", label: "Topic", type: "text" }],
    });
    await addVideos(token, list.id, ids(30));
    const { job, sent } = await startJobWithoutSending(userId, list.id, { hubWindow: WINDOW });
    const hub = hubFor(env, userId);
    await deliver(sent.slice(0, 5));
    expect(sent).toHaveLength(15); // topped up by the five that reported

    expect(await hub.pauseJob(job.id)).toMatchObject({ ok: true, job: { status: "paused", processed: 5 } });
    // The ten in flight reach the consumer while paused: acknowledged, left queued, nothing sent.
    const dropped = await deliver(sent.slice(5, 15));
    expect(dropped.explicitAcks).toHaveLength(10);
    expect(sent).toHaveLength(15);
    expect(askedOfAi()).toBe(5);
    expect(await getJob(token, job.id)).toMatchObject({
      status: "paused",
      processed: 5,
      videos: { queued: 25, completed: 5 },
    });

    expect(await hub.resumeJob(job.id)).toMatchObject({ ok: true, job: { status: "running" } });
    expect(sent.slice(15).map((m) => m.videoId)).toEqual(sent.slice(5, 15).map((m) => m.videoId));
    for (let at = 15; (await jobRow(job.id)).status === "running"; at += 5) await deliver(sent.slice(at, at + 5));
    expect(await expectHubAndD1Agree(userId, job.id)).toMatchObject({ status: "completed", processed: 30 });
    expect(askedOfAi()).toBe(30);
    expectJobOverAndCounted(await getJob(token, job.id));
  });

  it("cancel mid-window releases the unsent and the in-flight videos at once", async () => {
    const { token, userId } = await signUp("window");
    const list = await listOf(token, 30);
    const { job, sent } = await startJobWithoutSending(userId, list.id, { hubWindow: WINDOW });
    const hub = hubFor(env, userId);
    await deliver(sent.slice(0, 5));

    expect(await hub.cancelJob(job.id)).toMatchObject({ ok: true, job: { status: "cancelled", processed: 5 } });
    expect(await hubRowsOf(userId, job.id)).toMatchObject({ work: 0, outcomes: 0 });
    const status = await callJson(`/api/lists/${list.id}/processing-status`, { token, expect: 200 });
    expect(status).toMatchObject({ total: 30, new: 25, processed: 5, active: 0, activeJobId: null });

    // What was in flight arrives late and changes nothing; nothing more is sent.
    const late = await deliver(sent.slice(5));
    expect(late.explicitAcks).toHaveLength(sent.length - 5);
    expect(sent).toHaveLength(15);
    expect(await expectHubAndD1Agree(userId, job.id)).toMatchObject({ status: "cancelled", processed: 5 });

    await releaseHubSends(userId);
    const next = await callJson(`/api/lists/${list.id}/process`, { token, body: {}, expect: 201 });
    expect(next.total).toBe(25);
    expect(await waitForJob(token, next.id)).toMatchObject({ status: "completed", processed: 25 });
  });
});

describe("two users on the shared queue", () => {
  it("a small job of one user is not held behind another user's big job", async () => {
    const a = await signUp("big");
    const b = await signUp("small");
    const big = await listOf(a.token, 900, 0, "Big");
    const small = await listOf(b.token, 20, 5_000, "Small");

    const bigJob = await callJson(`/api/lists/${big.id}/process`, { token: a.token, body: {}, expect: 201 });
    const smallJob = await callJson(`/api/lists/${small.id}/process`, { token: b.token, body: {}, expect: 201 });
    // B's 20 queue behind at most one window of A's (250), not behind all 900.
    const smallDone = await waitForJob(b.token, smallJob.id, { timeoutMs: 40_000 });
    expect(smallDone).toMatchObject({ status: "completed", processed: 20 });
    const bigThen = await getJob(a.token, bigJob.id);
    expect(bigThen.status).toBe("running");
    expect(bigThen.processed + bigThen.failed).toBeLessThan(900);

    const bigDone = await waitForJob(a.token, bigJob.id, { timeoutMs: 50_000 });
    expect(bigDone).toMatchObject({ status: "completed", processed: 900 });
    expectJobOverAndCounted(await getJob(a.token, bigJob.id));
  });
});
