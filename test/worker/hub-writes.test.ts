/**
 * Writes from the hub to D1 that cannot be overtaken, forced through their interleavings with a
 * gated D1 under the live hub: a counter write held while a cancel lands (released either way,
 * or failing on either side), completion racing the alarm's write, resume after a failed write,
 * the throttle under concurrent reports, and a stale write arriving after a newer one. Each ends
 * with D1 holding the hub's current revision and state, exact counts, and the list free again.
 */
import { env, runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { getDb } from "../../src/db/client";
import { writeJobState } from "../../src/db/job-progress";
import { hubFor } from "../../src/durable/hub-client";
import { ZERO_USAGE } from "../../src/durable/hub-storage";
import { addVideos, callJson, createList, signUp, ytId } from "./helpers";
import { type D1Gate, gateHubD1 } from "./support/d1-gate";
import { useFakeUpstream } from "./support/fake-upstream-fetch";
import {
  deliver,
  expectHubAndD1Agree,
  expectJobOverAndCounted,
  getJob,
  hubJob,
  hubStub,
  jobRow,
  releaseHubSends,
  startJobWithoutSending,
  until,
  videoStatuses,
  waitForJob,
} from "./support/jobs";

useFakeUpstream();
vi.setConfig({ testTimeout: 20_000 });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function jobOf(size: number) {
  const { token, userId } = await signUp("writes");
  const list = await createList(token, { name: "Writes" });
  await addVideos(
    token,
    list.id,
    Array.from({ length: size }, (_, i) => ytId(i)),
  );
  const started = await startJobWithoutSending(userId, list.id);
  return { token, userId, listId: list.id, hub: hubFor(env, userId), ...started };
}

/** The list is not locked: a new job starts over its pending videos and runs to the end. */
async function expectListFree(token: string, userId: string, listId: string, pending: number) {
  await releaseHubSends(userId);
  const next = await callJson(`/api/lists/${listId}/process`, { token, body: {}, expect: 201 });
  expect(next.total).toBe(pending);
  const done = await waitForJob(token, next.id);
  expect(done).toMatchObject({ status: "completed", processed: pending });
  expectJobOverAndCounted(await getJob(token, next.id));
}

/** A cancelled job with 3 of its 10 videos done: D1 agrees, the other 7 are pending again. */
async function expectCancelledAndFree(token: string, userId: string, listId: string, jobId: string, gate?: D1Gate) {
  if (gate) gate.mode = "pass";
  expect(await expectHubAndD1Agree(userId, jobId)).toMatchObject({ status: "cancelled", processed: 3, failed: 0 });
  expect(await videoStatuses(jobId)).toEqual({ completed: 3 });
  await expectListFree(token, userId, listId, 7);
}

describe("a cancel landing while a counter write is in flight", () => {
  it("waits for that write, then writes the cancel: D1 ends cancelled", async () => {
    const { token, userId, listId, hub, job, messages } = await jobOf(10);
    const gate = await gateHubD1(userId);
    // The consumer writes 3 results and reports; the hub's counter write is held in D1.
    const reported = deliver(messages.slice(0, 3));
    await until("the counter write to reach D1", () => gate.held.length === 1);

    const cancelled = hub.cancelJob(job.id);
    await sleep(150);
    // One write per job at a time: the cancel's write is not even issued while the first is held,
    // so it can never land before it. Releasing "the cancel first" is not possible.
    expect(gate.held).toHaveLength(1);
    gate.held[0]!.release();
    await until("the cancel's write", () => gate.held.length === 2);
    gate.held[1]!.release();
    expect(await cancelled).toMatchObject({ ok: true, job: { status: "cancelled", processed: 3 } });
    await reported;
    expect(gate.calls).toBe(2);
    await expectCancelledAndFree(token, userId, listId, job.id, gate);
  });

  it("when the held write fails, the cancel writes its own state and D1 ends cancelled", async () => {
    const { token, userId, listId, hub, job, messages } = await jobOf(10);
    const gate = await gateHubD1(userId);
    const reported = deliver(messages.slice(0, 3));
    await until("the counter write to reach D1", () => gate.held.length === 1);
    const cancelled = hub.cancelJob(job.id);
    gate.held[0]!.fail();
    await until("the cancel's write", () => gate.held.length === 2);
    gate.held[1]!.release();
    expect(await cancelled).toMatchObject({ ok: true, job: { status: "cancelled" } });
    // The report was counted before the write: its messages are acknowledged all the same.
    expect((await reported).explicitAcks).toHaveLength(3);
    await expectCancelledAndFree(token, userId, listId, job.id, gate);
  });

  it("when the cancel's own write fails after the first landed, the job stays dirty and the alarm writes it", async () => {
    const { token, userId, listId, hub, job, messages } = await jobOf(10);
    const gate = await gateHubD1(userId);
    const reported = deliver(messages.slice(0, 3));
    await until("the counter write to reach D1", () => gate.held.length === 1);
    const cancelled = hub.cancelJob(job.id);
    gate.held[0]!.release();
    await until("the cancel's write", () => gate.held.length === 2);
    // D1 is down for the cancel: its write fails, and so does the one more try its caller makes.
    gate.mode = "fail";
    gate.held[1]!.fail();
    expect(await cancelled).toMatchObject({ ok: true, job: { status: "cancelled" } });
    await reported;

    // D1 holds the running counters the first write carried; the hub knows the cancel is unwritten.
    expect(await jobRow(job.id)).toMatchObject({ status: "running", processed: 3 });
    gate.mode = "pass";
    expect(await runDurableObjectAlarm(hubStub(userId))).toBe(true);
    await expectCancelledAndFree(token, userId, listId, job.id);
  });
});

describe("a write that arrives late", () => {
  it("never puts back a state D1 has already moved past", async () => {
    const { token, userId, listId, hub, job, messages } = await jobOf(10);
    await deliver(messages.slice(0, 3));
    await hub.cancelJob(job.id);
    const written = await expectHubAndD1Agree(userId, job.id);

    // The running state at the revision before the cancel, as a retried or delayed request would carry it.
    const stale = await writeJobState(getDb(env.DB), {
      id: job.id,
      revision: written.revision - 1,
      status: "running",
      processed: 3,
      failed: 0,
      errorMessage: null,
      pausedReason: null,
      resumesAt: null,
      usage: ZERO_USAGE,
      finished: false,
      stoppedEarly: false,
    });
    expect(stale).toBeNull();
    expect(await jobRow(job.id)).toMatchObject({ status: "cancelled", revision: written.revision });
    await expectCancelledAndFree(token, userId, listId, job.id);
  });
});

describe("completion racing the alarm", () => {
  it("the last report completes the job while the alarm's counter write is held", async () => {
    const { token, userId, hub, job, messages } = await jobOf(4);
    await deliver(messages.slice(0, 2)); // writes at once: the throttle's clock starts here
    const gate = await gateHubD1(userId);
    await deliver(messages.slice(2, 3)); // within the interval: left for the alarm
    expect(gate.calls).toBe(0);

    const alarm = runDurableObjectAlarm(hubStub(userId));
    await until("the alarm's write", () => gate.held.length === 1);
    const last = deliver(messages.slice(3));
    await until("the job to complete in the hub", async () =>
      (await hub.history(job.id, 0, 100)).items.some((event) => event.status === "completed"),
    );
    gate.held[0]!.release();
    await until("the completion's write", () => gate.held.length === 2);
    gate.held[1]!.release();
    await Promise.all([alarm, last]);
    expect(await expectHubAndD1Agree(userId, job.id)).toMatchObject({ status: "completed", processed: 4 });
    expectJobOverAndCounted(await getJob(token, job.id));
  });

  it("the alarm joins the completion's write in flight instead of writing again", async () => {
    const { token, userId, job, messages } = await jobOf(4);
    await deliver(messages.slice(0, 3));
    const gate = await gateHubD1(userId);
    const last = deliver(messages.slice(3));
    await until("the completion's write", () => gate.held.length === 1);
    const alarm = runDurableObjectAlarm(hubStub(userId));
    await sleep(150);
    expect(gate.held).toHaveLength(1);
    gate.held[0]!.release();
    await Promise.all([alarm, last]);
    expect(gate.calls).toBe(1);
    expect(await expectHubAndD1Agree(userId, job.id)).toMatchObject({ status: "completed", processed: 4 });
    expectJobOverAndCounted(await getJob(token, job.id));
  });
});

describe("resume after a failed write", () => {
  it("sends nothing until D1 says running (the consumer would drop it), then finishes", async () => {
    const { token, userId, hub, job, messages, sent } = await jobOf(6);
    expect(sent).toHaveLength(6);
    expect(await hub.pauseJob(job.id)).toMatchObject({ ok: true, job: { status: "paused", pausedReason: "user" } });
    const gate = await gateHubD1(userId, "fail");

    const resumed = await hub.resumeJob(job.id);
    expect(resumed).toMatchObject({ ok: true, job: { status: "running", pausedReason: null } });
    expect(await jobRow(job.id)).toMatchObject({ status: "paused", paused_reason: "user" });
    expect(sent).toHaveLength(6);

    gate.mode = "pass";
    await runDurableObjectAlarm(hubStub(userId));
    expect(await expectHubAndD1Agree(userId, job.id)).toMatchObject({ status: "running", paused_reason: null });
    // Now the six the consumer may have dropped while paused go out again.
    expect(
      sent
        .slice(6)
        .map((m) => m.videoId)
        .sort(),
    ).toEqual(messages.map((m) => m.videoId).sort());
    await deliver(sent.slice(6));
    expect(await expectHubAndD1Agree(userId, job.id)).toMatchObject({ status: "completed", processed: 6 });
    expectJobOverAndCounted(await getJob(token, job.id));
  });
});

describe("the counter throttle", () => {
  it("holds under concurrent reports: at most one write per second, the alarm writes the rest", async () => {
    const { token, userId, hub, job, messages } = await jobOf(12);
    await deliver(messages.slice(0, 2)); // the first write starts the throttle's clock
    const gate = await gateHubD1(userId, "pass");
    const outcomes = messages.slice(2, 10).map((m) => ({ videoId: m.videoId, status: "completed" as const }));
    const results = await Promise.all(outcomes.map((outcome) => hub.report(job.id, [outcome])));
    expect(results.reduce((sum, result) => sum + result.counted, 0)).toBe(8);
    // Eight concurrent reports, all counted; none started a write of its own within the interval
    // (one, if this machine took over a second to get here).
    expect(gate.calls).toBeLessThanOrEqual(1);
    expect(await hubJob(userId, job.id)).toMatchObject({ processed: 10 });
    await runDurableObjectAlarm(hubStub(userId));
    expect(await expectHubAndD1Agree(userId, job.id)).toMatchObject({ status: "running", processed: 10 });

    await deliver(messages.slice(2)); // the consumer's own writes: 8 duplicates and the last 2
    expect(await expectHubAndD1Agree(userId, job.id)).toMatchObject({ status: "completed", processed: 12 });
    expectJobOverAndCounted(await getJob(token, job.id));
  });
});
