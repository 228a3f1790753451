import { describe, expect, it } from "vitest";
import { EMBED_DISABLED, fetchOEmbedMetadata, fetchVideoMetadata, parseIsoDuration } from "../../src/providers/youtube";
import accessNotConfigured from "../fixtures/youtube/error-access-not-configured.json";
import keyInvalid from "../fixtures/youtube/error-key-invalid.json";
import keyInvalidLegacy from "../fixtures/youtube/error-key-invalid-legacy.json";
import quotaExceeded from "../fixtures/youtube/error-quota-exceeded.json";
import oembed from "../fixtures/youtube/oembed.json";
import videosList from "../fixtures/youtube/videos-list.json";
import { youtubeDailyLimitBody, youtubeRateLimitBody } from "../support/fake-upstream-data";
import { rejection } from "./support/upstream-error";

const API_BASE = "https://www.googleapis.com/youtube/v3";
const KEY = "AIzaSyTestKey";

/** A stand-in for `fetch` that records every URL and its headers and answers with `respond`. */
function stubFetch(respond: (url: URL) => Response | Promise<Response>) {
  const calls: URL[] = [];
  const headers: Headers[] = [];
  const fn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    calls.push(url);
    headers.push(new Headers(init?.headers));
    return respond(url);
  }) as typeof fetch;
  return { fn, calls, headers };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

/** Answers videos.list like YouTube: one item per known id, built from the recorded fixture item. */
function echoVideos(url: URL) {
  const template = videosList.items[0];
  const ids = (url.searchParams.get("id") ?? "").split(",");
  return json({ ...videosList, items: ids.map((id) => ({ ...template, id })) });
}

const opts = (fetchFn: typeof fetch, timeoutMs?: number) => ({
  apiKey: KEY,
  apiBase: API_BASE,
  fetch: fetchFn,
  timeoutMs,
});

