/**
 * The alarm's reconciler on the windowed model: a running job with no report for a while has
 * its in-flight window checked against D1 — finished videos counted, lost ones sent again,
 * deleted ones counted as failed, and after MAX_REDRIVES re-sends a video fails as timed out.
 */
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { MAX_REDRIVES, TIMED_OUT, VANISHED } from "../../src/durable/reconciler";
import { addVideos, createList, signUp, ytId } from "./helpers";
import { useFakeUpstream } from "./support/fake-upstream-fetch";
import {
  deliver,
  hubStub,
  jobRow,
  releaseHubSends,
  startJobWithoutSending,
  until,
  videoStatuses,
  withHubOverrides,
} from "./support/jobs";

useFakeUpstream();

async function stalledJob(size: number, hubWindow?: number) {
  const { token, userId } = await signUp();
  const list = await createList(token, { name: "Stalled" });
  await addVideos(
    token,
    list.id,
    Array.from({ length: size }, (_, i) => ytId(i)),
  );
  const started = await startJobWithoutSending(userId, list.id, { hubWindow });
  return { ...started, userId, stub: hubStub(userId) };
}

/** Pretends the job's last report was long ago (as after a runtime crash); optionally sets re-sends so far. */
async function ageJob(userId: string, jobId: string, redrives?: number) {
  await runInDurableObject(hubStub(userId), (_instance, state) => {
    state.storage.sql.exec("UPDATE jobs SET last_report_at = 0 WHERE id = ?", jobId);
    if (redrives !== undefined)
      state.storage.sql.exec("UPDATE work SET redrives = ? WHERE job_id = ?", redrives, jobId);
  });
}

describe("the alarm reconciler makes every job end", () => {
  it("re-sends the in-flight window of a job whose messages were lost, and the job completes", async () => {
    const { job, messages, sent, userId, stub } = await stalledJob(30);
    expect(sent).toHaveLength(30);
    // A third was processed before the "crash"; the rest of the messages are gone.
    await deliver(messages.slice(0, 10));
    await ageJob(userId, job.id);
    await releaseHubSends(userId);
    expect(await runDurableObjectAlarm(stub)).toBe(true);

    await until("the job to finish", async () => (await jobRow(job.id)).status !== "running");
    expect(await jobRow(job.id)).toMatchObject({ status: "completed", total: 30, processed: 30, failed: 0 });
    expect(await videoStatuses(job.id)).toEqual({ completed: 30 });
  });

  it("re-sends only what was in flight; the rest of a job bigger than the window follows as room frees", async () => {
    const { job, messages, sent, userId, stub } = await stalledJob(25, 10);
    expect(sent.map((m) => m.videoId)).toEqual(messages.slice(0, 10).map((m) => m.videoId));
    await ageJob(userId, job.id);
    await runDurableObjectAlarm(stub);
    // The same ten again, nothing more: the window is still full of them.
    expect(sent.slice(10).map((m) => m.videoId)).toEqual(messages.slice(0, 10).map((m) => m.videoId));
    await releaseHubSends(userId);
    await deliver(sent.slice(10));
    await until("the job to finish", async () => (await jobRow(job.id)).status !== "running");
    expect(await jobRow(job.id)).toMatchObject({ status: "completed", total: 25, processed: 25, failed: 0 });
  });

  it("counts videos D1 finished but whose report never reached the hub", async () => {
    const { job, messages, userId, stub } = await stalledJob(12);
    const reportLost = withHubOverrides({
      report: async () => {
        throw new Error("Network connection lost.");
      },
    });
    // Written to D1, then the report is lost and the messages are never delivered again.
    const result = await deliver(messages, 1, reportLost);
    expect(result.retryMessages).toHaveLength(12);
    expect(await videoStatuses(job.id)).toEqual({ completed: 12 });
    expect(await jobRow(job.id)).toMatchObject({ status: "running", processed: 0 });

    await ageJob(userId, job.id);
    await runDurableObjectAlarm(stub);
    expect(await jobRow(job.id)).toMatchObject({ status: "completed", processed: 12, failed: 0 });
  });

  it(`fails videos as timed out after ${MAX_REDRIVES} re-sends, so the job still ends exactly`, async () => {
    const { job, messages, userId, stub } = await stalledJob(8);
    await deliver(messages.slice(0, 3));
    await ageJob(userId, job.id, MAX_REDRIVES);
    await runDurableObjectAlarm(stub);

    expect(await jobRow(job.id)).toMatchObject({ status: "completed_with_errors", total: 8, processed: 3, failed: 5 });
    const { results } = await env.DB.prepare("SELECT error FROM videos WHERE job_id = ? AND status = 'failed'")
      .bind(job.id)
      .all<{ error: string }>();
    expect(results.map((row) => row.error)).toEqual(Array(5).fill(TIMED_OUT));
  });

  it("counts videos deleted mid-job as failed rather than waiting for them forever", async () => {
    const { job, messages, userId, stub } = await stalledJob(6);
    await deliver(messages.slice(0, 4));
    await env.DB.prepare("DELETE FROM videos WHERE id IN (?, ?)")
      .bind(messages[4]!.videoId, messages[5]!.videoId)
      .run();
    await ageJob(userId, job.id);
    await runDurableObjectAlarm(stub);
    expect(await jobRow(job.id)).toMatchObject({ status: "completed_with_errors", processed: 4, failed: 2 });
    const history = await hubStub(userId).history(job.id, 0, 100);
    expect(history.items.flatMap((event) => event.videos ?? [])).toContainEqual({
      id: messages[4]!.videoId,
      status: "failed",
      error: VANISHED,
    });
  });

  it("leaves a job that is still reporting alone", async () => {
    const { job, messages, sent, stub } = await stalledJob(5);
    await deliver(messages.slice(0, 2));
    await runDurableObjectAlarm(stub);
    expect(await jobRow(job.id)).toMatchObject({ status: "running", processed: 2 });
    expect(await videoStatuses(job.id)).toEqual({ completed: 2, queued: 3 });
    expect(sent).toHaveLength(5);
  });
});
