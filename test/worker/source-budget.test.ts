/**
 * Sources under the upstream budget, through the real routes and consumers with YouTube faked at
 * the fetch boundary: every request a preview, import, subscription or check sends counts one
 * unit in the user's usage for the day; a throttle (403 rateLimitExceeded) is waited out, not a
 * failure; and sources share the pipeline's governor for the key, so the pipeline and sources
 * draw on one YOUTUBE_QPS budget and one used-up quota stops both. Tests that teach a governor
 * something use a YouTube key of their own.
 */
import { describe, expect, it, vi } from "vitest";
import { nextQuotaReset } from "../../src/domain/quota-reset";
import { governorFor } from "../../src/durable/governor-client";
import { quotaExceededBody, youtubeRateLimitBody } from "../support/fake-upstream-data";
import {
  addVideos,
  allVideos,
  type CallOptions,
  call,
  callJson,
  createList,
  expectErrorResponse,
  signUp,
  ytId,
} from "./helpers";
import { type FakeUpstream, useFakeUpstream, withOwnCredentials } from "./support/fake-upstream-fetch";
import { deliver, startJobWithoutSending } from "./support/jobs";

vi.setConfig({ testTimeout: 30_000 });
const upstream = useFakeUpstream();
const answer = (body: unknown, status: number) => Response.json(body, { status });

/** Every YouTube Data API request the fake received: each costs a unit. */
const requestsSent = ({ calls }: FakeUpstream) => calls.channels + calls.playlists + calls.playlistItems + calls.videos;
const unitsToday = async (token: string) => (await callJson("/api/usage", { token, expect: 200 })).youtubeUnits;
const snapshotOf = async (bindings: Cloudflare.Env) =>
  (await governorFor(bindings, "youtube", bindings.YOUTUBE_API_KEY as string)).snapshot();
const importFrom = (token: string, listId: string, body: Record<string, unknown>, options: CallOptions = {}) =>
  call(`/api/lists/${listId}/sources/import`, { ...options, token, body });

describe("YouTube units of source reads", () => {
  it("a preview, an import, a subscription and its checks (now and scheduled) each add what they sent to today's usage", async () => {
    const { token } = await signUp("units");
    const list = await createList(token);
    expect(await unitsToday(token)).toBe(0);

    await callJson(`/api/lists/${list.id}/sources/preview`, { token, body: { url: "@units-120" }, expect: 200 });
    expect(await unitsToday(token)).toBe(2); // channels.list and the first page
    const imported = await callJson(`/api/lists/${list.id}/sources/import`, {
      token,
      body: { url: "@units-120" },
      expect: 200,
    });
    expect(imported).toMatchObject({ added: 120, youtubeUnits: 4 });
    expect(await unitsToday(token)).toBe(6);

    const sub = await callJson(`/api/lists/${list.id}/subscriptions`, {
      token,
      body: { url: "https://www.youtube.com/playlist?list=PLunits_30" },
      expect: 201,
    });
    await callJson(`/api/subscriptions/${sub.id}/check`, { token, method: "POST", expect: 200 });
    const scheduled = await deliver(
      [{ kind: "subscription-check", subscriptionId: sub.id }],
      1,
      undefined,
      "subscription-checks",
    );
    expect(scheduled.explicitAcks).toHaveLength(1);
    expect(await unitsToday(token)).toBe(requestsSent(upstream()));
    expect(requestsSent(upstream())).toBeGreaterThan(6 + 2);

    const other = await signUp("units");
    expect(await unitsToday(other.token)).toBe(0);
  });

  it("a failed import counts the requests it sent and adds nothing", async () => {
    const { token } = await signUp("units");
    const list = await createList(token);
    let pages = 0;
    upstream().override("playlistItems", () =>
      ++pages === 3 ? answer({ error: { code: 500, message: "Backend Error" } }, 500) : undefined,
    );
    await expectErrorResponse(
      await importFrom(token, list.id, { url: "@units-fail-400" }),
      503,
      "upstream_unavailable",
    );
    expect(await allVideos(token, list.id)).toEqual([]);
    expect(await unitsToday(token)).toBe(4); // channels.list and three pages, the last refused
  });
});

