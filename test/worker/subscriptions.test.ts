/**
 * Subscriptions as a user lives them: follow a channel or playlist, get its new videos on the
 * next check (filtered), processed when auto-process is on, a disappeared source shown as an
 * error, and the Cron Trigger handing due subscriptions to the check queue.
 */
import { createExecutionContext, createScheduledController, env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { parseIsoDuration } from "../../src/providers/youtube";
import { channelIdFor, playlistSize, sourceVideoId, uploadsPlaylistOf } from "../support/fake-sources-data";
import { fakeVideo } from "../support/fake-upstream-data";
import { allVideos, call, callJson, createList, expectErrorResponse, signUp } from "./helpers";
import { useFakeUpstream } from "./support/fake-upstream-fetch";
import { until, waitForJob } from "./support/jobs";

vi.setConfig({ testTimeout: 30_000 });
const upstream = useFakeUpstream();

async function newList(prefix = "subs") {
  const { token, userId } = await signUp(prefix);
  const list = await createList(token);
  return { token, userId, listId: list.id };
}

const subscribe = (token: string, listId: string, body: Record<string, unknown>, expect = 201) =>
  callJson(`/api/lists/${listId}/subscriptions`, { token, body, expect });
const checkNow = (token: string, id: string) =>
  callJson(`/api/subscriptions/${id}/check`, { token, method: "POST", expect: 200 });

/** Publishes `count` new uploads on a fake channel; returns their ids, newest first. */
function publish(handle: string, baseSize: number, count: number): string[] {
  const playlist = uploadsPlaylistOf(channelIdFor(handle));
  const before = playlistSize(upstream().sources, playlist, baseSize);
  upstream().sources.publish(playlist, count);
  return Array.from({ length: count }, (_, i) => sourceVideoId(playlist, before + count - 1 - i));
}

describe("subscribing", () => {
  it("starts from the newest video now: nothing is added until something new arrives", async () => {
    const { token, listId } = await newList();
    const sub = await subscribe(token, listId, { url: "https://www.youtube.com/@weekly-30" });
    expect(sub).toEqual({
      id: expect.stringMatching(/^sub_/),
      listId,
      kind: "channel",
      sourceId: channelIdFor("@weekly-30"),
      title: "weekly-30 channel",
      autoProcess: false,
      filters: {},
      lastCheckedAt: null,
      lastAddedCount: null,
      error: null,
      createdAt: expect.any(String),
    });
    // channels.list and the newest page: the baseline.
    expect(upstream().calls).toMatchObject({ channels: 1, playlistItems: 1 });
    expect(await checkNow(token, sub.id)).toEqual({ added: 0, jobId: null });
    expect(await allVideos(token, listId)).toEqual([]);

    const fresh = publish("@weekly-30", 30, 3);
    expect(await checkNow(token, sub.id)).toEqual({ added: 3, jobId: null });
    expect(new Set((await allVideos(token, listId)).map((v) => v.youtubeId))).toEqual(new Set(fresh));
    expect(await checkNow(token, sub.id)).toEqual({ added: 0, jobId: null });

    const { items } = await callJson(`/api/lists/${listId}/subscriptions`, { token, expect: 200 });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ lastAddedCount: 0, lastCheckedAt: expect.any(String), error: null });
  });

  it("more new uploads than one page: the check reads on until it meets what it saw", async () => {
    const { token, listId } = await newList();
    const sub = await subscribe(token, listId, { url: "@busy-10" });
    publish("@busy-10", 10, 120);
    const before = upstream().calls.playlistItems;
    expect(await checkNow(token, sub.id)).toMatchObject({ added: 120 });
    expect(upstream().calls.playlistItems - before).toBe(3);
  });

  it("a playlist: new items anywhere are found; an unchanged playlist costs one page", async () => {
    const { token, listId } = await newList();
    const sub = await subscribe(token, listId, { url: "https://www.youtube.com/playlist?list=PLgrowing_70" });
    expect(sub.kind).toBe("playlist");
    let pages = upstream().calls.playlistItems;
    expect(await checkNow(token, sub.id)).toMatchObject({ added: 0 });
    expect(upstream().calls.playlistItems - pages).toBe(1);
    upstream().sources.publish("PLgrowing_70", 2);
    pages = upstream().calls.playlistItems;
    expect(await checkNow(token, sub.id)).toMatchObject({ added: 2 });
    expect(upstream().calls.playlistItems - pages).toBe(2);
    const ids = (await allVideos(token, listId)).map((v) => v.youtubeId).sort();
    expect(ids).toEqual([sourceVideoId("PLgrowing_70", 70), sourceVideoId("PLgrowing_70", 71)].sort());
  });

  it("the same source twice in a list → 409; in another list it is fine", async () => {
    const { token, listId } = await newList();
    await subscribe(token, listId, { url: "@dupe-5" });
    const res = await call(`/api/lists/${listId}/subscriptions`, { token, body: { url: "youtube.com/@dupe-5" } });
    await expectErrorResponse(res, 409, "conflict");
    const other = await createList(token, { name: "Other" });
    await subscribe(token, other.id, { url: "@dupe-5" });
  });

  it.each([
    ["an unknown channel", { url: "@missing-channel" }, 404, "not_found"],
    ["a single video", { url: "https://youtu.be/dQw4w9WgXcQ" }, 422, "invalid_url"],
    [
      "min above max",
      { url: "@x-5", filters: { minDurationSeconds: 600, maxDurationSeconds: 60 } },
      422,
      "validation_failed",
    ],
    ["an unknown filter", { url: "@x-5", filters: { maxViews: 3 } }, 422, "validation_failed"],
    ["an empty keyword", { url: "@x-5", filters: { titleIncludes: [" "] } }, 422, "validation_failed"],
    [
      "21 keywords",
      { url: "@x-5", filters: { titleIncludes: Array.from({ length: 21 }, (_, i) => `k${i}`) } },
      422,
      "validation_failed",
    ],
    ["autoProcess not a boolean", { url: "@x-5", autoProcess: "yes" }, 422, "validation_failed"],
  ])("%s → refused, nothing created", async (_label, body, status, code) => {
    const { token, listId } = await newList();
    await expectErrorResponse(await call(`/api/lists/${listId}/subscriptions`, { token, body }), status, code);
    const { items } = await callJson(`/api/lists/${listId}/subscriptions`, { token, expect: 200 });
    expect(items).toEqual([]);
  });

  it("another user's list, subscription or check → 404; removing twice → 404", async () => {
    const { token, listId } = await newList();
    const sub = await subscribe(token, listId, { url: "@private-life-5" });
    const stranger = await signUp("stranger");
    await expectErrorResponse(
      await call(`/api/lists/${listId}/subscriptions`, { token: stranger.token, body: { url: "@x-5" } }),
      404,
      "not_found",
    );
    await expectErrorResponse(
      await call(`/api/lists/${listId}/subscriptions`, { token: stranger.token }),
      404,
      "not_found",
    );
    await expectErrorResponse(
      await call(`/api/subscriptions/${sub.id}/check`, { token: stranger.token, method: "POST" }),
      404,
      "not_found",
    );
    await expectErrorResponse(
      await call(`/api/subscriptions/${sub.id}`, { token: stranger.token, method: "DELETE" }),
      404,
      "not_found",
    );
    expect((await call(`/api/subscriptions/${sub.id}`, { token, method: "DELETE" })).status).toBe(204);
    await expectErrorResponse(
      await call(`/api/subscriptions/${sub.id}`, { token, method: "DELETE" }),
      404,
      "not_found",
    );
  });
});

