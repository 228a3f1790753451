/**
 * The videos caps where videos grow: add, bulk add, CSV import, a playlist or channel import, a
 * copy or move, and a subscription's new uploads. A request exactly at the cap is accepted; one
 * over is refused whole with 422 `limit_reached {limit, max}` and changes nothing; a subscription
 * check over it adds nothing, keeps the reason on the subscription, and brings the videos in once
 * there is room. Caps are set low per test through their environment overrides.
 */
import { env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { channelIdFor, playlistSize, sourceVideoId, uploadsPlaylistOf } from "../support/fake-sources-data";
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
import { useFakeUpstream } from "./support/fake-upstream-fetch";
import { deliver } from "./support/jobs";

vi.setConfig({ testTimeout: 30_000 });
const upstream = useFakeUpstream();

async function expectLimit(response: Response, limit: string, max: number) {
  const error = await expectErrorResponse(response, 422, "limit_reached");
  expect(error.details).toEqual({ limit, max });
  expect(error.message).toMatch(new RegExp(`limit of ${max}`));
}

const usedOf = async (token: string) => (await callJson("/api/usage", { token, expect: 200 })).limits;
const youtubeIdsOf = async (token: string, listId: string) =>
  (await allVideos(token, listId)).map((video) => video.youtubeId).sort();

describe("videos per user", () => {
  it("add, bulk add and CSV: exactly at the cap is accepted; one over is refused whole, across lists", async () => {
    const { token } = await signUp("user-cap");
    const caps: CallOptions = { token, bindings: { LIMIT_VIDEOS_PER_USER: "4" } };
    const first = await createList(token, { name: "First" });
    const second = await createList(token, { name: "Second" });
    await addVideos(token, first.id, [ytId(1), ytId(2)]);
    expect((await call(`/api/lists/${second.id}/videos`, { ...caps, body: { url: ytId(3) } })).status).toBe(201);
    // A duplicate inside the list does not count: this brings the user to exactly 4.
    const atCap = await call(`/api/lists/${second.id}/videos/bulk`, { ...caps, body: { urls: [ytId(3), ytId(4)] } });
    expect(await atCap.json()).toMatchObject({ added: [{ youtubeId: ytId(4) }], duplicates: [{ input: ytId(3) }] });

    await expectLimit(
      await call(`/api/lists/${second.id}/videos`, { ...caps, body: { url: ytId(5) } }),
      "videosPerUser",
      4,
    );
    // The same video in another list is one more video of the user's.
    await expectLimit(
      await call(`/api/lists/${second.id}/videos/bulk`, { ...caps, body: { urls: [ytId(4), ytId(1)] } }),
      "videosPerUser",
      4,
    );
    const csv = `url\nhttps://youtu.be/${ytId(6)}\n`;
    await expectLimit(
      await call(`/api/lists/${first.id}/videos/import`, {
        ...caps,
        method: "POST",
        raw: csv,
        headers: { "content-type": "text/csv" },
      }),
      "videosPerUser",
      4,
    );
    expect(await youtubeIdsOf(token, first.id)).toEqual([ytId(1), ytId(2)]);
    expect(await youtubeIdsOf(token, second.id)).toEqual([ytId(3), ytId(4)]);
    expect((await usedOf(token)).videosPerUser).toEqual({ max: 1_000_000, used: 4 });
  });

  it("a playlist or channel import: one over is refused with nothing added; exactly at the cap is accepted", async () => {
    const { token } = await signUp("user-cap");
    const caps: CallOptions = { token, bindings: { LIMIT_VIDEOS_PER_USER: "50" } };
    const held = await createList(token, { name: "Held" });
    await addVideos(
      token,
      held.id,
      Array.from({ length: 10 }, (_, i) => ytId(100 + i)),
    );
    const target = await createList(token, { name: "Target" });
    const importing = (url: string) => call(`/api/lists/${target.id}/sources/import`, { ...caps, body: { url } });
    await expectLimit(await importing("@cap-import-41"), "videosPerUser", 50);
    expect(await allVideos(token, target.id)).toEqual([]);
    const res = await importing("@cap-import-40");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ added: 40, duplicates: 0 });
  });

  it("a copy counts against the user's cap and a move does not; both count against the target list's", async () => {
    const { token } = await signUp("user-cap");
    const from = await createList(token, { name: "From" });
    const to = await createList(token, { name: "To" });
    const videos = await addVideos(token, from.id, [ytId(200), ytId(201), ytId(202)]);
    const [a, b, c] = videos.map((video) => video.id);
    const move = (videoIds: (string | undefined)[], copy: boolean, bindings: Partial<Cloudflare.Env>) =>
      call(`/api/lists/${from.id}/videos/move`, { token, bindings, body: { videoIds, toListId: to.id, copy } });

    const perUser = { LIMIT_VIDEOS_PER_USER: "3" };
    await expectLimit(await move([a], true, perUser), "videosPerUser", 3);
    expect(await (await move([a], false, perUser)).json()).toEqual({ moved: 1, duplicates: 0 });

    const perList = { LIMIT_VIDEOS_PER_LIST: "2" };
    await expectLimit(await move([b, c], false, perList), "videosPerList", 2);
    await expectLimit(await move([b, c], true, perList), "videosPerList", 2);
    expect(await youtubeIdsOf(token, to.id)).toEqual([ytId(200)]);
    expect(await (await move([b], true, perList)).json()).toEqual({ moved: 1, duplicates: 0 });
    expect(await youtubeIdsOf(token, to.id)).toEqual([ytId(200), ytId(201)]);
    expect(await youtubeIdsOf(token, from.id)).toEqual([ytId(201), ytId(202)]);
  });
});

