/**
 * YouTube Data API, oEmbed and Gemini faked at the `fetch` boundary inside workerd, answering
 * with the same wire formats as the local fake upstream server (shared data module): Gemini
 * answers a batched request per video, and `model` sets how it misbehaves (items left out,
 * SAFETY, a low output ceiling, thoughts). Tests override single endpoints to inject faults and
 * read `calls` and `geminiRequests` to count upstream cost.
 */
import { env } from "cloudflare:test";
import { afterEach, beforeEach, vi } from "vitest";
import { answerSources, createFakeSources, type FakeSources } from "../../support/fake-sources-data";
import {
  type GenerateContentRequest,
  generateContentAnswer,
  generateContentBody,
  type ModelBehaviour,
  oembedBody,
  promptVideos,
  videoListBody,
} from "../../support/fake-upstream-data";

export type Endpoint = "videos" | "oembed" | "generateContent" | SourceEndpoint;
export type SourceEndpoint = "channels" | "playlists" | "playlistItems";
const SOURCE_ENDPOINTS: readonly SourceEndpoint[] = ["channels", "playlists", "playlistItems"];
export type Override = (request: Request, url: URL) => Response | undefined | Promise<Response | undefined>;

export interface FakeUpstream {
  calls: Record<Endpoint, number>;
  /** The `id` parameter of every videos.list call, split. */
  videoIdsPerCall: string[][];
  /** Every generateContent request body, in order, with the YouTube ids its prompt carries. */
  geminiRequests: { model: string; body: GenerateContentRequest; youtubeIds: (string | null)[] }[];
  /** How the fake model answers (see ModelBehaviour); change it per test. */
  model: ModelBehaviour;
  /** Return a Response to answer instead of the default; undefined falls through. */
  override(endpoint: Endpoint, handler: Override): void;
  /** Ids the fake treats as private/deleted (absent from videos.list, 403 from oEmbed). */
  missing: Set<string>;
  /** Public videos whose owner disabled embedding: in videos.list, but 401 from oEmbed. */
  embedDisabled: Set<string>;
  /** Playlists and channels (test/support/fake-sources-data.ts); `publish` adds new uploads. */
  sources: FakeSources;
  restore(): void;
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=UTF-8", ...headers },
  });

export function installFakeUpstream(): FakeUpstream {
  const overrides = new Map<Endpoint, Override>();
  const fake: FakeUpstream = {
    calls: { videos: 0, oembed: 0, generateContent: 0, channels: 0, playlists: 0, playlistItems: 0 },
    videoIdsPerCall: [],
    geminiRequests: [],
    model: {},
    missing: new Set(),
    embedDisabled: new Set(),
    sources: createFakeSources(),
    override: (endpoint, handler) => overrides.set(endpoint, handler),
    restore: () => spy.mockRestore(),
  };
  const realFetch = globalThis.fetch;
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input as RequestInfo, init);
    const url = new URL(request.url);
    const endpoint = endpointOf(url);
    if (!endpoint) return realFetch(input as RequestInfo, init);
    fake.calls[endpoint]++;
    let gemini: { model: string; body: GenerateContentRequest } | undefined;
    if (endpoint === "generateContent") {
      const model = decodeURIComponent(/models\/([^/:]+):generateContent/.exec(url.pathname)?.[1] ?? "");
      const body = (await request.clone().json()) as GenerateContentRequest;
      const prompt = (body.contents ?? []).flatMap((c) => (c.parts ?? []).map((p) => p.text ?? "")).join("\n");
      fake.geminiRequests.push({ model, body, youtubeIds: promptVideos(prompt).map((video) => video.youtubeId) });
      gemini = { model, body };
    }
    const custom = await overrides.get(endpoint)?.(request.clone(), url);
    if (custom) return custom;
    if (SOURCE_ENDPOINTS.includes(endpoint as SourceEndpoint)) {
      if (!request.headers.get("x-goog-api-key") || url.searchParams.has("key")) {
        return json({ error: { code: 403, message: "The request is missing a valid API key." } }, 403);
      }
      const answer = answerSources(fake.sources, url.pathname, url.searchParams);
      if (answer) return json(answer.body, answer.status);
    }
    switch (endpoint) {
      case "videos": {
        // Google takes the key as a header or `?key=`; the app must use the header, which keeps it
        // out of every logged URL, so a key in the query string is answered like a missing one.
        if (!request.headers.get("x-goog-api-key") || url.searchParams.has("key")) {
          return json(
            { error: { code: 403, message: "The request is missing a valid API key.", status: "PERMISSION_DENIED" } },
            403,
          );
        }
        const ids = (url.searchParams.get("id") ?? "").split(",").filter(Boolean);
        fake.videoIdsPerCall.push(ids);
        const parts = new Set((url.searchParams.get("part") ?? "").split(","));
        return json(
          videoListBody(
            ids.filter((id) => !fake.missing.has(id)),
            parts,
          ),
        );
      }
      case "oembed": {
        const id = new URL(url.searchParams.get("url") ?? "").searchParams.get("v") ?? "";
        if (fake.missing.has(id)) return new Response("Forbidden", { status: 403 });
        if (fake.embedDisabled.has(id)) return new Response("Unauthorized", { status: 401 });
        return json(oembedBody(id));
      }
      case "generateContent": {
        const { model, body } = gemini as { model: string; body: GenerateContentRequest };
        return json(generateContentAnswer(model, body, fake.model));
      }
    }
    return json({ error: { code: 404, message: `Not found: ${url.pathname}` } }, 404);
  });
  return fake;
}

