/**
 * YouTube Data API, oEmbed and Gemini faked at the `fetch` boundary inside workerd, answering
 * with the same wire formats as the local fake upstream server (shared data module). Tests
 * override single endpoints to inject faults and read `calls` to count upstream cost.
 */
import { afterEach, beforeEach, vi } from "vitest";
import { answerSources, createFakeSources, type FakeSources } from "../../support/fake-sources-data";
import {
  fakeValue,
  generateContentBody,
  hash,
  oembedBody,
  type SchemaNode,
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
  /** Return a Response to answer instead of the default; undefined falls through. */
  override(endpoint: Endpoint, handler: Override): void;
  /** Ids the fake treats as private/deleted (absent from videos.list, 401 from oEmbed). */
  missing: Set<string>;
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
    missing: new Set(),
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
        return fake.missing.has(id) ? new Response("Unauthorized", { status: 401 }) : json(oembedBody(id));
      }
      case "generateContent": {
        const body = (await request.json()) as {
          contents: { parts: { text: string }[] }[];
          generationConfig: { responseSchema?: SchemaNode };
        };
        const prompt = body.contents.flatMap((c) => c.parts.map((p) => p.text)).join("\n");
        const text = JSON.stringify(
          fakeValue(body.generationConfig.responseSchema ?? { type: "OBJECT" }, hash(prompt)),
        );
        return json(generateContentBody("gemini-test", prompt, text));
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