describe("filters", () => {
  const durationOf = (id: string) => parseIsoDuration(fakeVideo(id).contentDetails.duration) as number;
  const titleOf = (id: string) => (fakeVideo(id).snippet as { title: string }).title;

  it("title keywords, any of them, ignoring case; no videos.list call needed", async () => {
    const { token, listId } = await newList();
    const sub = await subscribe(token, listId, {
      url: "@mixed-topics-5",
      filters: { titleIncludes: ["rust", "SQLITE"] },
    });
    const fresh = publish("@mixed-topics-5", 5, 60);
    const expected = fresh.filter((id) => /rust|sqlite/i.test(titleOf(id)));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(60);
    expect(await checkNow(token, sub.id)).toMatchObject({ added: expected.length });
    expect(new Set((await allVideos(token, listId)).map((v) => v.youtubeId))).toEqual(new Set(expected));
    expect(upstream().calls.videos).toBe(0);
  });

  it("min and max duration read videos.list, 50 ids per call", async () => {
    const { token, listId } = await newList();
    const sub = await subscribe(token, listId, {
      url: "@long-form-5",
      filters: { minDurationSeconds: 1200, maxDurationSeconds: 3600 },
    });
    const fresh = publish("@long-form-5", 5, 70);
    const expected = fresh.filter((id) => durationOf(id) >= 1200 && durationOf(id) <= 3600);
    expect(await checkNow(token, sub.id)).toMatchObject({ added: expected.length });
    expect(new Set((await allVideos(token, listId)).map((v) => v.youtubeId))).toEqual(new Set(expected));
    expect(upstream().videoIdsPerCall.map((ids) => ids.length)).toEqual([50, 20]);
  });

  it("excludeShorts leaves out videos of 180 s or less", async () => {
    const { token, listId } = await newList();
    const sub = await subscribe(token, listId, { url: "@shorts-maker-5", filters: { excludeShorts: true } });
    const fresh = publish("@shorts-maker-5", 5, 4);
    const lengths = new Map([
      [fresh[0], "PT45S"],
      [fresh[1], "PT3M"],
      [fresh[2], "PT3M1S"],
      [fresh[3], "PT12M"],
    ]);
    upstream().override("videos", (_request, url) => {
      const ids = (url.searchParams.get("id") ?? "").split(",");
      const items = ids.map((id) => ({ ...fakeVideo(id), contentDetails: { duration: lengths.get(id) } }));
      return Response.json({ kind: "youtube#videoListResponse", items, pageInfo: { totalResults: items.length } });
    });
    expect(await checkNow(token, sub.id)).toMatchObject({ added: 2 });
    expect(new Set((await allVideos(token, listId)).map((v) => v.youtubeId))).toEqual(new Set([fresh[2], fresh[3]]));
  });
});

