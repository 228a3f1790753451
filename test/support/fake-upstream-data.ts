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

/** A per-minute 429 (QuotaFailure and RetryInfo, as Gemini answers it) or a 500. */
export const geminiRateBody = (code: 429 | 500, retryAfterSeconds: number) =>
  code === 429
    ? geminiQuotaBody("gemini", "minute", retryAfterSeconds, 15)
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

/** generateContent's envelope around one model text (a plain STOP answer). */
export function generateContentBody(model: string, prompt: string, text: string, thoughtsTokens = 0) {
  const promptTokens = Math.ceil(prompt.length / 4);
  const outputTokens = Math.ceil(text.length / 4);
  return {
    candidates: [{ content: { parts: [{ text }], role: "model" }, finishReason: "STOP", index: 0 }],
    usageMetadata: usageMetadata(promptTokens, outputTokens, thoughtsTokens),
    modelVersion: model,
    responseId: hash(prompt).toString(36),
  };
}

function usageMetadata(promptTokens: number, outputTokens: number, thoughtsTokens: number) {
  return {
    promptTokenCount: promptTokens,
    candidatesTokenCount: outputTokens,
    totalTokenCount: promptTokens + outputTokens + thoughtsTokens,
    promptTokensDetails: [{ modality: "TEXT", tokenCount: promptTokens }],
    ...(thoughtsTokens > 0 ? { thoughtsTokenCount: thoughtsTokens } : {}),
  };
}

// ─── The model: answers a batched request per item ──────────────────────────────────────────
export interface GenerateContentRequest {
  systemInstruction?: { parts?: { text?: string }[] };
  contents?: { parts?: { text?: string }[] }[];
  generationConfig?: {
    responseMimeType?: string;
    responseSchema?: SchemaNode;
    maxOutputTokens?: number;
    thinkingConfig?: { thinkingLevel?: string; thinkingBudget?: number; includeThoughts?: boolean };
  };
}

/** How the fake model behaves for a request, by the YouTube ids of the videos in it. */
export interface ModelBehaviour {
  /** The video's item is left out of the answer, as models sometimes do. */
  omits?: (youtubeId: string) => boolean;
  /** A video the model declines: the candidate stops with SAFETY, or the prompt is blocked. */
  blocks?: (youtubeId: string) => "finish" | "prompt" | null;
  /** The model's own output ceiling, under the request's maxOutputTokens. */
  outputTokenLimit?: number;
  /** Always think, and include the thought as a part (as with includeThoughts). */
  thoughts?: boolean;
  /** Answer prose instead of JSON. */
  badJson?: boolean;
}

