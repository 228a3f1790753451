/**
 * Importing playlists and channels as a user does: preview, import newest first up to a limit,
 * duplicates, private and deleted placeholders, unknown sources, and what it costs in pages.
 * YouTube is the fetch fake answering channels/playlists/playlistItems.list in their wire format.
 */
import { createExecutionContext, env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import {
  answerSources,
  channelIdFor,
  createFakeSources,
  sourceVideoId,
  uploadsPlaylistOf,
} from "../support/fake-sources-data";
import { allVideos, BASE, call, callJson, createList, expectErrorResponse, signUp } from "./helpers";
import { useFakeUpstream } from "./support/fake-upstream-fetch";

vi.setConfig({ testTimeout: 30_000 });
const upstream = useFakeUpstream();

async function newList() {
  const { token } = await signUp("sources");
  const list = await createList(token);
  return { token, listId: list.id };
}

const preview = (token: string, listId: string, url: string) =>
  call(`/api/lists/${listId}/sources/preview`, { token, body: { url } });
const importFrom = (token: string, listId: string, body: Record<string, unknown>) =>
  call(`/api/lists/${listId}/sources/import`, { token, body });

/** The newest `count` uploads of a fake channel of `size` videos, newest first, as YouTube lists them. */
const uploadsOf = (handle: string, size: number, count: number) => {
  const playlist = uploadsPlaylistOf(channelIdFor(handle));
  return Array.from({ length: count }, (_, i) => sourceVideoId(playlist, size - 1 - i));
};

describe("preview", () => {
  it("a channel by handle: title, count, how many the list has, a thumbnail YouTube serves", async () => {
    const { token, listId } = await newList();
    const first = await callJson(`/api/lists/${listId}/sources/preview`, {
      token,
      body: { url: "https://www.youtube.com/@speaker-75" },
      expect: 200,
    });
    expect(first).toEqual({
      kind: "channel",
      sourceId: channelIdFor("@speaker-75"),
      title: "speaker-75 channel",
      channelTitle: "speaker-75 channel",
      videoCount: 75,
      alreadyInList: 0,
      sampled: 50,
      thumbnailUrl: expect.stringMatching(/^https:\/\/i\.ytimg\.com\/vi\//),
    });
    await callJson(`/api/lists/${listId}/videos/bulk`, {
      token,
      body: { urls: uploadsOf("@speaker-75", 75, 12) },
      expect: 200,
    });
    const second = await callJson(`/api/lists/${listId}/sources/preview`, {
      token,
      body: { url: "@speaker-75" },
      expect: 200,
    });
    expect(second.alreadyInList).toBe(12);
    // channels.list, then one page, each time.
    expect(upstream().calls).toMatchObject({ channels: 2, playlistItems: 2 });
  });

  it.each([
    ["a channel URL", () => `https://www.youtube.com/channel/${channelIdFor("@by-id")}`, "channel"],
    ["a /user/ URL", () => "https://www.youtube.com/user/legacyname", "channel"],
    ["a /c/ URL (looked up as a handle)", () => "https://www.youtube.com/c/customname", "channel"],
    ["a playlist URL", () => "https://www.youtube.com/playlist?list=PLcourse_30", "playlist"],
    [
      "a watch URL carrying a playlist",
      () => "https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PLcourse_30",
      "playlist",
    ],
  ])("%s", async (_label, url, kind) => {
    const { token, listId } = await newList();
    const body = await callJson(`/api/lists/${listId}/sources/preview`, { token, body: { url: url() }, expect: 200 });
    expect(body.kind).toBe(kind);
    expect(body.title).toEqual(expect.any(String));
    if (kind === "playlist") expect(body).toMatchObject({ sourceId: "PLcourse_30", videoCount: 30, sampled: 30 });
  });

  it.each([
    ["an unknown handle", "@missing-person"],
    ["an unknown channel id", "https://www.youtube.com/channel/UCmissing000000000000000"],
    ["an unknown playlist", "https://www.youtube.com/playlist?list=PLmissing_10"],
    ["a private playlist", "https://www.youtube.com/playlist?list=PLprivate_10"],
    ["an unknown /c/ name (neither a handle nor a username)", "https://www.youtube.com/c/missing"],
  ])("%s → 404", async (_label, url) => {
    const { token, listId } = await newList();
    await expectErrorResponse(await preview(token, listId, url), 404, "not_found");
  });

  it("a single video → 422 invalid_url naming the videos route; another site → 422", async () => {
    const { token, listId } = await newList();
    const video = await expectErrorResponse(
      await preview(token, listId, "https://youtu.be/dQw4w9WgXcQ"),
      422,
      "invalid_url",
    );
    expect(video.message).toContain("/videos");
    await expectErrorResponse(await preview(token, listId, "https://vimeo.com/123"), 422, "invalid_url");
    expect(upstream().calls).toMatchObject({ channels: 0, playlists: 0, playlistItems: 0 });
  });

  it("another user's list → 404, and YouTube is not asked", async () => {
    const { listId } = await newList();
    const stranger = await signUp("stranger");
    await expectErrorResponse(await preview(stranger.token, listId, "@speaker-75"), 404, "not_found");
    expect(upstream().calls.channels).toBe(0);
  });

  it("without YOUTUBE_API_KEY → 503 upstream_unavailable naming the setting", async () => {
    const { token, listId } = await newList();
    // The same Worker, handed an environment without the key.
    const res = await worker.fetch(
      new Request(`${BASE}/api/lists/${listId}/sources/preview`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ url: "@speaker-75" }),
      }),
      { ...env, YOUTUBE_API_KEY: "" },
      createExecutionContext(),
    );
    const error = await expectErrorResponse(res, 503, "upstream_unavailable");
    expect(error.message).toContain("YOUTUBE_API_KEY");
  });
});

