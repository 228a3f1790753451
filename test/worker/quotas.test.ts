/**
 * Daily quotas and long waits, through the real consumer, the credential's governor and the
 * user's hub: a used-up quota (YouTube quotaExceeded, Gemini's per-day QuotaFailure) parks the
 * job (paused, `pausedReason: "quota"`, `resumesAt` the next midnight Pacific) with its videos
 * claimed and untouched, and every later call with that credential is refused by the governor
 * without reaching the upstream; a RetryInfo longer than the consumer waits inline parks it for
 * the rate limit instead of spending delivery attempts. Each test has credentials of its own, so
 * its governors start fresh.
 */
import { describe, expect, it } from "vitest";
import { nextQuotaReset } from "../../src/domain/quota-reset";
import { geminiQuotaBody, quotaExceededBody } from "../support/fake-upstream-data";
import { addVideos, allVideos, callJson, createList, signUp, ytId } from "./helpers";
import { useFakeUpstream, withOwnCredentials } from "./support/fake-upstream-fetch";
import { deliver, expectJobOverAndCounted, getJob, startJobWithoutSending, until } from "./support/jobs";

const FIELDS = [{ key: "level", label: "Level", type: "enum", options: ["easy", "hard"] }];
const upstream = useFakeUpstream();
const json = (body: unknown, status: number) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=UTF-8" } });
const ids = (count: number, from = 0) => Array.from({ length: count }, (_, i) => ytId(from + i));

async function jobOf(youtubeIds: string[]) {
  const { token, userId } = await signUp("quota");
  const list = await createList(token, { name: "Quota", fields: FIELDS });
  await addVideos(token, list.id, youtubeIds);
  const { job, messages, sent } = await startJobWithoutSending(userId, list.id);
  return { token, userId, listId: list.id, job, messages, sent };
}

/** No video of the list was recorded as processed or failed because of the limit: all still the job's, queued. */
async function expectUntouched(token: string, listId: string) {
  for (const video of await allVideos(token, listId)) {
    expect(video.status, video.youtubeId).toBe("queued");
    expect(video.processedVersion).toBeNull();
    expect(video.error).toBeNull();
  }
}

const nextPacificMidnight = () => new Date(nextQuotaReset("midnight-pacific", Date.now())).toISOString();

describe("a used-up daily quota parks the job", () => {
  it("YouTube quotaExceeded: paused for quota until midnight Pacific, videos untouched; later jobs with the key park without asking YouTube; /resume finishes it", async () => {
    const bindings = withOwnCredentials();
    upstream().override("videos", () => json(quotaExceededBody(), 403));
    const first = await jobOf(ids(12));
    const result = await deliver(first.messages, 1, bindings);
    expect(result.retryMessages).toHaveLength(0);
    const parked = await callJson(`/api/jobs/${first.job.id}`, { token: first.token, expect: 200 });
    expect(parked).toMatchObject({ status: "paused", pausedReason: "quota", processed: 0, failed: 0 });
    expect(parked.resumesAt).toBe(nextPacificMidnight());
    await expectUntouched(first.token, first.listId);
    const history = await callJson(`/api/jobs/${first.job.id}/progress-history`, { token: first.token, expect: 200 });
    expect(history.items.at(-1)).toMatchObject({ status: "paused", message: expect.stringMatching(/quota/i) });
    expect(upstream().calls.generateContent).toBe(0);
    expect(upstream().calls.videos).toBe(1);

    // Another job with the same key: the governor already knows, and YouTube is not asked.
    const second = await jobOf(ids(5, 100));
    await deliver(second.messages, 1, bindings);
    expect(upstream().calls.videos).toBe(1);
    expect(await callJson(`/api/jobs/${second.job.id}`, { token: second.token, expect: 200 })).toMatchObject({
      status: "paused",
      pausedReason: "quota",
    });

    // The owner resumes early (say, with a raised quota, here another key): the hub sends the
    // untouched videos again and the job ends with exact counts.
    upstream().override("videos", () => undefined);
    await callJson(`/api/jobs/${first.job.id}/resume`, { token: first.token, method: "POST", expect: 200 });
    await until("the resumed job's videos sent again", () => first.sent.length >= 12);
    await deliver(first.sent.slice(-12));
    const done = await getJob(first.token, first.job.id);
    expectJobOverAndCounted(done);
    expect(done).toMatchObject({ status: "completed", processed: 12, failed: 0, pausedReason: null, resumesAt: null });
  });

  it("Gemini's per-day QuotaFailure: paused for quota; no video recorded as processed or failed", async () => {
    const bindings = withOwnCredentials();
    upstream().override("generateContent", () =>
      json(geminiQuotaBody("gemini-3.5-flash-lite", "day", 40_000, 20), 429),
    );
    const { token, listId, job, messages } = await jobOf(ids(45));
    const result = await deliver(messages, 1, bindings);
    expect(result.retryMessages).toHaveLength(0);
    // The batch's three calls (20 + 20 + 5 videos) went out together and were refused; a
    // redelivery while parked asks nothing more.
    expect(upstream().calls.generateContent).toBe(3);
    await deliver(messages, 2, bindings);
    expect(upstream().calls.generateContent).toBe(3);
    const parked = await callJson(`/api/jobs/${job.id}`, { token, expect: 200 });
    expect(parked).toMatchObject({ status: "paused", pausedReason: "quota", processed: 0, failed: 0 });
    expect(parked.resumesAt).toBe(nextPacificMidnight());
    await expectUntouched(token, listId);
  });
});

describe("a wait longer than the consumer waits inline parks the job for the rate limit", () => {
  it("a per-minute 429 whose RetryInfo is two minutes away: paused until then, no delivery attempt spent, nothing failed", async () => {
    const bindings = withOwnCredentials();
    upstream().override("generateContent", () =>
      json(geminiQuotaBody("gemini-3.5-flash-lite", "minute", 120, 15), 429),
    );
    const { token, listId, job, messages } = await jobOf(ids(6));
    const before = Date.now();
    const result = await deliver(messages, 1, bindings);
    expect(result.retryMessages).toHaveLength(0);
    expect(result.explicitAcks).toHaveLength(6);
    const parked = await callJson(`/api/jobs/${job.id}`, { token, expect: 200 });
    expect(parked).toMatchObject({ status: "paused", pausedReason: "rate_limit", processed: 0, failed: 0 });
    const resumesAt = Date.parse(parked.resumesAt);
    expect(resumesAt).toBeGreaterThanOrEqual(before + 119_000);
    expect(resumesAt).toBeLessThanOrEqual(Date.now() + 121_000);
    await expectUntouched(token, listId);
    expect(upstream().calls.generateContent).toBe(1);
  });
});