/**
 * Installs a fresh fake before each test of the calling file and restores `fetch` after it;
 * returns the current test's fake.
 */
export function useFakeUpstream(): () => FakeUpstream {
  let fake: FakeUpstream | undefined;
  beforeEach(() => {
    fake = installFakeUpstream();
  });
  afterEach(() => fake?.restore());
  return () => {
    if (!fake) throw new Error("the fake upstream is installed before each test, not outside one");
    return fake;
  };
}

function endpointOf(url: URL): Endpoint | null {
  for (const endpoint of SOURCE_ENDPOINTS) if (url.pathname.endsWith(`/youtube/v3/${endpoint}`)) return endpoint;
  if (url.pathname.endsWith("/youtube/v3/videos")) return "videos";
  if (url.pathname.endsWith("/oembed")) return "oembed";
  if (url.pathname.includes(":generateContent")) return "generateContent";
  return null;
}

export const googleErrorResponse = (
  status: number,
  reason: string,
  message: string,
  headers: Record<string, string> = {},
) =>
  json({ error: { code: status, message, errors: [{ message, domain: "youtube.quota", reason }] } }, status, headers);

/**
 * A generateContent answer built per video of the request: `itemFor` gives each video's item
 * (by its YouTube id) or undefined to leave it out; the ref is filled in.
 */
export async function answerEach(
  request: Request,
  itemFor: (youtubeId: string | null) => Record<string, unknown> | undefined,
): Promise<Response> {
  const body = (await request.json()) as GenerateContentRequest;
  const prompt = (body.contents ?? []).flatMap((c) => (c.parts ?? []).map((p) => p.text ?? "")).join("\n");
  const videos = promptVideos(prompt).flatMap(({ ref, youtubeId }) => {
    const item = itemFor(youtubeId);
    return item ? [{ _ref: ref, ...item }] : [];
  });
  return json(generateContentBody("gemini-test", prompt, JSON.stringify({ videos })));
}

/** A generateContent answer whose model text is `text`. */
export const modelSays = (text: string) => json(generateContentBody("gemini-test", "", text));

/** The real bindings with credentials of their own, so this test's governors start fresh. */
export const withOwnCredentials = (bindings: Cloudflare.Env = env): Cloudflare.Env => ({
  ...bindings,
  YOUTUBE_API_KEY: `yt-${crypto.randomUUID()}`,
  GEMINI_API_KEY: `gm-${crypto.randomUUID()}`,
});
