/**
 * The upstream governor: the pacing arithmetic on its own (permits spaced to the configured
 * rate, refusals reserve nothing, a throttle cuts the rate once per burst and blocks everyone
 * until its RetryInfo, recovery over minutes, quotas refuse all but a probe), then the Durable
 * Object shared by concurrent callers, and the daily quota reset times.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { nextMidnight, nextQuotaReset } from "../../src/domain/quota-reset";
import { governed, governorFor, MustWait } from "../../src/durable/governor-client";
import {
  HEADROOM,
  initialPaceState,
  type Pace,
  type PaceState,
  rateFactor,
  reserve,
  settle,
} from "../../src/durable/pacing";
import type { UpstreamGovernor } from "../../src/durable/upstream-governor";
import { UpstreamError } from "../../src/providers/upstream-error";

const PACE: Pace = { perMinute: 60 };
const INTERVAL = 60_000 / (60 * HEADROOM);

/** Asks for `count` permits at `now`, each waiting as long as it must; returns when each may start. */
function startTimes(state: PaceState, pace: Pace, count: number, now: number, tokens?: number) {
  const starts: number[] = [];
  let current = state;
  for (let i = 0; i < count; i++) {
    const { state: next, permit } = reserve(current, pace, { tokens }, now, Number.POSITIVE_INFINITY);
    if (!permit.granted) throw new Error("refused");
    starts.push(now + permit.waitMs);
    current = next;
  }
  return { starts, state: current };
}

