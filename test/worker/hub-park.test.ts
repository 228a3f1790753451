/**
 * The hub side of upstream limits and spend, driven through its RPCs as the consumer calls them:
 * a job parked for a quota keeps its videos claimed and untouched, waits, and resumes by itself
 * at `resumesAt` (the alarm) or earlier on /resume; each batch's usage adds up in the job; and
 * progress events carry the videos whose status moved, so table rows can follow live.
 */
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { hubFor } from "../../src/durable/hub-client";
import type { ProgressEvent } from "../../src/shared/protocol";
import { addVideos, callJson, createList, signUp, ytId } from "./helpers";
import { useFakeUpstream } from "./support/fake-upstream-fetch";
import {
  deliver,
  expectHubAndD1Agree,
  expectJobOverAndCounted,
  getJob,
  hubStub,
  jobRow,
  startJobWithoutSending,
  until,
  videoStatuses,
} from "./support/jobs";
import { connectProgressSocket } from "./support/progress-socket";

const upstream = useFakeUpstream();

async function jobOf(size: number) {
  const { token, userId } = await signUp("park");
  const list = await createList(token, { name: "Park" });
  await addVideos(
    token,
    list.id,
    Array.from({ length: size }, (_, i) => ytId(i)),
  );
  const started = await startJobWithoutSending(userId, list.id);
  return { token, userId, listId: list.id, hub: hubFor(env, userId), ...started };
}

describe("a job parked by an upstream limit", () => {
  it("waits with its videos untouched and resumes by itself at resumesAt", async () => {
    const { token, userId, hub, job, messages, sent } = await jobOf(10);
    await deliver(messages.slice(0, 4));
    const resumesAt = Date.now() + 60 * 60_000;
    const parked = await hub.parkJob(job.id, { reason: "quota", resumesAt, message: "Waiting for the daily quota" });
    expect(parked).toMatchObject({
      ok: true,
      job: { status: "paused", pausedReason: "quota", resumesAt: new Date(resumesAt).toISOString(), processed: 4 },
    });
    expect(await jobRow(job.id)).toMatchObject({
      status: "paused",
      paused_reason: "quota",
      resumes_at: new Date(resumesAt).toISOString(),
    });
    // The six unfinished stay claimed: still queued, nothing failed, nothing lost.
    expect(await videoStatuses(job.id)).toEqual({ completed: 4, queued: 6 });
    const dropped = await deliver(messages.slice(4));
    expect(dropped.explicitAcks).toHaveLength(6);
    expect(await videoStatuses(job.id)).toEqual({ completed: 4, queued: 6 });

    // The alarm before the reset leaves it parked.
    await runDurableObjectAlarm(hubStub(userId));
    expect(await getJob(token, job.id)).toMatchObject({ status: "paused", pausedReason: "quota" });

    // An hour later (the test moves the hub's clock for the job rather than waiting): the alarm resumes it.
    await runInDurableObject(hubStub(userId), (_instance, state) => {
      state.storage.sql.exec("UPDATE jobs SET resumes_at = ? WHERE id = ?", Date.now() - 1, job.id);
    });
    const before = sent.length;
    expect(await runDurableObjectAlarm(hubStub(userId))).toBe(true);
    expect(await expectHubAndD1Agree(userId, job.id)).toMatchObject({
      status: "running",
      paused_reason: null,
      resumes_at: null,
    });
    // What was unfinished goes out again.
    expect(
      sent
        .slice(before)
        .map((m) => m.videoId)
        .sort(),
    ).toEqual(
      messages
        .slice(4)
        .map((m) => m.videoId)
        .sort(),
    );
    await deliver(sent.slice(before));
    expect(await expectHubAndD1Agree(userId, job.id)).toMatchObject({ status: "completed", processed: 10 });
    expectJobOverAndCounted(await getJob(token, job.id));

    const history = (await hub.history(job.id, 0, 100)).items;
    expect(history.find((event) => event.message === "Waiting for the daily quota")).toMatchObject({
      status: "paused",
      pausedReason: "quota",
      resumesAt: new Date(resumesAt).toISOString(),
    });
  });

  it("resumes early on /resume; parked again, waits for the latest reset; a user's pause is not overridden", async () => {
    const { token, hub, job, messages, sent } = await jobOf(4);
    const soon = Date.now() + 60_000;
    const later = soon + 60_000;
    await hub.parkJob(job.id, { reason: "rate_limit", resumesAt: later, message: "Rate limited" });
    // A second batch hits a quota that resets sooner: the later reset and the stronger reason win.
    const again = await hub.parkJob(job.id, { reason: "quota", resumesAt: soon, message: "Quota" });
    expect(again).toMatchObject({
      ok: true,
      job: { status: "paused", pausedReason: "quota", resumesAt: new Date(later).toISOString() },
    });
    // Pause applies to a running job only.
    await callJson(`/api/jobs/${job.id}/pause`, { token, method: "POST", expect: 409 });

    const resumed = await callJson(`/api/jobs/${job.id}/resume`, { token, method: "POST", expect: 200 });
    expect(resumed).toMatchObject({ status: "running", pausedReason: null, resumesAt: null });
    expect(sent).toHaveLength(8); // the four in flight went out again

    await callJson(`/api/jobs/${job.id}/pause`, { token, method: "POST", expect: 200 });
    const refused = await hub.parkJob(job.id, { reason: "quota", resumesAt: soon, message: "Quota" });
    expect(refused).toEqual({ ok: false, reason: "conflict", status: "paused" });
    expect(await getJob(token, job.id)).toMatchObject({ status: "paused", pausedReason: "user", resumesAt: null });

    await callJson(`/api/jobs/${job.id}/resume`, { token, method: "POST", expect: 200 });
    await deliver(messages);
    expect(await getJob(token, job.id)).toMatchObject({ status: "completed", processed: 4 });
  });
});