describe("fetchVideoMetadata", () => {
  it("asks for 50 ids in one videos.list call with the three parts, and refuses more than 50", async () => {
    const ids = Array.from({ length: 51 }, (_, i) => `vid${String(i).padStart(8, "0")}`);
    const { fn, calls, headers } = stubFetch(echoVideos);

    const result = await fetchVideoMetadata(ids.slice(0, 50), opts(fn));

    expect(calls).toHaveLength(1);
    const [url] = calls as [URL];
    expect(url.origin + url.pathname).toBe(`${API_BASE}/videos`);
    expect(url.searchParams.get("part")).toBe("snippet,contentDetails,statistics");
    // The key travels in Google's header, never in the URL (which proxies and logs keep).
    expect(headers[0]?.get("X-Goog-Api-Key")).toBe(KEY);
    expect(url.searchParams.has("key")).toBe(false);
    expect(url.href).not.toContain(KEY);
    expect(url.searchParams.get("id")?.split(",")).toEqual(ids.slice(0, 50));
    expect(result.size).toBe(50);
    expect(result.get(ids[49] as string)?.title).toBe(videosList.items[0]?.snippet.title);
    await expect(fetchVideoMetadata(ids, opts(fn))).rejects.toThrow(RangeError);
  });

  it("maps a full item onto metadata: counts as numbers, best thumbnail, tags, chapters", async () => {
    const { fn } = stubFetch(() => json(videosList));
    const result = await fetchVideoMetadata(["dQw4w9WgXcQ"], opts(fn));

    expect(result.get("dQw4w9WgXcQ")).toEqual({
      title: "Rick Astley - Never Gonna Give You Up (Official Video) (4K Remaster)",
      channelTitle: "Rick Astley",
      channelId: "UCuAXFkgsw1L7xaCfnd5JJOw",
      description: expect.stringContaining("0:00 Intro"),
      durationSeconds: 213,
      viewCount: 1_700_000_000,
      likeCount: 18_000_000,
      publishedAt: "2009-10-25T06:57:33.000Z",
      thumbnailUrl: "https://i.ytimg.com/vi/dQw4w9WgXcQ/maxresdefault.jpg",
      tags: ["rick astley", "Never Gonna Give You Up", "nggyu", "rickroll"],
      chapters: [
        { startSeconds: 0, title: "Intro" },
        { startSeconds: 18, title: "Verse 1" },
        { startSeconds: 43, title: "Pre-chorus" },
        { startSeconds: 60, title: "Chorus" },
      ],
    });
  });

  it("turns hidden likes into null, missing tags into [] and falls back to the best thumbnail there is", async () => {
    const { fn } = stubFetch(() => json(videosList));
    const result = await fetchVideoMetadata(["hIdDeNLikes", "liveStream1"], opts(fn));

    const hidden = result.get("hIdDeNLikes");
    expect(hidden?.likeCount).toBeNull();
    expect(hidden?.viewCount).toBe(1234);
    expect(hidden?.tags).toEqual([]);
    expect(hidden?.chapters).toEqual([]);
    expect(hidden?.durationSeconds).toBe(93_784);
    expect(hidden?.thumbnailUrl).toBe("https://i.ytimg.com/vi/hIdDeNLikes/hqdefault.jpg");
    // P0D: a live or upcoming broadcast's length is unknown, not zero.
    expect(result.get("liveStream1")?.durationSeconds).toBeNull();
    expect(result.get("liveStream1")?.thumbnailUrl).toBe("https://i.ytimg.com/vi/liveStream1/mqdefault_live.jpg");
  });

  it("maps ids YouTube leaves out (private, deleted) to null", async () => {
    const { fn } = stubFetch(() => json(videosList));
    const result = await fetchVideoMetadata(["dQw4w9WgXcQ", "zzPrivate01"], opts(fn));
    expect(result.get("dQw4w9WgXcQ")).not.toBeNull();
    expect(result.has("zzPrivate01")).toBe(true);
    expect(result.get("zzPrivate01")).toBeNull();
  });

  it("makes no call for no ids and one call for duplicated ids", async () => {
    const { fn, calls } = stubFetch(echoVideos);
    expect((await fetchVideoMetadata([], opts(fn))).size).toBe(0);
    expect(calls).toHaveLength(0);
    await fetchVideoMetadata(["dQw4w9WgXcQ", "dQw4w9WgXcQ"], opts(fn));
    expect(calls[0]?.searchParams.get("id")).toBe("dQw4w9WgXcQ");
  });

  it.each([
    ["403 quotaExceeded", quotaExceeded],
    ["403 dailyLimitExceeded (older body)", youtubeDailyLimitBody()],
  ])(
    "a used-up daily quota (%s) comes back at midnight Pacific, with a message a person understands",
    async (_, body) => {
      const { fn } = stubFetch(() => json(body, 403));
      const error = await rejection(fetchVideoMetadata(["dQw4w9WgXcQ"], opts(fn)));
      expect(error).toMatchObject({ kind: "quota", status: 403, quotaResets: "midnight-pacific" });
      expect(error.message).toMatch(/YouTube Data API quota for today is used up/);
    },
  );

  it.each(["rateLimitExceeded", "userRateLimitExceeded"] as const)(
    "403 %s is a per-minute throttle, not a failure",
    async (reason) => {
      const { fn } = stubFetch(() => json(youtubeRateLimitBody(reason), 403));
      expect((await rejection(fetchVideoMetadata(["dQw4w9WgXcQ"], opts(fn)))).kind).toBe("throttled");
    },
  );

  it.each([
    ["400 API_KEY_INVALID", keyInvalid, 400],
    ["400 keyInvalid (older body)", keyInvalidLegacy, 400],
  ])("fails the job when the key is rejected: %s", async (_name, body, status) => {
    const { fn } = stubFetch(() => json(body, status));
    const error = await rejection(fetchVideoMetadata(["dQw4w9WgXcQ"], opts(fn)));
    expect(error.kind).toBe("fatal");
    expect(error.message).toMatch(/YouTube API key rejected/);
    expect(error.message).not.toContain(KEY);
  });

  it("fails the job when the Data API is not enabled for the key's project", async () => {
    const { fn } = stubFetch(() => json(accessNotConfigured, 403));
    const error = await rejection(fetchVideoMetadata(["dQw4w9WgXcQ"], opts(fn)));
    expect(error.kind).toBe("fatal");
    expect(error.message).toMatch(/not enabled/);
  });

  it("429 is a throttle, honouring Retry-After in seconds", async () => {
    const { fn } = stubFetch(() =>
      json({ error: { code: 429, message: "Too Many Requests" } }, 429, { "Retry-After": "17" }),
    );
    const error = await rejection(fetchVideoMetadata(["dQw4w9WgXcQ"], opts(fn)));
    expect(error.kind).toBe("throttled");
    expect(error.retryAfterSeconds).toBe(17);
  });

  it("reads a Retry-After given as an HTTP date", async () => {
    const at = new Date(Date.now() + 90_000).toUTCString();
    const { fn } = stubFetch(() => new Response("busy", { status: 503, headers: { "Retry-After": at } }));
    const error = await rejection(fetchVideoMetadata(["dQw4w9WgXcQ"], opts(fn)));
    expect(error.kind).toBe("transient");
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(88);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(90);
  });

  it("retries later on 503 with an HTML body", async () => {
    const { fn } = stubFetch(() => new Response("<html>Service Unavailable</html>", { status: 503 }));
    const error = await rejection(fetchVideoMetadata(["dQw4w9WgXcQ"], opts(fn)));
    expect(error.kind).toBe("transient");
    expect(error.status).toBe(503);
    expect(error.retryAfterSeconds).toBeUndefined();
  });

  it("gives up on a hung upstream after timeoutMs and retries later", async () => {
    // Never answers; only the abort signal ends it, as with a stalled connection.
    const hang = ((_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      })) as typeof fetch;
    const started = Date.now();
    const error = await rejection(fetchVideoMetadata(["dQw4w9WgXcQ"], opts(hang, 50)));
    expect(error.kind).toBe("transient");
    expect(error.message).toMatch(/did not answer within 50 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("retries later when the network fails", async () => {
    const { fn } = stubFetch(() => Promise.reject(new TypeError("Network connection lost.")));
    const error = await rejection(fetchVideoMetadata(["dQw4w9WgXcQ"], opts(fn)));
    expect(error.kind).toBe("transient");
    expect(error.message).toMatch(/could not be reached/);
  });

  it("retries later when a 200 carries a body that is not JSON", async () => {
    const { fn } = stubFetch(() => new Response('{"kind": "youtube#videoListRes', { status: 200 }));
    const error = await rejection(fetchVideoMetadata(["dQw4w9WgXcQ"], opts(fn)));
    expect(error.kind).toBe("transient");
    expect(error.message).toMatch(/not JSON/);
  });
});

describe("parseIsoDuration", () => {
  it.each([
    ["PT1H2M3S", 3723],
    ["PT3M33S", 213],
    ["PT45S", 45],
    ["PT2H", 7200],
    ["P1DT2H", 93_600],
    ["P1W2DT3H", 788_400],
  ])("%s → %i seconds", (value, seconds) => {
    expect(parseIsoDuration(value)).toBe(seconds);
  });

  it.each(["P0D", "PT0S"])("%s (live or upcoming) is an unknown length → null, not 0", (value) => {
    expect(parseIsoDuration(value)).toBeNull();
  });

  it.each(["", "P", "PT", "1:02:03", "PT1X"])("%j is not a duration → null", (value) => {
    expect(parseIsoDuration(value)).toBeNull();
  });
});

describe("thumbnails", () => {
  const withThumbnails = (thumbnails: Record<string, { url: string }>) =>
    json({
      ...videosList,
      items: [{ ...videosList.items[0], id: "dQw4w9WgXcQ", snippet: { ...videosList.items[0]?.snippet, thumbnails } }],
    });

  it.each([
    ["another host", "https://evil.example/vi/dQw4w9WgXcQ/maxresdefault.jpg"],
    ["http on the right host", "http://i.ytimg.com/vi/dQw4w9WgXcQ/maxresdefault.jpg"],
    ["a look-alike host", "https://i.ytimg.com.evil.example/vi/x.jpg"],
    ["credentials before the host", "https://i.ytimg.com@evil.example/vi/x.jpg"],
    ["a port", "https://i.ytimg.com:8443/vi/x.jpg"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["not a URL", "maxresdefault.jpg"],
  ])("replaces a thumbnail from %s with the one built from the video id", async (_name, thumbnail) => {
    const { fn } = stubFetch(() => withThumbnails({ maxres: { url: thumbnail } }));
    const result = await fetchVideoMetadata(["dQw4w9WgXcQ"], opts(fn));
    expect(result.get("dQw4w9WgXcQ")?.thumbnailUrl).toBe("https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg");
  });

  it("keeps an https://i.ytimg.com/ thumbnail as given, and builds one when there is none", async () => {
    const { fn } = stubFetch(() => withThumbnails({ high: { url: "https://i.ytimg.com/vi/dQw4w9WgXcQ/hq720.jpg" } }));
    expect((await fetchVideoMetadata(["dQw4w9WgXcQ"], opts(fn))).get("dQw4w9WgXcQ")?.thumbnailUrl).toBe(
      "https://i.ytimg.com/vi/dQw4w9WgXcQ/hq720.jpg",
    );
    const { fn: none } = stubFetch(() => withThumbnails({}));
    expect((await fetchVideoMetadata(["dQw4w9WgXcQ"], opts(none))).get("dQw4w9WgXcQ")?.thumbnailUrl).toBe(
      "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg",
    );
  });

  it("applies the same rule to oEmbed's thumbnail_url", async () => {
    const { fn } = stubFetch(() => json({ ...oembed, thumbnail_url: "https://tracker.example/pixel.gif" }));
    const result = await fetchOEmbedMetadata("dQw4w9WgXcQ", { oembedUrl: "https://www.youtube.com/oembed", fetch: fn });
    expect(result?.thumbnailUrl).toBe("https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg");
  });
});

describe("fetchOEmbedMetadata", () => {
  const oembedUrl = "https://www.youtube.com/oembed";

  it("asks for the canonical watch URL as JSON and fills title, channel and thumbnail", async () => {
    const { fn, calls } = stubFetch(() => json(oembed));
    const result = await fetchOEmbedMetadata("dQw4w9WgXcQ", { oembedUrl, fetch: fn });

    expect(calls[0]?.origin + (calls[0]?.pathname ?? "")).toBe(oembedUrl);
    expect(calls[0]?.searchParams.get("url")).toBe("https://www.youtube.com/watch?v=dQw4w9WgXcQ");
    expect(calls[0]?.searchParams.get("format")).toBe("json");
    expect(result).toEqual({
      title: oembed.title,
      channelTitle: "Rick Astley",
      channelId: null,
      description: null,
      durationSeconds: null,
      viewCount: null,
      likeCount: null,
      publishedAt: null,
      thumbnailUrl: "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg",
      tags: [],
      chapters: [],
    });
  });

  it.each([
    [403, "Forbidden"],
    [404, "Not Found"],
    [400, "Bad Request"],
  ])("maps HTTP %i (private or removed) to null", async (status, text) => {
    const { fn } = stubFetch(() => new Response(text, { status }));
    expect(await fetchOEmbedMetadata("zzPrivate01", { oembedUrl, fetch: fn })).toBeNull();
  });

  it("a 401 is a public video whose owner disabled embedding: its own reason, not 'private'", async () => {
    const { fn } = stubFetch(() => new Response("Unauthorized", { status: 401 }));
    const error = await rejection(fetchOEmbedMetadata("noEmbed0001", { oembedUrl, fetch: fn }));
    expect(error).toMatchObject({ kind: "permanent", message: EMBED_DISABLED });
    expect(error.message).toMatch(/YOUTUBE_API_KEY/);
  });

  it.each([
    [429, "throttled"],
    [500, "transient"],
  ])("HTTP %i is %s, honouring Retry-After", async (status, kind) => {
    const { fn } = stubFetch(() => new Response("busy", { status, headers: { "Retry-After": "5" } }));
    const error = await rejection(fetchOEmbedMetadata("dQw4w9WgXcQ", { oembedUrl, fetch: fn }));
    expect(error.kind).toBe(kind);
    expect(error.retryAfterSeconds).toBe(5);
  });
});
