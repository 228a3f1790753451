/**
 * Deterministic videos and the exact wire bodies of YouTube Data API v3, oEmbed and Gemini, for
 * the fake upstream (fake-upstream.ts). Bodies follow recorded real answers: the same keys, the
 * same error envelopes (`errors[].reason` for YouTube, google.rpc `details` for Gemini).
 */
/** FNV-1a: a stable 32-bit number per string, so the same id always gets the same video. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
const pick = <T>(items: readonly T[], n: number): T => items[n % items.length] as T;

const TOPICS = ["Rust", "TypeScript", "sourdough", "bouldering", "synths", "SQLite", "watercolor", "Go"];
const FORMATS = ["Beginner's guide to", "Deep dive:", "10 mistakes with", "Live coding", "Why I switched to"];
const CHANNELS = ["Fireship", "Tech Talks Daily", "Kitchen Lab", "Crag Notes", "Synth Corner", "Data Oddities"];
const SECTIONS = ["Setup", "First steps", "Common pitfalls", "A real example", "Performance", "Q&A", "Wrap-up"];

const iso = (seconds: number) => {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `PT${h ? `${h}H` : ""}${m ? `${m}M` : ""}${s || (!h && !m) ? `${s}S` : ""}`;
};
const clock = (seconds: number) =>
  seconds >= 3600
    ? `${Math.floor(seconds / 3600)}:${String(Math.floor((seconds % 3600) / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`
    : `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;

/** One `youtube#video` resource with parts snippet, contentDetails and statistics. */
export function fakeVideo(id: string) {
  const h = hash(id);
  const live = id.startsWith("live");
  const duration = live ? 0 : 90 + (h % 5400);
  const topic = pick(TOPICS, h >>> 3);
  const title = `${pick(FORMATS, h >>> 7)} ${topic} (${id})`;
  const channelTitle = pick(CHANNELS, h >>> 11);
  const chapterCount = 3 + (h % 4);
  const chapters = Array.from({ length: chapterCount }, (_, i) => {
    const start = i === 0 ? 0 : Math.floor((duration * i) / chapterCount);
    return `${clock(start)} ${i === 0 ? "Intro" : pick(SECTIONS, (h >>> i) + i)}`;
  });
  const description = [
    `Everything you need to know about ${topic}, explained by ${channelTitle}.`,
    "",
    ...(live || duration < 60 ? [] : chapters),
    "",
    `#${topic.replace(/\W/g, "").toLowerCase()} #tutorial`,
  ].join("\n");
  const thumb = (name: string, width: number, height: number) => ({
    url: `https://i.ytimg.com/vi/${id}/${name}.jpg`,
    width,
    height,
  });
  const thumbnails: Record<string, unknown> = {
    default: thumb("default", 120, 90),
    medium: thumb("mqdefault", 320, 180),
    high: thumb("hqdefault", 480, 360),
  };
  if (h % 3 !== 0) {
    thumbnails.standard = thumb("sddefault", 640, 480);
    thumbnails.maxres = thumb("maxresdefault", 1280, 720);
  }
  const views = 1000 + (h % 5_000_000);
  const statistics: Record<string, string> = { viewCount: String(views), favoriteCount: "0" };
  if (h % 7 !== 0) statistics.likeCount = String(Math.floor(views / 40)); // otherwise hidden by the uploader
  const snippet: Record<string, unknown> = {
    publishedAt: new Date(Date.UTC(2015, 0, 1) + (h % 3650) * 86_400_000).toISOString().replace(".000Z", "Z"),
    channelId: `UC${(h.toString(36) + hash(channelTitle).toString(36)).padEnd(22, "x").slice(0, 22)}`,
    title,
    description,
    thumbnails,
    channelTitle,
    categoryId: "27",
    liveBroadcastContent: live ? "live" : "none",
    localized: { title, description },
  };
  if (h % 5 !== 0) snippet.tags = [topic.toLowerCase(), "tutorial", channelTitle.toLowerCase()];
  return {
    kind: "youtube#video",
    etag: h.toString(36),
    id,
    snippet,
    contentDetails: {
      duration: live ? "P0D" : iso(duration),
      dimension: "2d",
      definition: "hd",
      caption: "false",
      licensedContent: false,
      contentRating: {},
      projection: "rectangular",
    },
    statistics,
  };
}

export interface SchemaNode {
  type?: string;
  enum?: string[];
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
}

const PHRASES = ["Ada Lovelace", "Grace Hopper", "Linus Torvalds", "A hands-on walkthrough", "An opinionated overview"];

/** A value for each property of the request's responseSchema, stable per prompt. */
export function fakeValue(node: SchemaNode, seed: number): unknown {
  if (node.enum?.length) return pick(node.enum, seed);
  switch (node.type) {
    case "NUMBER":
    case "INTEGER":
      return node.type === "INTEGER" ? seed % 100 : (seed % 50) / 10;
    case "BOOLEAN":
      return seed % 2 === 0;
    case "ARRAY": {
      const items = node.items ?? { type: "STRING" };
      const count = 1 + (seed % 3);
      const values = Array.from({ length: count }, (_, i) => fakeValue(items, seed + i * 7));
      return [...new Set(values)];
    }
    case "OBJECT":
      return Object.fromEntries(
        Object.entries(node.properties ?? {}).map(([key, child]) => [key, fakeValue(child, (hash(key) ^ seed) >>> 0)]),
      );
    default:
      return pick(PHRASES, seed);
  }
}