describe("usage", () => {
  it("adds each batch's spend to the job and writes it with the counters", async () => {
    const { token, userId, hub, job, messages } = await jobOf(3);
    await hub.report(job.id, [], { youtubeUnits: 1, aiCalls: 2, inputTokens: 900, outputTokens: 120 });
    await hub.report(job.id, [], { aiCalls: 1, inputTokens: 300, outputTokens: 40, thinkingTokens: 25 });
    await runDurableObjectAlarm(hubStub(userId));
    const usage = { youtubeUnits: 1, aiCalls: 3, inputTokens: 1200, outputTokens: 160, thinkingTokens: 25 };
    expect(await getJob(token, job.id)).toMatchObject({ status: "running", usage });

    // The consumer adds the batch's real spend: one videos.list call (the list has no fields, so no AI call).
    await deliver(messages);
    const done = await getJob(token, job.id);
    expect(done).toMatchObject({ status: "completed", processed: 3, usage: { ...usage, youtubeUnits: 2 } });
    // A finished job never changes again, its usage included.
    await hub.report(job.id, [], { aiCalls: 5 });
    expect((await getJob(token, job.id)).usage).toEqual(done.usage);
  });
});

describe("live rows", () => {
  it("progress events name each video as it moves to processing, then completed or failed", async () => {
    const user = await signUp("rows");
    const list = await createList(user.token, { name: "Rows" });
    await addVideos(user.token, list.id, [ytId(1), ytId(2), ytId(3)]);
    upstream().missing.add(ytId(2));
    const tab = await connectProgressSocket(user.token);
    const { job, messages } = await startJobWithoutSending(user.userId, list.id);
    const changes = () =>
      tab
        .progress()
        .filter((event: ProgressEvent) => event.jobId === job.id)
        .flatMap((event) => event.videos ?? []);
    // YouTube answers only once the rows were shown as processing, as a slow upstream would.
    upstream().override("videos", async () => {
      await until("rows shown as processing", () => changes().filter((c) => c.status === "processing").length === 3);
      return undefined;
    });
    await deliver(messages);
    await until("the final event", () => tab.progress().some((event) => event.status === "completed_with_errors"));

    for (const message of messages) {
      const moves = changes()
        .filter((change) => change.id === message.videoId)
        .map((change) => change.status);
      const failed = message.youtubeId === ytId(2);
      expect(moves, message.youtubeId).toEqual(["processing", failed ? "failed" : "completed"]);
    }
    expect(changes().find((change) => change.status === "failed")?.error).toMatch(/unavailable or private/i);
    tab.close();
  });
});
