/**
 * A stand-in for YouTube Data API v3, YouTube oEmbed and Gemini generateContent, for offline
 * runs, benchmarks and end-to-end tests. It answers on the real paths with the real wire shapes,
 * with data derived deterministically from the ids, so the app cannot tell it from the real thing
 * except by speed and cost. Plain Node (type stripping): erasable syntax only, no app imports.
 *
 *   npm run fake-upstream            PORT (8788), LATENCY_MS (0), FAULT_* (see readFaultsFromEnv)
 *   GET  /__stats                    call counts per endpoint, ids seen, faults injected
 *   POST /__reset                    zero the stats, restore the start-up faults, reseed
 *   POST /__faults {…Faults}         change faults at run time (merged into the current ones)
 *   POST /__sources/publish {playlistId, count}  new uploads on a channel's uploads playlist (or a playlist)
 * Playlists and channels (channels/playlists/playlistItems.list): see fake-sources-data.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { pathToFileURL } from "node:url";
import { answerSources, createFakeSources, type FakeSources } from "./fake-sources-data.ts";
import {
  fakeValue,
  geminiMissingKeyBody,
  geminiRateBody,
  generateContentBody,
  googleError,
  hash,
  keyInvalidBody,
  oembedBody,
  quotaExceededBody,
  type SchemaNode,
  videoListBody,
  youtubeParameterError,
  youtubeRateBody,
} from "./fake-upstream-data.ts";

export type Endpoint = "videos" | "oembed" | "generateContent";

export interface Faults {
  /** Ids starting with this are private: left out of videos.list, 401 from oEmbed. */
  missingPrefix: string;
  /** Share (0–1) of calls answered 429 with `Retry-After: retryAfterSeconds`. */
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

export interface Stats {
  calls: Record<Endpoint, number>;
  faultsInjected: Record<string, number>;
  videos: { idsRequested: number; uniqueIds: number; maxIdsPerCall: number; idsSeen: string[] };
  oembed: { idsSeen: string[] };
  /** channels/playlists/playlistItems.list calls, each one quota unit. */
  sources: { calls: number; pages: number };
}

const ALL_ENDPOINTS: Endpoint[] = ["videos", "oembed", "generateContent"];
const DEFAULT_FAULTS: Faults = {
  missingPrefix: "zz",
  rate429: 0,
  retryAfterSeconds: 1,
  rate500: 0,
  quotaExceeded: false,
  keyInvalid: false,
  aiBadJsonRate: 0,
  endpoints: ALL_ENDPOINTS,
  seed: 1,
};

export function readFaultsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<Faults> {
  const faults: Partial<Faults> = {};
  const num = (name: string) => (env[name] === undefined ? undefined : Number(env[name]));
  if (env.FAULT_MISSING_PREFIX !== undefined) faults.missingPrefix = env.FAULT_MISSING_PREFIX;
  if (num("FAULT_429_RATE") !== undefined) faults.rate429 = num("FAULT_429_RATE");
  if (num("FAULT_RETRY_AFTER") !== undefined) faults.retryAfterSeconds = num("FAULT_RETRY_AFTER");
  if (num("FAULT_500_RATE") !== undefined) faults.rate500 = num("FAULT_500_RATE");
  if (num("FAULT_AI_BAD_JSON_RATE") !== undefined) faults.aiBadJsonRate = num("FAULT_AI_BAD_JSON_RATE");
  if (num("FAULT_SEED") !== undefined) faults.seed = num("FAULT_SEED");
  if (env.FAULT_QUOTA_EXCEEDED !== undefined) faults.quotaExceeded = env.FAULT_QUOTA_EXCEEDED === "1";
  if (env.FAULT_KEY_INVALID !== undefined) faults.keyInvalid = env.FAULT_KEY_INVALID === "1";
  if (env.FAULT_ENDPOINTS) faults.endpoints = env.FAULT_ENDPOINTS.split(",") as Endpoint[];
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
    sources = createFakeSources();
    sourceCalls = 0;
  };
  reset();

  const stats = (): Stats => ({
    calls: { ...calls },
    faultsInjected: { ...faultsInjected },
    videos: { idsRequested, uniqueIds: videoIds.size, maxIdsPerCall, idsSeen: [...videoIds] },
    oembed: { idsSeen: [...oembedIds] },
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

  /** The shared 429/500 dice; true when the call was answered with a fault. */
  function rateFault(endpoint: Endpoint, res: ServerResponse, body: (code: 429 | 500) => unknown): boolean {
    if (!faults.endpoints.includes(endpoint)) return false;
    if (faults.rate429 > 0 && roll() < faults.rate429) {
      inject(`${endpoint}:429`, res, 429, body(429), { "Retry-After": String(faults.retryAfterSeconds) });
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
    if (id.startsWith(faults.missingPrefix)) return send(res, 401, "Unauthorized");
    send(res, 200, oembedBody(id));
  }

  async function generateContent(model: string, url: URL, req: IncomingMessage, res: ServerResponse) {
    calls.generateContent++;
    const body = await readBody(req);
    if (!req.headers["x-goog-api-key"] && !url.searchParams.get("key")) return send(res, 403, geminiMissingKeyBody());
    if (faults.keyInvalid) {
      return inject("generateContent:keyInvalid", res, 400, keyInvalidBody("generativelanguage.googleapis.com"));
    }
    if (rateFault("generateContent", res, (code) => geminiRateBody(code, faults.retryAfterSeconds))) return;
    let request: {
      contents?: { parts?: { text?: string }[] }[];
      generationConfig?: { responseMimeType?: string; responseSchema?: SchemaNode };
    };
    try {
      request = JSON.parse(body);
    } catch {
      const message = `Invalid JSON payload received. Unexpected token.\n${body.slice(0, 20)}\n^`;
      return send(res, 400, googleError(400, "INVALID_ARGUMENT", message));
    }
    const prompt = (request.contents ?? []).flatMap((c) => (c.parts ?? []).map((p) => p.text ?? "")).join("\n");
    const config = request.generationConfig;
    let text = "This video is a tutorial.";
    if (faults.aiBadJsonRate > 0 && roll() < faults.aiBadJsonRate) {
      faultsInjected["generateContent:badJson"] = (faultsInjected["generateContent:badJson"] ?? 0) + 1;
      text = "Sure! Based on the video, here is what I found: it is a tutorial.";
    } else if (config?.responseMimeType === "application/json") {
      text = JSON.stringify(fakeValue(config.responseSchema ?? { type: "OBJECT" }, hash(prompt)));
    }
    send(res, 200, generateContentBody(model, prompt, text));
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
