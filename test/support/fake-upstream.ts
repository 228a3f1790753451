/**
 * A stand-in for YouTube Data API v3, YouTube oEmbed and Gemini generateContent, for offline
 * runs, benchmarks and end-to-end tests. It answers on the real paths with the real wire shapes,
 * with data derived deterministically from the ids, so the app cannot tell it from the real thing
 * except by speed and cost. Plain Node (type stripping): erasable syntax only, no app imports.
 *
 *   npm run fake-upstream            PORT (8788), LATENCY_MS (0), FAULT_* (see readFaultsFromEnv)
 *   GET  /__stats                    call counts per endpoint, ids seen, faults injected, requests
 *                                    accepted and refused under the per-minute limit
 *   POST /__reset                    zero the stats, restore the start-up faults, reseed
 *   POST /__faults {…Faults}         change faults at run time (merged into the current ones)
 *   POST /__sources/publish {playlistId, count}  new uploads on a channel's uploads playlist (or a playlist)
 * Playlists and channels (channels/playlists/playlistItems.list): see fake-sources-data.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { pathToFileURL } from "node:url";
import { answerSources, createFakeSources, type FakeSources } from "./fake-sources-data.ts";
import {
  type GenerateContentRequest,
  geminiMissingKeyBody,
  geminiQuotaBody,
  geminiRateBody,
  generateContentAnswer,
  googleError,
  keyInvalidBody,
  modelNotFoundBody,
  oembedBody,
  promptVideos,
  quotaExceededBody,
  videoListBody,
  youtubeParameterError,
  youtubeRateBody,
  youtubeRateLimitBody,
} from "./fake-upstream-data.ts";

export type Endpoint = "videos" | "oembed" | "generateContent";

export interface Faults {
  /** Ids starting with this are private: left out of videos.list, 403 from oEmbed. */
  missingPrefix: string;
  /** Ids starting with this ("" for none) are public with embedding disabled: in videos.list, 401 from oEmbed. */
  embedDisabledPrefix: string;
  /**
   * Share (0–1) of calls answered 429: YouTube and oEmbed with `Retry-After: retryAfterSeconds`,
   * Gemini as it really does, with a per-minute QuotaFailure and RetryInfo and no header.
   */
  rate429: number;
  retryAfterSeconds: number;
  /** Share (0–1) of calls answered 500. */
  rate500: number;
  /** Every videos.list answers 403 quotaExceeded. */
  quotaExceeded: boolean;
  /** Every videos.list and generateContent answers 400 with the key rejected. */
  keyInvalid: boolean;
  /** Share (0–1) of generateContent answers whose text is prose instead of JSON. */
  aiBadJsonRate: number;
  /**
   * generateContent requests accepted per sliding minute (0: no limit); past it, 429 with a
   * per-minute QuotaFailure and a RetryInfo saying when the oldest request leaves the window.
   */
  geminiRpm: number;
  /** generateContent requests accepted per day (0: no limit); past it, 429 with a per-day QuotaFailure. */
  geminiRpd: number;
  /** Models answered 404 NOT_FOUND, as for a model that was shut down. */
  retiredModels: string[];
  /** Videos (id prefix, "" for none) whose presence in a call makes the model stop with SAFETY. */
  aiBlockedPrefix: string;
  /** Videos (id prefix, "" for none) the model leaves out of its answer. */
  aiOmitPrefix: string;
  /** The model's own output ceiling in tokens (0: only the request's maxOutputTokens). */
  aiOutputTokenLimit: number;
  /** The model thinks whatever the request says, and returns its thought as a part. */
  aiThoughts: boolean;
  /** Share (0–1) of videos.list calls answered 403 rateLimitExceeded (a per-minute throttle). */
  youtubeRateLimitRate: number;
  /** Which endpoints the rate faults apply to. */
  endpoints: Endpoint[];
  /** Seed of the fault dice, so a faulty run can be replayed exactly. */
  seed: number;
}

export interface FakeUpstream {
  url: string;
  port: number;
  server: Server;
  setFaults(faults: Partial<Faults>): void;
  stats(): Stats;
  reset(): void;
  close(): Promise<void>;
}