describe("a source that disappears", () => {
  it("marks the subscription with an error instead of failing silently; a later good check clears it", async () => {
    const { token, listId } = await newList();
    const sub = await subscribe(token, listId, { url: "https://www.youtube.com/playlist?list=PLdoomed_12" });
    upstream().override("playlistItems", () =>
      Response.json(
        {
          error: {
            code: 404,
            message: "The playlist identified with the request's <code>playlistId</code> parameter cannot be found.",
            errors: [{ domain: "youtube.playlistItem", reason: "playlistNotFound", location: "playlistId" }],
          },
        },
        { status: 404 },
      ),
    );
    expect(await checkNow(token, sub.id)).toEqual({ added: 0, jobId: null });
    const [gone] = (await callJson(`/api/lists/${listId}/subscriptions`, { token, expect: 200 })).items;
    expect(gone.error).toMatch(/playlist no longer exists/);
    expect(gone.lastCheckedAt).toEqual(expect.any(String));

    upstream().override("playlistItems", () => undefined);
    await checkNow(token, sub.id);
    const [back] = (await callJson(`/api/lists/${listId}/subscriptions`, { token, expect: 200 })).items;
    expect(back.error).toBeNull();
  });
});

describe("auto-process", () => {
  it("a check that adds videos starts a job for them; while it runs, new ones wait for the next check", async () => {
    const { token, listId } = await newList("auto");
    const sub = await subscribe(token, listId, { url: "@autoproc-5", autoProcess: true });
    expect(await checkNow(token, sub.id)).toEqual({ added: 0, jobId: null });

    // YouTube holds its answers, so the first job is still running when the next check comes.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    upstream().override("videos", async () => {
      await held;
      return undefined;
    });
    publish("@autoproc-5", 5, 3);
    const first = await checkNow(token, sub.id);
    expect(first).toMatchObject({ added: 3, jobId: expect.stringMatching(/^job_/) });

    publish("@autoproc-5", 5, 2);
    expect(await checkNow(token, sub.id)).toEqual({ added: 2, jobId: null });
    release();
    expect(await waitForJob(token, first.jobId)).toMatchObject({ status: "completed", total: 3 });

    // Nothing new upstream, but two videos waited: this check processes them, once.
    const third = await checkNow(token, sub.id);
    expect(third).toMatchObject({ added: 0, jobId: expect.stringMatching(/^job_/) });
    expect(await waitForJob(token, third.jobId)).toMatchObject({ status: "completed", total: 2 });
    expect(await checkNow(token, sub.id)).toEqual({ added: 0, jobId: null });
    const videos = await allVideos(token, listId);
    expect(videos).toHaveLength(5);
    await until("every video processed", async () =>
      (await allVideos(token, listId)).every((v) => v.status === "completed"),
    );
  });

  it("processes only what the subscription added: videos added by hand stay the user's to process", async () => {
    const { token, listId } = await newList("auto-own");
    const byHand = await callJson(`/api/lists/${listId}/videos/bulk`, {
      token,
      body: { urls: ["https://youtu.be/aaaaaaaaaaa", "https://youtu.be/bbbbbbbbbbb"] },
      expect: 200,
    });
    const sub = await subscribe(token, listId, { url: "@autoproc-own-5", autoProcess: true });
    expect(await checkNow(token, sub.id)).toEqual({ added: 0, jobId: null });

    const fresh = publish("@autoproc-own-5", 5, 2);
    const checked = await checkNow(token, sub.id);
    expect(checked).toMatchObject({ added: 2, jobId: expect.stringMatching(/^job_/) });
    expect(await waitForJob(token, checked.jobId)).toMatchObject({ status: "completed", total: 2 });
    const videos = await allVideos(token, listId);
    const statusOf = new Map(videos.map((v) => [v.youtubeId, v.status]));
    expect(fresh.map((id) => statusOf.get(id))).toEqual(["completed", "completed"]);
    expect(byHand.added.map((v: { youtubeId: string }) => statusOf.get(v.youtubeId))).toEqual(["pending", "pending"]);
    expect(await checkNow(token, sub.id)).toEqual({ added: 0, jobId: null });
  });
});