// ─── Wire bodies ─────────────────────────────────────────────────────────────────────────────
export const googleError = (
  code: number,
  status: string,
  message: string,
  errors?: unknown[],
  details?: unknown[],
) => ({
  error: { code, message, ...(errors ? { errors } : {}), status, ...(details ? { details } : {}) },
});

const KEY_INVALID_MESSAGE = "API key not valid. Please pass a valid API key.";
export const keyInvalidBody = (service: string) =>
  googleError(
    400,
    "INVALID_ARGUMENT",
    KEY_INVALID_MESSAGE,
    [{ message: KEY_INVALID_MESSAGE, domain: "global", reason: "badRequest" }],
    [
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        reason: "API_KEY_INVALID",
        domain: "googleapis.com",
        metadata: { service },
      },
    ],
  );

const QUOTA_MESSAGE =
  'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.';
// The quota error carries no `status`, exactly as YouTube sends it.
export const quotaExceededBody = () => ({
  error: {
    code: 403,
    message: QUOTA_MESSAGE,
    errors: [{ message: QUOTA_MESSAGE, domain: "youtube.quota", reason: "quotaExceeded" }],
  },
});

/** videos.list parameter errors: missing part, no id, more than 50 ids. */
export const youtubeParameterError = (reason: "required" | "missingRequiredParameter" | "invalidFilters") => {
  const message = {
    required: "Required parameter: part",
    missingRequiredParameter: "No filter selected. Expected one of: myRating, id, chart",
    invalidFilters: "The request specifies an invalid filter parameter.",
  }[reason];
  const domain = reason === "required" ? "global" : "youtube.parameter";
  return googleError(400, "INVALID_ARGUMENT", message, [{ message, domain, reason, locationType: "parameter" }]);
};

export const youtubeRateBody = (code: 429 | 500) =>
  code === 429
    ? googleError(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).", [
        { message: "Resource has been exhausted (e.g. check quota).", domain: "global", reason: "rateLimitExceeded" },
      ])
    : googleError(500, "INTERNAL", "Internal error encountered.", [
        { message: "Internal error encountered.", domain: "global", reason: "backendError" },
      ]);

export const geminiRateBody = (code: 429 | 500, retryAfterSeconds: number) =>
  code === 429
    ? googleError(
        429,
        "RESOURCE_EXHAUSTED",
        "You exceeded your current quota, please check your plan and billing details.",
        undefined,
        [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: `${retryAfterSeconds}s` }],
      )
    : googleError(
        500,
        "INTERNAL",
        "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting",
      );

export const geminiMissingKeyBody = () =>
  googleError(
    403,
    "PERMISSION_DENIED",
    "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
  );

/** A `youtube#videoListResponse` with only the requested parts of each video. */
export function videoListBody(ids: readonly string[], parts: ReadonlySet<string>) {
  const items = ids.map((id) => {
    const { snippet, contentDetails, statistics, ...rest } = fakeVideo(id);
    return {
      ...rest,
      ...(parts.has("snippet") ? { snippet } : {}),
      ...(parts.has("contentDetails") ? { contentDetails } : {}),
      ...(parts.has("statistics") ? { statistics } : {}),
    };
  });
  return {
    kind: "youtube#videoListResponse",
    etag: hash(ids.join(",")).toString(36),
    items,
    pageInfo: { totalResults: items.length, resultsPerPage: items.length },
  };
}

export function oembedBody(id: string) {
  const { title, channelTitle } = fakeVideo(id).snippet as { title: string; channelTitle: string };
  return {
    title,
    author_name: channelTitle,
    author_url: `https://www.youtube.com/@${channelTitle.replace(/\W/g, "")}`,
    type: "video",
    height: 113,
    width: 200,
    version: "1.0",
    provider_name: "YouTube",
    provider_url: "https://www.youtube.com/",
    thumbnail_height: 360,
    thumbnail_width: 480,
    thumbnail_url: `https://i.ytimg.com/vi/${id}/hqdefault.jpg`,
    html: `<iframe width="200" height="113" src="https://www.youtube.com/embed/${id}?feature=oembed" frameborder="0" allowfullscreen title="${title}"></iframe>`,
  };
}

export function generateContentBody(model: string, prompt: string, text: string) {
  const promptTokens = Math.ceil(prompt.length / 4);
  const outputTokens = Math.ceil(text.length / 4);
  return {
    candidates: [{ content: { parts: [{ text }], role: "model" }, finishReason: "STOP", index: 0 }],
    usageMetadata: {
      promptTokenCount: promptTokens,
      candidatesTokenCount: outputTokens,
      totalTokenCount: promptTokens + outputTokens,
      promptTokensDetails: [{ modality: "TEXT", tokenCount: promptTokens }],
    },
    modelVersion: model,
    responseId: hash(prompt).toString(36),
  };
}