describe("import", () => {
  it("a channel's newest videos up to the limit, one page per 50, in the list as pending", async () => {
    const { token, listId } = await newList();
    const result = await callJson(`/api/lists/${listId}/sources/import`, {
      token,
      body: { url: "@talks-300", limit: 120 },
      expect: 200,
    });
    expect(result).toEqual({ added: 120, duplicates: 0, total: 120, skipped: 0, youtubeUnits: 4 });
    expect(upstream().calls).toMatchObject({ channels: 1, playlistItems: 3 });
    const videos = await allVideos(token, listId);
    expect(new Set(videos.map((v) => v.youtubeId))).toEqual(new Set(uploadsOf("@talks-300", 300, 120)));
    expect(videos.every((v) => v.status === "pending")).toBe(true);
  });

  it("the default limit is 500; importing again adds nothing and counts duplicates", async () => {
    const { token, listId } = await newList();
    const first = await callJson(`/api/lists/${listId}/sources/import`, {
      token,
      body: { url: "@prolific-700" },
      expect: 200,
    });
    expect(first).toMatchObject({ added: 500, duplicates: 0, total: 500 });
    const again = await callJson(`/api/lists/${listId}/sources/import`, {
      token,
      body: { url: "@prolific-700", limit: 510 },
      expect: 200,
    });
    expect(again).toMatchObject({ added: 10, duplicates: 500, total: 510 });
    expect((await allVideos(token, listId)).length).toBe(510);
  });

  it("a playlist in its owner's order: every page read, the newest by publish date kept", async () => {
    const { token, listId } = await newList();
    const result = await callJson(`/api/lists/${listId}/sources/import`, {
      token,
      body: { url: "https://www.youtube.com/playlist?list=PLmixed_160", limit: 40 },
      expect: 200,
    });
    expect(result).toMatchObject({ added: 40, total: 40 });
    expect(upstream().calls.playlistItems).toBe(4);
    // The same pages, read here from the fake's data, sorted by publish date.
    const items: { contentDetails: { videoId: string; videoPublishedAt: string } }[] = [];
    const sources = createFakeSources();
    for (let token: string | undefined, more = true; more; ) {
      const params = new URLSearchParams({ part: "contentDetails", playlistId: "PLmixed_160", maxResults: "50" });
      if (token) params.set("pageToken", token);
      const answer = answerSources(sources, "/youtube/v3/playlistItems", params)?.body as {
        items: typeof items;
        nextPageToken?: string;
      };
      items.push(...answer.items);
      token = answer.nextPageToken;
      more = token !== undefined;
    }
    const newest = items
      .sort((a, b) => b.contentDetails.videoPublishedAt.localeCompare(a.contentDetails.videoPublishedAt))
      .slice(0, 40)
      .map((item) => item.contentDetails.videoId);
    expect(new Set((await allVideos(token, listId)).map((v) => v.youtubeId))).toEqual(new Set(newest));
  });

  it("private and deleted placeholders are skipped, not added", async () => {
    const { token, listId } = await newList();
    const result = await callJson(`/api/lists/${listId}/sources/import`, {
      token,
      body: { url: "https://www.youtube.com/playlist?list=PLholes_100" },
      expect: 200,
    });
    // Two placeholders in every ten positions.
    expect(result).toMatchObject({ added: 80, duplicates: 0, total: 80, skipped: 20 });
    expect((await allVideos(token, listId)).map((v) => v.youtubeId)).not.toContain(sourceVideoId("PLholes_100", 3));
  });

  it("5,000 videos: 100 pages, 101 units, one answer", async () => {
    const { token, listId } = await newList();
    const result = await callJson(`/api/lists/${listId}/sources/import`, {
      token,
      body: { url: "@archive-5200", limit: 5000 },
      expect: 200,
    });
    expect(result).toEqual({ added: 5000, duplicates: 0, total: 5000, skipped: 0, youtubeUnits: 101 });
    const list = await callJson(`/api/lists/${listId}`, { token, expect: 200 });
    expect(list.videoCount).toBe(5000);
  });

  it("a playlist that disappears midway → 404 and nothing added", async () => {
    const { token, listId } = await newList();
    let pages = 0;
    upstream().override("playlistItems", () => {
      if (++pages < 3) return undefined;
      return new Response(
        JSON.stringify({
          error: {
            code: 404,
            message: "The playlist identified with the request's <code>playlistId</code> parameter cannot be found.",
            errors: [
              { message: "…", domain: "youtube.playlistItem", reason: "playlistNotFound", location: "playlistId" },
            ],
          },
        }),
        { status: 404, headers: { "content-type": "application/json" } },
      );
    });
    await expectErrorResponse(
      await importFrom(token, listId, { url: "https://www.youtube.com/playlist?list=PLshort_400" }),
      404,
      "not_found",
    );
    expect(await allVideos(token, listId)).toEqual([]);
  });

  it("YouTube failing (500s) → 503 upstream_unavailable and nothing added", async () => {
    const { token, listId } = await newList();
    upstream().override("playlistItems", () => new Response("<html>oops</html>", { status: 502 }));
    await expectErrorResponse(await importFrom(token, listId, { url: "@talks-300" }), 503, "upstream_unavailable");
    expect(await allVideos(token, listId)).toEqual([]);
  });
});