/** The videos of a prompt (domain/extraction/prompt.ts): each `### <ref>` block, with the id in its title. */
export function promptVideos(prompt: string): { ref: string; block: string; youtubeId: string | null }[] {
  const parts = prompt.split(/^### (\S+)$/m);
  const videos: { ref: string; block: string; youtubeId: string | null }[] = [];
  for (let i = 1; i < parts.length; i += 2) {
    const block = parts[i + 1] ?? "";
    const title = /^Title: (.*)$/m.exec(block)?.[1] ?? "";
    videos.push({ ref: parts[i] as string, block, youtubeId: /\(([A-Za-z0-9_-]{11})\)/.exec(title)?.[1] ?? null });
  }
  return videos;
}

const SAFETY_RATINGS = [
  { category: "HARM_CATEGORY_HARASSMENT", probability: "NEGLIGIBLE" },
  { category: "HARM_CATEGORY_DANGEROUS_CONTENT", probability: "HIGH", blocked: true },
];

/**
 * The whole generateContent answer for a request: one item per video of the prompt, keyed by
 * its ref, values stable per video (seeded by its own block, whatever else is in the call); cut
 * at MAX_TOKENS like the real model when the answer outgrows the output limit; declined with
 * SAFETY when a blocked video is in the call; thinking reported in `thoughtsTokenCount`.
 */
export function generateContentAnswer(model: string, request: GenerateContentRequest, behaviour: ModelBehaviour = {}) {
  const prompt = (request.contents ?? []).flatMap((c) => (c.parts ?? []).map((p) => p.text ?? "")).join("\n");
  const system = (request.systemInstruction?.parts ?? []).map((p) => p.text ?? "").join("\n");
  const promptTokens = Math.ceil((system.length + prompt.length) / 4);
  const config = request.generationConfig ?? {};
  const videos = promptVideos(prompt);

  const blocked = videos.map((video) => (video.youtubeId ? behaviour.blocks?.(video.youtubeId) : null)).find(Boolean);
  if (blocked === "prompt") {
    return {
      promptFeedback: { blockReason: "SAFETY", safetyRatings: SAFETY_RATINGS },
      usageMetadata: usageMetadata(promptTokens, 0, 0),
      modelVersion: model,
    };
  }
  if (blocked === "finish") {
    return {
      candidates: [{ finishReason: "SAFETY", index: 0, safetyRatings: SAFETY_RATINGS }],
      usageMetadata: usageMetadata(promptTokens, 0, 0),
      modelVersion: model,
    };
  }

  const thinking = config.thinkingConfig;
  const thinks =
    behaviour.thoughts ||
    (thinking?.thinkingLevel !== undefined && thinking.thinkingLevel.toLowerCase() !== "minimal") ||
    (thinking?.thinkingBudget !== undefined && thinking.thinkingBudget !== 0);
  const thoughtsTokens = thinks ? 40 + 25 * videos.length : 0;

  let text = "Sure! Based on the videos, here is what I found: they are tutorials.";
  if (!behaviour.badJson && config.responseMimeType === "application/json") {
    const schema = config.responseSchema ?? { type: "OBJECT" };
    const list = schema.properties?.videos;
    if (list?.type === "ARRAY" && list.items) {
      const { _ref: _, ...itemProperties } = list.items.properties ?? {};
      const item: SchemaNode = { type: "OBJECT", properties: itemProperties };
      const items = videos
        .filter((video) => !(video.youtubeId && behaviour.omits?.(video.youtubeId)))
        .map((video) => ({ _ref: video.ref, ...(fakeValue(item, hash(video.block)) as object) }));
      text = JSON.stringify({ videos: items });
    } else {
      text = JSON.stringify(fakeValue(schema, hash(prompt)));
    }
  }
  const limit = Math.min(config.maxOutputTokens ?? 65_536, behaviour.outputTokenLimit ?? 65_536);
  const cut = Math.ceil(text.length / 4) > limit;
  if (cut) text = text.slice(0, limit * 4);
  const parts: { text: string; thought?: boolean }[] = [{ text }];
  if (behaviour.thoughts)
    parts.unshift({ text: "**Reading the metadata** Each video's title names its topic.", thought: true });
  return {
    candidates: [{ content: { parts, role: "model" }, finishReason: cut ? "MAX_TOKENS" : "STOP", index: 0 }],
    usageMetadata: usageMetadata(promptTokens, Math.ceil(text.length / 4), thoughtsTokens),
    modelVersion: model,
    responseId: hash(prompt).toString(36),
  };
}

/** 404 for a model that was shut down, as generateContent answers it. */
export const modelNotFoundBody = (model: string) =>
  googleError(
    404,
    "NOT_FOUND",
    `models/${model} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`,
  );

/** 429 for a used-up quota: a QuotaFailure naming the per-minute or per-day quota, and RetryInfo. */
export function geminiQuotaBody(model: string, per: "minute" | "day", retryDelaySeconds: number, limit: number) {
  const quotaId =
    per === "minute"
      ? "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"
      : "GenerateRequestsPerDayPerProjectPerModel-FreeTier";
  return googleError(
    429,
    "RESOURCE_EXHAUSTED",
    "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
    undefined,
    [
      {
        "@type": "type.googleapis.com/google.rpc.QuotaFailure",
        violations: [
          {
            quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests",
            quotaId,
            quotaDimensions: { location: "global", model },
            quotaValue: String(limit),
          },
        ],
      },
      {
        "@type": "type.googleapis.com/google.rpc.Help",
        links: [
          {
            description: "Learn more about Gemini API quotas",
            url: "https://ai.google.dev/gemini-api/docs/rate-limits",
          },
        ],
      },
      { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: `${retryDelaySeconds}s` },
    ],
  );
}

/** YouTube's per-minute refusals: 403 with usageLimits reason rateLimitExceeded or userRateLimitExceeded. */
export function youtubeRateLimitBody(reason: "rateLimitExceeded" | "userRateLimitExceeded") {
  const message = reason === "rateLimitExceeded" ? "Rate Limit Exceeded" : "User Rate Limit Exceeded";
  return { error: { code: 403, message, errors: [{ message, domain: "usageLimits", reason }] } };
}

/** The daily limit as YouTube words it on older keys: 403 usageLimits dailyLimitExceeded. */
export function youtubeDailyLimitBody() {
  const message =
    "Daily Limit Exceeded. The quota will be reset at midnight Pacific Time (PT). You may monitor your quota usage and adjust limits in the API Console.";
  return { error: { code: 403, message, errors: [{ message, domain: "usageLimits", reason: "dailyLimitExceeded" }] } };
}