/**
 * The app's `--var`s that send its YouTube and Gemini calls to a fake at `baseUrl` (the fake
 * itself, or a gate in front of it), with keys named for the caller: the rest is the caller's.
 */
export function upstreamVars(baseUrl: string, keyName: string): Record<string, string> {
  return {
    YOUTUBE_API_KEY: `${keyName}-youtube-key`,
    YOUTUBE_API_BASE: `${baseUrl}/youtube/v3`,
    YOUTUBE_OEMBED_URL: `${baseUrl}/oembed`,
    GEMINI_API_KEY: `${keyName}-gemini-key`,
    GEMINI_API_BASE: baseUrl,
    AI_PROVIDER: "gemini",
  };
}

export interface Stats {
  calls: Record<Endpoint, number>;
  faultsInjected: Record<string, number>;
  videos: { idsRequested: number; uniqueIds: number; maxIdsPerCall: number; idsSeen: string[] };
  oembed: { idsSeen: string[] };
  /** Videos asked about across generateContent calls, and the most in one call. */
  generateContent: { videos: number; maxVideosPerCall: number };
  /** generateContent requests under the per-minute and per-day limits: accepted, and refused with 429. */
  limits: { accepted: number; refusedPerMinute: number; refusedPerDay: number };
  /** channels/playlists/playlistItems.list calls, each one quota unit. */
  sources: { calls: number; pages: number };
}

const ALL_ENDPOINTS: Endpoint[] = ["videos", "oembed", "generateContent"];
const DEFAULT_FAULTS: Faults = {
  missingPrefix: "zz",
  embedDisabledPrefix: "",
  rate429: 0,
  retryAfterSeconds: 1,
  rate500: 0,
  quotaExceeded: false,
  keyInvalid: false,
  aiBadJsonRate: 0,
  geminiRpm: 0,
  geminiRpd: 0,
  retiredModels: [],
  aiBlockedPrefix: "",
  aiOmitPrefix: "",
  aiOutputTokenLimit: 0,
  aiThoughts: false,
  youtubeRateLimitRate: 0,
  endpoints: ALL_ENDPOINTS,
  seed: 1,
};