describe("the Cron Trigger", () => {
  const due = (id: string) =>
    env.DB.prepare("UPDATE subscriptions SET next_check_at = '2000-01-01T00:00:00.000Z' WHERE id = ?").bind(id).run();
  const row = (id: string) =>
    env.DB.prepare("SELECT last_checked_at, last_added_count, next_check_at FROM subscriptions WHERE id = ?")
      .bind(id)
      .first<{ last_checked_at: string | null; last_added_count: number | null; next_check_at: string }>();

  it("hands due subscriptions to the check queue, each checked once; those not due wait", async () => {
    const { token, listId } = await newList("cron");
    const dueSub = await subscribe(token, listId, { url: "@cron-due-5" });
    const laterSub = await subscribe(token, listId, { url: "@cron-later-5" });
    const fresh = publish("@cron-due-5", 5, 2);
    publish("@cron-later-5", 5, 2);
    await due(dueSub.id);

    await worker.scheduled(createScheduledController({ cron: "* * * * *" }), env);
    await until("the due subscription checked", async () => (await row(dueSub.id))?.last_checked_at !== null);
    expect(await row(dueSub.id)).toMatchObject({ last_added_count: 2 });
    expect(new Set((await allVideos(token, listId)).map((v) => v.youtubeId))).toEqual(new Set(fresh));
    // Claimed: its next check is about an interval (60 minutes) away.
    const next = Date.parse((await row(dueSub.id))?.next_check_at ?? "");
    expect(next - Date.now()).toBeGreaterThan(55 * 60_000);

    // A second tick right after claims nothing: neither the checked one nor the one not due.
    await worker.scheduled(createScheduledController({ cron: "* * * * *" }), env);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await row(laterSub.id))?.last_checked_at).toBeNull();
    expect(await row(dueSub.id)).toMatchObject({ last_added_count: 2 });
  });
});

describe("OpenAPI", () => {
  it("documents every source and subscription route with its id, tag, summary and typed errors", async () => {
    const doc = await callJson("/api/openapi.json", { expect: 200 });
    const routes: [string, string, string, number[]][] = [
      ["/lists/{id}/sources/preview", "post", "previewSource", [404, 422, 429, 503]],
      ["/lists/{id}/sources/import", "post", "importSource", [404, 422, 429, 503]],
      ["/lists/{id}/subscriptions", "post", "createSubscription", [404, 409, 422, 429, 503]],
      ["/lists/{id}/subscriptions", "get", "listSubscriptions", [400, 404]],
      ["/subscriptions/{id}", "delete", "deleteSubscription", [404]],
      ["/subscriptions/{id}/check", "post", "checkSubscription", [404, 429, 503]],
    ];
    for (const [path, method, operationId, errors] of routes) {
      const operation = doc.paths[path]?.[method];
      expect(operation, `${method} ${path}`).toMatchObject({ operationId, summary: expect.any(String) });
      expect(operation.tags).toEqual([path.includes("sources") ? "Sources" : "Subscriptions"]);
      for (const status of errors) {
        // Each status names the schema of every error code it can carry (RateLimitedError, …).
        const schema = JSON.stringify(operation.responses[status].content["application/json"].schema);
        expect(schema, `${operationId} ${status}`).toMatch(/"#\/components\/schemas\/\w+Error"/);
      }
    }
    expect(doc.components.schemas.Subscription.properties).toHaveProperty("error");
  });
});

describe("the per-user cap", () => {
  it("a subscription past LIMIT_SUBSCRIPTIONS → 422 limit_reached {limit, max}, nothing created", async () => {
    const { token, listId } = await newList("cap");
    const capped = { ...env, LIMIT_SUBSCRIPTIONS: "2" };
    const subscribeCapped = (url: string) =>
      worker.fetch(
        new Request(`https://tubelist.test/api/lists/${listId}/subscriptions`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ url }),
        }),
        capped,
        createExecutionContext(),
      );
    expect((await subscribeCapped("@cap-one-5")).status).toBe(201);
    expect((await subscribeCapped("@cap-two-5")).status).toBe(201);
    const error = await expectErrorResponse(await subscribeCapped("@cap-three-5"), 422, "limit_reached");
    expect(error.details).toEqual({ limit: "subscriptions", max: 2 });
    const { items } = await callJson(`/api/lists/${listId}/subscriptions`, { token, expect: 200 });
    expect(items).toHaveLength(2);
    const { limits } = await callJson("/api/usage", { token, expect: 200 });
    expect(limits.subscriptions).toEqual({ max: 50, used: 2 });
  });
});
