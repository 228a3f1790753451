/**
 * A used-up YouTube daily quota while reading sources: the caller hears 429 `rate_limited` with
 * Retry-After at the next reset (midnight Pacific time), nothing is written, and a scheduled
 * check waits past the reset instead of retrying into the same wall.
 */
import { createScheduledController, env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import quotaExceeded from "../fixtures/youtube/error-quota-exceeded.json";
import { allVideos, call, callJson, createList, expectErrorResponse, signUp } from "./helpers";
import { useFakeUpstream, withOwnCredentials } from "./support/fake-upstream-fetch";
import { until } from "./support/jobs";

vi.setConfig({ testTimeout: 30_000 });
const upstream = useFakeUpstream();
const quotaGone = () => Response.json(quotaExceeded, { status: 403 });

/** Seconds from now to the next midnight in Los Angeles, as Google resets the quota. */
function secondsToPacificMidnight(now = Date.now()): number {
  const la = new Date(new Date(now).toLocaleString("en-US", { timeZone: "America/Los_Angeles" }));
  const midnight = new Date(la);
  midnight.setHours(24, 0, 0, 0);
  return (midnight.getTime() - la.getTime()) / 1000;
}

describe("a used-up daily quota", () => {
  it("midway through an import → 429 with Retry-After at the reset, and nothing added", async () => {
    const { token } = await signUp("quota");
    const list = await createList(token);
    let pages = 0;
    upstream().override("playlistItems", () => (++pages > 3 ? quotaGone() : undefined));
    // A key of its own: the key's governor learns the quota, and the next test starts fresh.
    const res = await call(`/api/lists/${list.id}/sources/import`, {
      token,
      body: { url: "@quota-400", limit: 400 },
      bindings: withOwnCredentials(),
    });
    const retryAfter = Number(res.headers.get("retry-after"));
    const error = await expectErrorResponse(res, 429, "rate_limited");
    expect(error.message).toMatch(/quota/i);
    expect(Math.abs(retryAfter - secondsToPacificMidnight())).toBeLessThan(120);
    expect(await allVideos(token, list.id)).toEqual([]);
  });

  it("on check now → 429; on a scheduled check → its next check moves past the reset", async () => {
    const { token } = await signUp("quota-sub");
    const list = await createList(token);
    const sub = await callJson(`/api/lists/${list.id}/subscriptions`, {
      token,
      body: { url: "@quota-sub-5" },
      expect: 201,
    });
    upstream().override("playlistItems", quotaGone);
    await expectErrorResponse(
      await call(`/api/subscriptions/${sub.id}/check`, { token, method: "POST" }),
      429,
      "rate_limited",
    );

    await env.DB.prepare("UPDATE subscriptions SET next_check_at = '2000-01-01T00:00:00.000Z' WHERE id = ?")
      .bind(sub.id)
      .run();
    await worker.scheduled(createScheduledController({ cron: "* * * * *" }), env);
    const nextCheck = async () =>
      Date.parse(
        (
          await env.DB.prepare("SELECT next_check_at FROM subscriptions WHERE id = ?").bind(sub.id).first<{
            next_check_at: string;
          }>()
        )?.next_check_at ?? "",
      );
    const reset = Date.now() + secondsToPacificMidnight() * 1000;
    // Claimed (an hour on), then deferred to the reset by the consumer.
    await until("the check deferred to the reset", async () => Math.abs((await nextCheck()) - reset) < 120_000);
    const [row] = (await callJson(`/api/lists/${list.id}/subscriptions`, { token, expect: 200 })).items;
    expect(row.error).toBeNull();
  });
});