export function readFaultsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<Faults> {
  const faults: Partial<Faults> = {};
  const num = (name: string) => (env[name] === undefined ? undefined : Number(env[name]));
  if (env.FAULT_MISSING_PREFIX !== undefined) faults.missingPrefix = env.FAULT_MISSING_PREFIX;
  if (env.FAULT_EMBED_DISABLED_PREFIX !== undefined) faults.embedDisabledPrefix = env.FAULT_EMBED_DISABLED_PREFIX;
  if (env.FAULT_AI_BLOCKED_PREFIX !== undefined) faults.aiBlockedPrefix = env.FAULT_AI_BLOCKED_PREFIX;
  if (env.FAULT_AI_OMIT_PREFIX !== undefined) faults.aiOmitPrefix = env.FAULT_AI_OMIT_PREFIX;
  if (num("FAULT_429_RATE") !== undefined) faults.rate429 = num("FAULT_429_RATE");
  if (num("FAULT_RETRY_AFTER") !== undefined) faults.retryAfterSeconds = num("FAULT_RETRY_AFTER");
  if (num("FAULT_500_RATE") !== undefined) faults.rate500 = num("FAULT_500_RATE");
  if (num("FAULT_AI_BAD_JSON_RATE") !== undefined) faults.aiBadJsonRate = num("FAULT_AI_BAD_JSON_RATE");
  if (num("FAULT_SEED") !== undefined) faults.seed = num("FAULT_SEED");
  if (env.FAULT_QUOTA_EXCEEDED !== undefined) faults.quotaExceeded = env.FAULT_QUOTA_EXCEEDED === "1";
  if (env.FAULT_KEY_INVALID !== undefined) faults.keyInvalid = env.FAULT_KEY_INVALID === "1";
  if (env.FAULT_ENDPOINTS) faults.endpoints = env.FAULT_ENDPOINTS.split(",") as Endpoint[];
  if (num("FAULT_GEMINI_RPM") !== undefined) faults.geminiRpm = num("FAULT_GEMINI_RPM");
  if (num("FAULT_GEMINI_RPD") !== undefined) faults.geminiRpd = num("FAULT_GEMINI_RPD");
  if (env.FAULT_RETIRED_MODELS) faults.retiredModels = env.FAULT_RETIRED_MODELS.split(",");
  if (num("FAULT_AI_OUTPUT_TOKEN_LIMIT") !== undefined) faults.aiOutputTokenLimit = num("FAULT_AI_OUTPUT_TOKEN_LIMIT");
  if (env.FAULT_AI_THOUGHTS !== undefined) faults.aiThoughts = env.FAULT_AI_THOUGHTS === "1";
  if (num("FAULT_YOUTUBE_RATE_LIMIT_RATE") !== undefined)
    faults.youtubeRateLimitRate = num("FAULT_YOUTUBE_RATE_LIMIT_RATE");
  return faults;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const type = typeof body === "string" ? "text/html; charset=utf-8" : "application/json; charset=UTF-8";
  res.writeHead(status, { "Content-Type": type, ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startFakeUpstream(
  options: { port?: number; latencyMs?: number; faults?: Partial<Faults> } = {},
): Promise<FakeUpstream> {
  const latencyMs = options.latencyMs ?? 0;
  const startFaults: Faults = { ...DEFAULT_FAULTS, ...options.faults };
  let faults: Faults = { ...startFaults };
  let dice = faults.seed;
  let calls: Record<Endpoint, number>;
  let faultsInjected: Record<string, number>;
  let idsRequested = 0;
  let maxIdsPerCall = 0;
  let videoIds: Set<string>;
  let oembedIds: Set<string>;
  let aiVideos = 0;
  let maxVideosPerAiCall = 0;
  /** Arrival times of accepted generateContent requests in the last minute. */
  let window: number[] = [];
  let acceptedToday = 0;
  let refusedPerMinute = 0;
  let refusedPerDay = 0;
  let sources: FakeSources;
  let sourceCalls = 0;

  const reset = () => {
    faults = { ...startFaults };
    dice = faults.seed;
    calls = { videos: 0, oembed: 0, generateContent: 0 };
    faultsInjected = {};
    idsRequested = 0;
    maxIdsPerCall = 0;
    videoIds = new Set();
    oembedIds = new Set();
    aiVideos = 0;
    maxVideosPerAiCall = 0;
    window = [];
    acceptedToday = 0;
    refusedPerMinute = 0;
    refusedPerDay = 0;
    sources = createFakeSources();
    sourceCalls = 0;
  };
  reset();

  const stats = (): Stats => ({
    calls: { ...calls },
    faultsInjected: { ...faultsInjected },
    videos: { idsRequested, uniqueIds: videoIds.size, maxIdsPerCall, idsSeen: [...videoIds] },
    oembed: { idsSeen: [...oembedIds] },
    generateContent: { videos: aiVideos, maxVideosPerCall: maxVideosPerAiCall },
    limits: { accepted: acceptedToday, refusedPerMinute, refusedPerDay },
    sources: { calls: sourceCalls, pages: sources.pagesServed },
  });
  const setFaults = (next: Partial<Faults>) => {
    faults = { ...faults, ...next };
    if (next.seed !== undefined) dice = next.seed;
  };

  /** mulberry32: seeded, so `rate429: 0.1` fails the same calls on every replay. */
  const roll = () => {
    dice = (dice + 0x6d2b79f5) >>> 0;
    let t = dice;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const inject = (
    name: string,
    res: ServerResponse,
    status: number,
    body: unknown,
    headers?: Record<string, string>,
  ) => {
    faultsInjected[name] = (faultsInjected[name] ?? 0) + 1;
    send(res, status, body, headers);
  };

  /**
   * Gemini's per-minute and per-day request limits, as it enforces them: a request over either
   * is refused with 429 and not counted; RetryInfo says when the minute has room again.
   */
  function limitRefusal(model: string, res: ServerResponse): boolean {
    const now = Date.now();
    window = window.filter((at) => at > now - 60_000);
    if (faults.geminiRpd > 0 && acceptedToday >= faults.geminiRpd) {
      refusedPerDay++;
      send(res, 429, geminiQuotaBody(model, "day", 3_600, faults.geminiRpd));
      return true;
    }
    if (faults.geminiRpm > 0 && window.length >= faults.geminiRpm) {
      refusedPerMinute++;
      const retry = Math.max(1, Math.ceil(((window[0] ?? now) + 60_000 - now) / 1000));
      send(res, 429, geminiQuotaBody(model, "minute", retry, faults.geminiRpm));
      return true;
    }
    window.push(now);
    acceptedToday++;
    return false;
  }

  /** The shared 429/500 dice; true when the call was answered with a fault. */
  function rateFault(endpoint: Endpoint, res: ServerResponse, body: (code: 429 | 500) => unknown): boolean {
    if (!faults.endpoints.includes(endpoint)) return false;
    if (faults.rate429 > 0 && roll() < faults.rate429) {
      // Gemini says when to come back only in the body's RetryInfo.
      const headers: Record<string, string> =
        endpoint === "generateContent" ? {} : { "Retry-After": String(faults.retryAfterSeconds) };
      inject(`${endpoint}:429`, res, 429, body(429), headers);
      return true;
    }
    if (faults.rate500 > 0 && roll() < faults.rate500) {
      inject(`${endpoint}:500`, res, 500, body(500));
      return true;
    }
    return false;
  }

  function videos(url: URL, req: IncomingMessage, res: ServerResponse) {
    calls.videos++;
    // Google accepts the key as the X-Goog-Api-Key header or as `?key=`, as does this fake.
    if (!req.headers["x-goog-api-key"] && !url.searchParams.get("key")) {
      return send(res, 403, googleError(403, "PERMISSION_DENIED", "The request is missing a valid API key."));
    }
    if (faults.keyInvalid) return inject("videos:keyInvalid", res, 400, keyInvalidBody("youtube.googleapis.com"));
    if (faults.quotaExceeded) return inject("videos:quotaExceeded", res, 403, quotaExceededBody());
    if (faults.youtubeRateLimitRate > 0 && roll() < faults.youtubeRateLimitRate) {
      return inject("videos:rateLimitExceeded", res, 403, youtubeRateLimitBody("rateLimitExceeded"));
    }
    if (rateFault("videos", res, youtubeRateBody)) return;
    const part = url.searchParams.get("part");
    const ids = (url.searchParams.get("id") ?? "").split(",").filter(Boolean);
    if (!part) return send(res, 400, youtubeParameterError("required"));
    if (ids.length === 0) return send(res, 400, youtubeParameterError("missingRequiredParameter"));
    if (ids.length > 50) return send(res, 400, youtubeParameterError("invalidFilters"));
    idsRequested += ids.length;
    maxIdsPerCall = Math.max(maxIdsPerCall, ids.length);
    for (const id of ids) videoIds.add(id);
    const visible = ids.filter((id) => !id.startsWith(faults.missingPrefix));
    send(res, 200, videoListBody(visible, new Set(part.split(","))));
  }

  function oembed(url: URL, res: ServerResponse) {
    calls.oembed++;
    if (rateFault("oembed", res, () => "<html><body>Too Many Requests</body></html>")) return;
    const id = /[?&]v=([\w-]{11})/.exec(url.searchParams.get("url") ?? "")?.[1];
    if (!id) return send(res, 400, "Bad Request");
    oembedIds.add(id);
    if (id.startsWith(faults.missingPrefix)) return send(res, 403, "Forbidden");
    if (faults.embedDisabledPrefix && id.startsWith(faults.embedDisabledPrefix)) return send(res, 401, "Unauthorized");
    send(res, 200, oembedBody(id));
  }

  async function generateContent(model: string, url: URL, req: IncomingMessage, res: ServerResponse) {
    calls.generateContent++;
    const body = await readBody(req);
    if (!req.headers["x-goog-api-key"] && !url.searchParams.get("key")) return send(res, 403, geminiMissingKeyBody());
    if (faults.keyInvalid) {
      return inject("generateContent:keyInvalid", res, 400, keyInvalidBody("generativelanguage.googleapis.com"));
    }
    if (faults.retiredModels.includes(model))
      return inject("generateContent:retired", res, 404, modelNotFoundBody(model));
    if (limitRefusal(model, res)) return;
    if (rateFault("generateContent", res, (code) => geminiRateBody(code, faults.retryAfterSeconds))) return;
    let request: GenerateContentRequest;
    try {
      request = JSON.parse(body);
    } catch {
      const message = `Invalid JSON payload received. Unexpected token.\n${body.slice(0, 20)}\n^`;
      return send(res, 400, googleError(400, "INVALID_ARGUMENT", message));
    }
    const badJson = faults.aiBadJsonRate > 0 && roll() < faults.aiBadJsonRate;
    if (badJson) faultsInjected["generateContent:badJson"] = (faultsInjected["generateContent:badJson"] ?? 0) + 1;
    const prompt = (request.contents ?? []).flatMap((c) => (c.parts ?? []).map((p) => p.text ?? "")).join("\n");
    const videos = promptVideos(prompt);
    aiVideos += videos.length;
    maxVideosPerAiCall = Math.max(maxVideosPerAiCall, videos.length);
    const starts = (prefix: string) => (id: string) => prefix !== "" && id.startsWith(prefix);
    send(
      res,
      200,
      generateContentAnswer(model, request, {
        badJson,
        omits: starts(faults.aiOmitPrefix),
        blocks: (id) => (starts(faults.aiBlockedPrefix)(id) ? "finish" : null),
        outputTokenLimit: faults.aiOutputTokenLimit || undefined,
        thoughts: faults.aiThoughts,
      }),
    );
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (url.pathname === "/__stats") return send(res, 200, stats());
    if (url.pathname === "/__reset" && req.method === "POST") {
      reset();
      return send(res, 200, { ok: true });
    }
    if (url.pathname === "/__faults" && req.method === "POST") {
      setFaults(JSON.parse((await readBody(req)) || "{}"));
      return send(res, 200, faults);
    }
    if (url.pathname === "/__sources/publish" && req.method === "POST") {
      const { playlistId, count } = JSON.parse((await readBody(req)) || "{}") as { playlistId: string; count: number };
      sources.publish(playlistId, count);
      return send(res, 200, { ok: true });
    }
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (req.method === "GET" && /^\/youtube\/v3\/(channels|playlists|playlistItems)$/.test(url.pathname)) {
      sourceCalls++;
      if (!req.headers["x-goog-api-key"] && !url.searchParams.get("key")) {
        return send(res, 403, googleError(403, "PERMISSION_DENIED", "The request is missing a valid API key."));
      }
      if (faults.quotaExceeded) return inject("sources:quotaExceeded", res, 403, quotaExceededBody());
      const answer = answerSources(sources, url.pathname, url.searchParams);
      if (answer) return send(res, answer.status, answer.body);
    }
    if (url.pathname === "/youtube/v3/videos" && req.method === "GET") return videos(url, req, res);
    if (url.pathname === "/oembed" && req.method === "GET") return oembed(url, res);
    const model = /^\/v1beta\/models\/([^/:]+):generateContent$/.exec(url.pathname)?.[1];
    if (model && req.method === "POST") return generateContent(decodeURIComponent(model), url, req, res);
    send(res, 404, googleError(404, "NOT_FOUND", `Not found: ${req.method} ${url.pathname}`));
  }

  const server = createServer((req, res) => {
    route(req, res, new URL(req.url ?? "/", "http://fake-upstream")).catch((error: unknown) => {
      send(res, 500, googleError(500, "INTERNAL", error instanceof Error ? error.message : String(error)));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8788, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? 8788);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    setFaults,
    stats,
    reset,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const upstream = await startFakeUpstream({
    port: Number(process.env.PORT ?? 8788),
    latencyMs: Number(process.env.LATENCY_MS ?? 0),
    faults: readFaultsFromEnv(),
  });
  console.log(`fake upstream listening on ${upstream.url} (latency ${process.env.LATENCY_MS ?? 0} ms)`);
  console.log(`  YOUTUBE_API_BASE=${upstream.url}/youtube/v3`);
  console.log(`  YOUTUBE_OEMBED_URL=${upstream.url}/oembed`);
  console.log(`  GEMINI_API_BASE=${upstream.url}`);
}