describe("pacing", () => {
  it("spaces requests a little under the configured rate, and never more than R in any minute", () => {
    const { starts } = startTimes(initialPaceState(), PACE, 200, 1_000_000);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(INTERVAL - 1);
    for (let i = 0; i + 60 < starts.length; i++) expect(starts[i + 60]! - starts[i]!).toBeGreaterThan(60_000);
    // …and as close to it as the headroom allows: 200 requests take 200 / (0.97 R) minutes.
    expect(starts.at(-1)! - starts[0]!).toBeLessThan((200 * INTERVAL) / 1 + 1);
  });

  it("lets a burst through back to back when the limit is per second", () => {
    const { starts } = startTimes(initialPaceState(), { perMinute: 600, burst: 10 }, 10, 0);
    expect(new Set(starts)).toEqual(new Set([0]));
  });

  it("spaces calls by their input tokens under a tokens-per-minute limit", () => {
    const pace: Pace = { perMinute: 1_000, tokensPerMinute: 60_000 };
    const { starts } = startTimes(initialPaceState(), pace, 3, 0, 10_000);
    // 10,000 tokens each at 60,000 per minute: about 10 s apart.
    expect(starts[1]! - starts[0]!).toBeCloseTo(10_000 / HEADROOM, -1);
    expect(starts[2]! - starts[1]!).toBeCloseTo(10_000 / HEADROOM, -1);
  });

  it("refuses a caller who cannot wait that long, and the refusal reserves nothing", () => {
    let state = startTimes(initialPaceState(), PACE, 5, 0).state;
    const refused = reserve(state, PACE, {}, 0, 1_000);
    expect(refused.permit).toMatchObject({ granted: false, reason: "rate_limit" });
    expect(refused.permit.granted === false && refused.permit.retryAt).toBeGreaterThan(4_000);
    expect(refused.state.tat).toBe(state.tat);
    state = refused.state;
    expect(reserve(state, PACE, {}, 0, 60_000).permit).toMatchObject({
      granted: true,
      waitMs: Math.ceil(5 * INTERVAL),
    });
  });

  it("a throttle blocks everyone until its RetryInfo, and cuts the rate once per burst of refusals", () => {
    let state = settle(initialPaceState(), PACE, { kind: "throttled", retryAfterMs: 26_000 }, 0);
    state = settle(state, PACE, { kind: "throttled", retryAfterMs: 26_000 }, 100);
    state = settle(state, PACE, { kind: "throttled" }, 200);
    expect(rateFactor(state, 200)).toBeCloseTo(0.75);
    expect(reserve(state, PACE, {}, 1_000, Number.POSITIVE_INFINITY).permit).toMatchObject({
      granted: true,
      waitMs: 26_100 - 1_000,
    });
    // A second throttle well after the first is a new excess: cut again.
    state = settle(state, PACE, { kind: "throttled" }, 30_000);
    expect(rateFactor(state, 30_000)).toBeLessThan(0.75);
  });

  it("a throttle naming a limit below the configured one (quotaValue) paces to it from then on, without a cut", () => {
    const configured: Pace = { perMinute: 120 };
    let state = settle(
      initialPaceState(),
      configured,
      { kind: "throttled", retryAfterMs: 20_000, limits: { perMinute: 60 } },
      0,
    );
    // The calls already in flight come back refused too: the same burst, nothing cut.
    state = settle(state, configured, { kind: "throttled", retryAfterMs: 20_000, limits: { perMinute: 60 } }, 500);
    expect(rateFactor(state, 500)).toBe(1);
    const { starts } = startTimes(state, configured, 3, 1_000);
    expect(starts[0]).toBe(20_500);
    expect(starts[1]! - starts[0]!).toBeCloseTo(60_000 / (60 * HEADROOM), -1);
    // Refused again while paced to the named limit: someone else uses the key, so cut as usual.
    state = settle(state, configured, { kind: "throttled", limits: { perMinute: 60 } }, 30_000);
    expect(rateFactor(state, 30_000)).toBeCloseTo(0.75);
    // Not named again for an hour: the configured limit is back (a raised quota is noticed).
    const later = startTimes(state, configured, 2, 30_000 + 61 * 60_000);
    expect(later.starts[1]! - later.starts[0]!).toBeCloseTo(60_000 / 120 / HEADROOM, -1);
  });

  it("a named limit above the configured one changes nothing", () => {
    const state = settle(initialPaceState(), PACE, { kind: "throttled", limits: { perMinute: 600 } }, 0);
    expect(rateFactor(state, 0)).toBeCloseTo(0.75);
    const { starts } = startTimes(state, PACE, 2, 10_000);
    expect(starts[1]! - starts[0]!).toBeGreaterThan(INTERVAL);
  });

  it("recovers the full rate gradually, over minutes, without throttles", () => {
    const state = settle(initialPaceState(), PACE, { kind: "throttled" }, 0);
    expect(rateFactor(state, 60_000)).toBeCloseTo(0.85);
    expect(rateFactor(state, 150_000)).toBe(1);
  });

  it("a used-up daily quota refuses every caller until its reset, but lets one probe through every ten minutes", () => {
    const resumesAt = 10 * 3_600_000;
    let state = settle(initialPaceState(), PACE, { kind: "quota", resumesAt, message: "quota gone" }, 0);
    const refused = reserve(state, PACE, {}, 60_000, Number.POSITIVE_INFINITY);
    expect(refused.permit).toEqual({ granted: false, reason: "quota", retryAt: resumesAt, message: "quota gone" });
    state = refused.state;
    const probe = reserve(state, PACE, {}, 11 * 60_000, Number.POSITIVE_INFINITY);
    expect(probe.permit).toMatchObject({ granted: true, probe: true });
    expect(reserve(probe.state, PACE, {}, 11 * 60_000 + 1, 0).permit).toMatchObject({
      granted: false,
      reason: "quota",
    });
    // An ordinary call that was already under way says nothing; the probe succeeding reopens.
    expect(settle(probe.state, PACE, { kind: "ok" }, 11 * 60_000).quotaUntil).toBe(resumesAt);
    const reopened = settle(probe.state, PACE, { kind: "ok", probe: true }, 11 * 60_000);
    expect(reserve(reopened, PACE, {}, 11 * 60_000 + 1, 60_000).permit).toMatchObject({ granted: true });
  });
});

