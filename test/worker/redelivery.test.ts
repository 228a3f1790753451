import { evictAllDurableObjects } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { addVideos, createList, signUp, ytId } from "./helpers";
import { useFakeUpstream } from "./support/fake-upstream-fetch";
import { deliver, jobRow, startJobWithoutSending, until, videoStatuses, withFailingD1Batch } from "./support/jobs";

const upstream = useFakeUpstream();

async function jobOf(size: number) {
  const { token, userId } = await signUp();
  const list = await createList(token, {
    name: "Redelivery",
    fields: [{ key: "topic", label: "Topic", type: "text" }],
  });
  await addVideos(
    token,
    list.id,
    Array.from({ length: size }, (_, i) => ytId(i)),
  );
  return startJobWithoutSending(userId, list.id);
}

describe("exact counts whatever the deliveries", () => {
  it("counts a batch delivered twice, and twice at once, exactly once", async () => {
    const { job, messages } = await jobOf(60);
    const first = messages.slice(0, 30);
    const rest = messages.slice(30);

    const result = await deliver(first);
    expect(result.explicitAcks).toHaveLength(30);
    const callsAfterFirst = upstream().calls.videos;
    await deliver(first);
    // A redelivered, already-finished video costs no upstream call.
    expect(upstream().calls.videos).toBe(callsAfterFirst);
    // Results are reported per AI call, and the hub writes counters to D1 at most once a second.
    await until("the first 30 counted in D1", async () => (await jobRow(job.id)).processed === 30);
    expect(await jobRow(job.id)).toMatchObject({ status: "running", processed: 30, failed: 0 });

    await Promise.all([deliver(rest), deliver(rest)]);
    expect(await jobRow(job.id)).toMatchObject({ status: "completed", total: 60, processed: 60, failed: 0 });
    expect(await videoStatuses(job.id)).toEqual({ completed: 60 });
  });

  it("finishes exactly after a partial success is redelivered whole", async () => {
    const { job, messages } = await jobOf(40);
    await deliver(messages.slice(0, 25));
    await deliver(messages);
    expect(await jobRow(job.id)).toMatchObject({ status: "completed", processed: 40, failed: 0 });
  });

  it("redelivers the whole batch when the results write fails mid-batch, then counts it once", async () => {
    const { job, messages } = await jobOf(20);
    // Call 1 reads the batch's context; call 2 writes its results.
    await expect(deliver(messages, 1, withFailingD1Batch(2))).rejects.toThrow("simulated write failure");
    expect(await jobRow(job.id)).toMatchObject({ status: "running", processed: 0, failed: 0 });

    await deliver(messages, 2);
    expect(await jobRow(job.id)).toMatchObject({ status: "completed", processed: 20, failed: 0 });
  });

  it("retries messages with backoff when the network fails, counting nothing until they succeed", async () => {
    const { job, messages } = await jobOf(10);
    upstream().override("generateContent", () => {
      throw new TypeError("Network connection lost.");
    });
    const result = await deliver(messages);
    expect(result.retryMessages).toHaveLength(10);
    expect(result.retryDelays.every((delay) => (delay ?? 0) >= 5)).toBe(true);
    expect(await jobRow(job.id)).toMatchObject({ processed: 0, failed: 0 });

    upstream().override("generateContent", () => undefined);
    await deliver(messages, 2);
    expect(await jobRow(job.id)).toMatchObject({ status: "completed", processed: 10, failed: 0 });
  });

  it("keeps exact counts when the Durable Object is evicted mid-job", async () => {
    const { job, messages } = await jobOf(50);
    await deliver(messages.slice(0, 20));
    await evictAllDurableObjects();
    await deliver(messages.slice(10, 35));
    await evictAllDurableObjects();
    await deliver(messages);
    expect(await jobRow(job.id)).toMatchObject({ status: "completed", total: 50, processed: 50, failed: 0 });
  });

  it("acknowledges and drops malformed messages instead of retrying them forever", async () => {
    const result = await deliver([{ kind: "video", jobId: 42 }, "not even an object"]);
    expect(result.explicitAcks).toHaveLength(2);
    expect(result.retryMessages).toHaveLength(0);
  });
});
