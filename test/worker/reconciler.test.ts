import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { hubFor } from "../../src/durable/hub-client";
import type { ProgressHub } from "../../src/durable/progress-hub";
import { MAX_REDRIVES, TIMED_OUT } from "../../src/durable/reconciler";
import { addVideos, createList, signUp, ytId } from "./helpers";
import { useFakeUpstream } from "./support/fake-upstream-fetch";
import { deliver, jobRow, startJobWithoutSending, videoStatuses } from "./support/jobs";

useFakeUpstream();

async function stalledJob(size: number) {
  const { token, userId } = await signUp();
  const list = await createList(token, { name: "Stalled" });
  await addVideos(
    token,
    list.id,
    Array.from({ length: size }, (_, i) => ytId(i)),
  );
  const started = await startJobWithoutSending(userId, list.id);
  return { ...started, userId, hub: hubFor(env, userId) };
}

/** Pretends the job's last report was long ago, as after a runtime crash. */
async function ageJob(hub: DurableObjectStub<ProgressHub>, jobId: string, redrives = 0) {
  await runInDurableObject(hub, (_instance, state) => {
    state.storage.sql.exec("UPDATE jobs SET last_report_at = 0, redrives = ? WHERE id = ?", redrives, jobId);
  });
}

async function waitFor(check: () => Promise<boolean>) {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("condition not reached");
}

describe("the alarm reconciler makes every job end", () => {
  it("re-enqueues the videos of a job whose messages were lost, and the job completes", async () => {
    const { job, messages, hub } = await stalledJob(30);
    // A third was processed before the "crash"; the rest of the messages are gone.
    await deliver(messages.slice(0, 10));
    await ageJob(hub, job.id);
    expect(await runDurableObjectAlarm(hub)).toBe(true);

    await waitFor(async () => (await jobRow(job.id)).status !== "running");
    expect(await jobRow(job.id)).toMatchObject({ status: "completed", total: 30, processed: 30, failed: 0 });
    expect(await videoStatuses(job.id)).toEqual({ completed: 30 });
  });

  it("counts videos D1 finished but whose report never reached the hub", async () => {
    const { job, messages, hub } = await stalledJob(12);
    await deliver(messages);
    // Forget what the hub counted, as if the report was lost after D1 committed.
    await runInDurableObject(hub, (_instance, state) => {
      state.storage.sql.exec(
        "UPDATE jobs SET processed = 0, failed = 0, status = 'running', finished_at = NULL WHERE id = ?",
        job.id,
      );
      state.storage.sql.exec("DELETE FROM outcomes WHERE job_id = ?", job.id);
    });
    await env.DB.prepare("UPDATE jobs SET status = 'running', processed = 0, finished_at = NULL WHERE id = ?")
      .bind(job.id)
      .run();
    await ageJob(hub, job.id);
    await runDurableObjectAlarm(hub);
    expect(await jobRow(job.id)).toMatchObject({ status: "completed", processed: 12, failed: 0 });
  });

  it(`fails videos as timed out after ${MAX_REDRIVES} re-drives, so the job still ends exactly`, async () => {
    const { job, messages, hub } = await stalledJob(8);
    await deliver(messages.slice(0, 3));
    await ageJob(hub, job.id, MAX_REDRIVES);
    await runDurableObjectAlarm(hub);

    expect(await jobRow(job.id)).toMatchObject({ status: "completed_with_errors", total: 8, processed: 3, failed: 5 });
    const { results } = await env.DB.prepare("SELECT error FROM videos WHERE job_id = ? AND status = 'failed'")
      .bind(job.id)
      .all<{ error: string }>();
    expect(results.map((row) => row.error)).toEqual(Array(5).fill(TIMED_OUT));
  });

  it("counts videos deleted mid-job as failed rather than waiting for them forever", async () => {
    const { job, messages, hub } = await stalledJob(6);
    await deliver(messages.slice(0, 4));
    await env.DB.prepare("DELETE FROM videos WHERE id IN (?, ?)")
      .bind(messages[4]!.videoId, messages[5]!.videoId)
      .run();
    await ageJob(hub, job.id, MAX_REDRIVES);
    await runDurableObjectAlarm(hub);
    expect(await jobRow(job.id)).toMatchObject({ status: "completed_with_errors", processed: 4, failed: 2 });
  });

  it("leaves a job that is still reporting alone", async () => {
    const { job, messages, hub } = await stalledJob(5);
    await deliver(messages.slice(0, 2));
    await runDurableObjectAlarm(hub);
    expect(await jobRow(job.id)).toMatchObject({ status: "running", processed: 2 });
    expect(await videoStatuses(job.id)).toEqual({ completed: 2, queued: 3 });
  });
});