describe("the governor Durable Object", () => {
  const ownGovernor = () => governorFor(env, "gemini", `key-${crypto.randomUUID()}`);

  it("is one per upstream and credential, and gives concurrent callers distinct slots: of five who cannot wait, one goes", async () => {
    const governor = await ownGovernor();
    const pace: Pace = { perMinute: 6 }; // one slot every ~10 s
    const permits = await Promise.all(Array.from({ length: 5 }, () => governor.acquire(pace, {}, 1_000)));
    expect(permits.filter((permit) => permit.granted)).toHaveLength(1);
    expect(permits.filter((permit) => !permit.granted && permit.reason === "rate_limit")).toHaveLength(4);
    expect(await governor.snapshot()).toMatchObject({ granted: 1, refused: 4 });
    // Another credential has a governor of its own.
    expect((await (await ownGovernor()).acquire(pace, {}, 1_000)).granted).toBe(true);
  });

  it("a throttled call is waited out and tried again; every caller then waits for the RetryInfo", async () => {
    const governor = await ownGovernor();
    let calls = 0;
    const result = await governed(
      async () => {
        calls++;
        if (calls === 1) throw new UpstreamError("throttled", "429", { retryAfterSeconds: 1 });
        return "answer";
      },
      { governor, pace: { perMinute: 6_000 }, maxWaitMs: 30_000 },
    );
    expect(result).toBe("answer");
    expect(calls).toBe(2);
    expect((await governor.snapshot()).throttled).toBe(1);
  });

  it("a used-up quota becomes MustWait for this caller and every later one, until the reset", async () => {
    const governor = await ownGovernor();
    const pace = { perMinute: 6_000 };
    const quota = () =>
      Promise.reject(new UpstreamError("quota", "daily quota used up", { quotaResets: "midnight-pacific" }));
    const first = await governed(quota, { governor, pace, maxWaitMs: 30_000 }).catch((error: unknown) => error);
    expect(first).toBeInstanceOf(MustWait);
    expect(first).toMatchObject({ reason: "quota", resumesAt: nextQuotaReset("midnight-pacific", Date.now()) });
    let called = false;
    const later = await governed(
      async () => {
        called = true;
      },
      { governor, pace, maxWaitMs: 30_000 },
    ).catch((error: unknown) => error);
    expect(later).toMatchObject({ reason: "quota", message: "daily quota used up" });
    expect(called).toBe(false);
  });

  it("the probe let through while a quota is used up reopens it for everyone when it succeeds", async () => {
    const governor = await ownGovernor();
    const pace = { perMinute: 6_000 };
    const quota = () =>
      Promise.reject(new UpstreamError("quota", "daily quota used up", { quotaResets: "midnight-pacific" }));
    await governed(quota, { governor, pace, maxWaitMs: 30_000 }).catch(() => {});
    // Ten minutes on (the probe interval), as far as the governor knows.
    await runInDurableObject(governor, (instance: UpstreamGovernor) => {
      (instance as unknown as { state: { quotaProbeAt: number } }).state.quotaProbeAt = Date.now() - 1;
    });
    expect(await governed(async () => "probe answered", { governor, pace, maxWaitMs: 30_000 })).toBe("probe answered");
    expect(await governed(async () => "open again", { governor, pace, maxWaitMs: 30_000 })).toBe("open again");
  });

  it("a wait longer than the caller can afford becomes MustWait(rate_limit) without calling", async () => {
    const governor = await ownGovernor();
    const pace = { perMinute: 1 };
    await governed(async () => "first", { governor, pace, maxWaitMs: 30_000 });
    const error = await governed(async () => "second", { governor, pace, maxWaitMs: 30_000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: "rate_limit" });
    expect((error as MustWait).resumesAt).toBeGreaterThan(Date.now() + 30_000);
  });
});

describe("quota reset times", () => {
  it("midnight Pacific is 07:00 or 08:00 UTC the next day, daylight saving included", () => {
    expect(new Date(nextMidnight("America/Los_Angeles", Date.parse("2026-07-10T15:00:00Z"))).toISOString()).toBe(
      "2026-07-11T07:00:00.000Z",
    );
    expect(new Date(nextMidnight("America/Los_Angeles", Date.parse("2026-11-23T10:00:00Z"))).toISOString()).toBe(
      "2026-11-24T08:00:00.000Z",
    );
    // Just after midnight Pacific, the next reset is a day away.
    expect(new Date(nextMidnight("America/Los_Angeles", Date.parse("2026-11-24T08:00:01Z"))).toISOString()).toBe(
      "2026-11-25T08:00:00.000Z",
    );
    // The night daylight saving ends (1 Nov 2026): that midnight is still on daylight time.
    expect(new Date(nextMidnight("America/Los_Angeles", Date.parse("2026-10-31T20:00:00Z"))).toISOString()).toBe(
      "2026-11-01T07:00:00.000Z",
    );
  });

  it("Workers AI's daily allocation comes back at midnight UTC", () => {
    expect(new Date(nextQuotaReset("midnight-utc", Date.parse("2026-11-23T10:00:00Z"))).toISOString()).toBe(
      "2026-11-24T00:00:00.000Z",
    );
  });
});
