/**
 * Daily quotas and long waits, through the real consumer and the credential's governor: a used-up
 * quota (YouTube quotaExceeded, Gemini's per-day QuotaFailure) stops the job without recording
 * any video as processed or failed, and every later call with that credential is refused by the
 * governor without reaching the upstream; a RetryInfo longer than the consumer can wait inline
 * is not spent as failures either. Each test has credentials of its own, so its governors start
 * fresh.
 */
import { describe, expect, it } from "vitest";
import { nextQuotaReset } from "../../src/domain/quota-reset";
import { geminiQuotaBody, quotaExceededBody } from "../support/fake-upstream-data";
import { addVideos, allVideos, callJson, createList, signUp, ytId } from "./helpers";
import { useFakeUpstream, withOwnCredentials } from "./support/fake-upstream-fetch";
import { deliver, jobRow, startJobWithoutSending } from "./support/jobs";

const FIELDS = [{ key: "level", label: "Level", type: "enum", options: ["easy", "hard"] }];
const upstream = useFakeUpstream();
const json = (body: unknown, status: number) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=UTF-8" } });
const ids = (count: number, from = 0) => Array.from({ length: count }, (_, i) => ytId(from + i));

async function jobOf(youtubeIds: string[]) {
  const { token, userId } = await signUp("quota");
  const list = await createList(token, { name: "Quota", fields: FIELDS });
  await addVideos(token, list.id, youtubeIds);
  const { job, messages } = await startJobWithoutSending(userId, list.id);
  return { token, userId, listId: list.id, job, messages };
}

/** No video of the list was recorded as processed or failed because of the limit. */
async function expectNothingRecorded(token: string, listId: string) {
  for (const video of await allVideos(token, listId)) {
    expect(["queued", "pending"]).toContain(video.status);
    expect(video.processedVersion).toBeNull();
    expect(video.error).toBeNull();
  }
}

describe("a used-up daily quota", () => {
  it("YouTube quotaExceeded stops the job with the reset time; later calls with the key never reach YouTube", async () => {
    const bindings = withOwnCredentials();
    upstream().override("videos", () => json(quotaExceededBody(), 403));
    const first = await jobOf(ids(12));
    await deliver(first.messages, 1, bindings);
    const stopped = await callJson(`/api/jobs/${first.job.id}`, { token: first.token, expect: 200 });
    const resetsAt = new Date(nextQuotaReset("midnight-pacific", Date.now())).toISOString();
    expect(stopped.errorMessage).toMatch(/quota/i);
    expect(stopped.errorMessage).toContain(resetsAt);
    expect(stopped).toMatchObject({ processed: 0, failed: 0 });
    await expectNothingRecorded(first.token, first.listId);
    expect(upstream().calls.generateContent).toBe(0);
    expect(upstream().calls.videos).toBe(1);

    // Another job with the same key: the governor already knows, and YouTube is not asked.
    const second = await jobOf(ids(5, 100));
    await deliver(second.messages, 1, bindings);
    expect(upstream().calls.videos).toBe(1);
    expect((await jobRow(second.job.id)).error_message).toMatch(/quota/i);
    await expectNothingRecorded(second.token, second.listId);
  });

  it("Gemini's per-day QuotaFailure stops the job; the videos of calls that never ran are not failed", async () => {
    const bindings = withOwnCredentials();
    upstream().override("generateContent", () =>
      json(geminiQuotaBody("gemini-3.5-flash-lite", "day", 40_000, 20), 429),
    );
    const { token, listId, job, messages } = await jobOf(ids(45));
    await deliver(messages, 1, bindings);
    // The batch's three calls (20 + 20 + 5 videos) went out together and were refused; the
    // stopped job's redelivered messages ask nothing more.
    expect(upstream().calls.generateContent).toBe(3);
    await deliver(messages, 2, bindings);
    expect(upstream().calls.generateContent).toBe(3);
    const stopped = await callJson(`/api/jobs/${job.id}`, { token, expect: 200 });
    expect(stopped.errorMessage).toMatch(/daily quota/);
    expect(stopped).toMatchObject({ processed: 0, failed: 0 });
    await expectNothingRecorded(token, listId);
  });
});

describe("a wait longer than the consumer waits inline", () => {
  it("a per-minute 429 whose RetryInfo is minutes away fails nothing: the videos wait that long", async () => {
    const bindings = withOwnCredentials();
    upstream().override("generateContent", () =>
      json(geminiQuotaBody("gemini-3.5-flash-lite", "minute", 120, 15), 429),
    );
    const { token, listId, job, messages } = await jobOf(ids(6));
    const result = await deliver(messages, 1, bindings);
    expect(result.retryMessages).toHaveLength(6);
    for (const delay of result.retryDelays) expect(delay).toBeGreaterThanOrEqual(115);
    expect(await jobRow(job.id)).toMatchObject({ status: "running", processed: 0, failed: 0 });
    await expectNothingRecorded(token, listId);
    expect(upstream().calls.generateContent).toBe(1);
  });
});