describe("a throttle while reading a source", () => {
  it("403 rateLimitExceeded on a page is waited out: the import completes, and the governor slowed down", async () => {
    const bindings = withOwnCredentials();
    const { token } = await signUp("throttle");
    const list = await createList(token);
    let pages = 0;
    upstream().override("playlistItems", () =>
      ++pages === 2 ? answer(youtubeRateLimitBody("rateLimitExceeded"), 403) : undefined,
    );
    const res = await importFrom(token, list.id, { url: "@throttled-120" }, { bindings });
    expect(res.status, await res.clone().text()).toBe(200);
    // The refused page was asked again and counts: YouTube charges refused requests too.
    expect(await res.json()).toMatchObject({ added: 120, duplicates: 0, youtubeUnits: 5 });
    expect(await allVideos(token, list.id)).toHaveLength(120);
    expect(await snapshotOf(bindings)).toMatchObject({ throttled: 1, granted: 5 });
  });

  it("a throttle that does not let up answers 429 with Retry-After, and nothing is added", async () => {
    const bindings = withOwnCredentials();
    const { token } = await signUp("throttle");
    const list = await createList(token);
    upstream().override("playlistItems", () => answer(youtubeRateLimitBody("userRateLimitExceeded"), 403));
    const res = await importFrom(token, list.id, { url: "@throttled-60" }, { bindings });
    const retryAfter = Number(res.headers.get("retry-after"));
    const error = await expectErrorResponse(res, 429, "rate_limited");
    expect(error.message).toMatch(/limiting/);
    expect(retryAfter).toBeGreaterThanOrEqual(59);
    expect(retryAfter).toBeLessThanOrEqual(61);
    expect(await allVideos(token, list.id)).toEqual([]);
  });
});

describe("one budget for sources and the pipeline", () => {
  it("source reads and the pipeline's videos.list take permits from the same governor", async () => {
    const bindings = withOwnCredentials();
    const { token, userId } = await signUp("shared");
    const list = await createList(token);
    const imported = await (await importFrom(token, list.id, { url: "@shared-40" }, { bindings })).json<any>();
    expect(imported).toMatchObject({ added: 40, youtubeUnits: 2 });
    expect((await snapshotOf(bindings)).granted).toBe(2);

    const { messages } = await startJobWithoutSending(userId, list.id);
    await deliver(messages, 1, bindings);
    expect(upstream().calls.videos).toBe(1);
    expect((await snapshotOf(bindings)).granted).toBe(3);
  });

  it("a used-up quota heard by an import parks the pipeline's job with that key without asking YouTube", async () => {
    const bindings = withOwnCredentials();
    const { token, userId } = await signUp("shared");
    const waiting = await createList(token, { name: "Waiting" });
    await addVideos(
      token,
      waiting.id,
      Array.from({ length: 5 }, (_, i) => ytId(300 + i)),
    );
    const { job, messages } = await startJobWithoutSending(userId, waiting.id);

    const other = await createList(token, { name: "Import" });
    upstream().override("playlistItems", () => answer(quotaExceededBody(), 403));
    await expectErrorResponse(
      await importFrom(token, other.id, { url: "@shared-quota-80" }, { bindings }),
      429,
      "rate_limited",
    );

    await deliver(messages, 1, bindings);
    expect(upstream().calls.videos).toBe(0);
    expect(await callJson(`/api/jobs/${job.id}`, { token, expect: 200 })).toMatchObject({
      status: "paused",
      pausedReason: "quota",
      resumesAt: new Date(nextQuotaReset("midnight-pacific", Date.now())).toISOString(),
    });
  });

  it("a used-up quota heard by the pipeline answers an import 429 at the reset without asking YouTube", async () => {
    const bindings = withOwnCredentials();
    const { token, userId } = await signUp("shared");
    const list = await createList(token);
    await addVideos(token, list.id, [ytId(400), ytId(401)]);
    upstream().override("videos", () => answer(quotaExceededBody(), 403));
    const { messages } = await startJobWithoutSending(userId, list.id);
    await deliver(messages, 1, bindings);

    const res = await importFrom(token, list.id, { url: "@after-quota-50" }, { bindings });
    const retryAfter = Number(res.headers.get("retry-after"));
    const error = await expectErrorResponse(res, 429, "rate_limited");
    expect(error.message).toMatch(/quota/i);
    const reset = nextQuotaReset("midnight-pacific", Date.now());
    expect(Math.abs(Date.now() + retryAfter * 1000 - reset)).toBeLessThan(5_000);
    expect(upstream().calls).toMatchObject({ channels: 0, playlistItems: 0 });
    expect(await unitsToday(token)).toBe(0);
  });
});