describe("a subscription's new videos over the cap", () => {
  /** Publishes `count` new uploads on a fake channel of `baseSize` videos. */
  function publish(handle: string, baseSize: number, count: number) {
    const playlist = uploadsPlaylistOf(channelIdFor(handle));
    const before = playlistSize(upstream().sources, playlist, baseSize);
    upstream().sources.publish(playlist, count);
    return Array.from({ length: count }, (_, i) => sourceVideoId(playlist, before + i));
  }

  it("add nothing and say why on the subscription, now or scheduled; once there is room, they come in", async () => {
    const { token } = await signUp("sub-cap");
    const bindings = { LIMIT_VIDEOS_PER_USER: "3" };
    const list = await createList(token);
    const [kept, removed] = await addVideos(token, list.id, [ytId(300), ytId(301)]);
    const sub = await callJson(`/api/lists/${list.id}/subscriptions`, {
      token,
      body: { url: "@cap-follow-5" },
      expect: 201,
    });
    const fresh = publish("@cap-follow-5", 5, 2);
    const subscription = async () =>
      (await callJson(`/api/lists/${list.id}/subscriptions`, { token, expect: 200 })).items[0];

    await expectLimit(
      await call(`/api/subscriptions/${sub.id}/check`, { token, method: "POST", bindings }),
      "videosPerUser",
      3,
    );
    expect(await subscription()).toMatchObject({ lastAddedCount: 0, error: expect.stringMatching(/limit of 3/) });
    const scheduled = await deliver(
      [{ kind: "subscription-check", subscriptionId: sub.id }],
      1,
      { ...env, ...bindings },
      "subscription-checks",
    );
    expect(scheduled).toMatchObject({ explicitAcks: [expect.any(String)], retryMessages: [] });
    expect(await subscription()).toMatchObject({ error: expect.stringMatching(/wait until there is room/) });
    expect(await youtubeIdsOf(token, list.id)).toEqual([ytId(300), ytId(301)]);

    await callJson(`/api/videos/${removed?.id}`, { token, method: "DELETE", expect: 204 });
    const room = await call(`/api/subscriptions/${sub.id}/check`, { token, method: "POST", bindings });
    expect(await room.json()).toMatchObject({ added: 2 });
    expect(await subscription()).toMatchObject({ lastAddedCount: 2, error: null });
    expect(await youtubeIdsOf(token, list.id)).toEqual([kept?.youtubeId, ...fresh].sort());
  });

  it("with auto-process, a job cap reached leaves the added videos waiting for a Process; the check still succeeds", async () => {
    const { token } = await signUp("sub-cap");
    const list = await createList(token);
    const sub = await callJson(`/api/lists/${list.id}/subscriptions`, {
      token,
      body: { url: "@cap-auto-5", autoProcess: true },
      expect: 201,
    });
    publish("@cap-auto-5", 5, 2);
    const res = await call(`/api/subscriptions/${sub.id}/check`, {
      token,
      method: "POST",
      bindings: { LIMIT_VIDEOS_PER_DAY: "1" },
    });
    expect(await res.json()).toEqual({ added: 2, jobId: null });
    const [row] = (await callJson(`/api/lists/${list.id}/subscriptions`, { token, expect: 200 })).items;
    expect(row).toMatchObject({ lastAddedCount: 2, error: null });
    expect((await allVideos(token, list.id)).map((video) => video.status)).toEqual(["pending", "pending"]);
  });
});
