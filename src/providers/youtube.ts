/**
 * YouTube Data API v3 `videos.list` and the keyless oEmbed fallback. Real wire formats, `fetch`
 * injected, no app logic: the caller decides what a `null` (unavailable) or an UpstreamError
 * (see upstream-error.ts for the kinds) means for a video or a job.
 */
import { z } from "zod";
import { parseChapters } from "../domain/chapters";
import { safeThumbnail } from "../domain/thumbnails";
import type { VideoMetadata } from "../domain/video-metadata";
import {
  fetchWithTimeout,
  isRetryableStatus,
  parseGoogleError,
  parseRetryAfter,
  readJson,
  UpstreamError,
} from "./upstream-error";

export interface YouTubeOptions {
  apiKey: string;
  apiBase: string;
  fetch: typeof fetch;
  timeoutMs?: number;
}

export interface OEmbedOptions {
  oembedUrl: string;
  fetch: typeof fetch;
  timeoutMs?: number;
}

/** videos.list accepts at most 50 ids per call, and each call costs one quota unit whatever its size. */
export const MAX_IDS_PER_CALL = 50;
const DEFAULT_TIMEOUT_MS = 10_000;
const SERVICE = "YouTube Data API";

export const watchUrl = (youtubeId: string) => `https://www.youtube.com/watch?v=${youtubeId}`;

// Every key optional: parts come and go (statistics hide likeCount, Shorts lack maxres…), and a
// missing piece must cost one field, not the whole video.
const Thumbnail = z.object({ url: z.string() }).partial();
const VideoResource = z.object({
  id: z.string(),
  snippet: z
    .object({
      publishedAt: z.string(),
      channelId: z.string(),
      title: z.string(),
      description: z.string(),
      channelTitle: z.string(),
      tags: z.array(z.string()),
      thumbnails: z.record(z.string(), Thumbnail),
    })
    .partial()
    .optional(),
  contentDetails: z.object({ duration: z.string() }).partial().optional(),
  statistics: z.object({ viewCount: z.string(), likeCount: z.string() }).partial().optional(),
});
const VideoListResponse = z.object({ items: z.array(VideoResource) });
type VideoResource = z.infer<typeof VideoResource>;

const OEmbedResponse = z.object({
  title: z.string().optional(),
  author_name: z.string().optional(),
  thumbnail_url: z.string().optional(),
});

/**
 * Metadata for up to 50 videos in one `videos.list` call (one quota unit whatever its size). Ids
 * missing from the answer (private, deleted, never existed) map to `null`. A failed call
 * rejects with an UpstreamError; every call is a read, so retrying it is safe.
 */
export async function fetchVideoMetadata(
  youtubeIds: readonly string[],
  opts: YouTubeOptions,
): Promise<Map<string, VideoMetadata | null>> {
  const unique = [...new Set(youtubeIds)];
  if (unique.length === 0) return new Map();
  if (unique.length > MAX_IDS_PER_CALL) throw new RangeError(`videos.list takes at most ${MAX_IDS_PER_CALL} ids`);
  const result = new Map<string, VideoMetadata | null>(unique.map((id) => [id, null]));
  for (const item of await listVideos(unique, opts)) if (result.has(item.id)) result.set(item.id, toMetadata(item));
  return result;
}

/** One GET of a Data API list method (`videos`, `playlistItems`, …), answered as it came. */
export function dataApiGet(method: string, params: Record<string, string>, opts: YouTubeOptions): Promise<Response> {
  const url = `${opts.apiBase.replace(/\/$/, "")}/${method}?${new URLSearchParams(params)}`;
  // The key goes in Google's header, not the query string, so it never lands in a logged URL.
  return fetchWithTimeout(
    opts.fetch,
    url,
    { headers: { Accept: "application/json", "X-Goog-Api-Key": opts.apiKey } },
    opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    SERVICE,
  );
}

async function listVideos(ids: string[], opts: YouTubeOptions): Promise<VideoResource[]> {
  // No maxResults: the reference says it is not supported together with `id`; 50 ids is the cap.
  const response = await dataApiGet("videos", { part: "snippet,contentDetails,statistics", id: ids.join(",") }, opts);
  if (!response.ok) throw await youtubeError(response);
  const parsed = VideoListResponse.safeParse(await readJson(SERVICE, response));
  if (!parsed.success) {
    throw new UpstreamError("transient", `${SERVICE} answered with an unexpected body`, { status: response.status });
  }
  return parsed.data.items;
}

/** Maps a failed Data API answer (any list method) onto the error kinds, reading Google's error reasons. */
export async function youtubeError(response: Response): Promise<UpstreamError> {
  const status = response.status;
  const body = await response.text().catch(() => "");
  let parsedBody: unknown = null;
  try {
    parsedBody = JSON.parse(body);
  } catch {
    // An HTML error page from a proxy: the status alone decides.
  }
  const google = parseGoogleError(parsedBody);
  const reasons = new Set(google?.reasons ?? []);
  const detail = google?.message ? `: ${stripTags(google.message)}` : "";
  const options = { status, retryAfterSeconds: parseRetryAfter(response.headers.get("Retry-After")) };

  if (reasons.has("quotaExceeded") || reasons.has("dailyLimitExceeded")) {
    return new UpstreamError("quota", "YouTube Data API quota for today is used up", {
      ...options,
      quotaResets: "midnight-pacific",
    });
  }
  // Per-minute limits (403 rateLimitExceeded/userRateLimitExceeded, or a 429) are a throttle.
  if (reasons.has("rateLimitExceeded") || reasons.has("userRateLimitExceeded") || status === 429) {
    return new UpstreamError("throttled", `${SERVICE} is rate limiting requests (HTTP ${status})${detail}`, options);
  }
  if (isRetryableStatus(status)) {
    return new UpstreamError("transient", `${SERVICE} answered HTTP ${status}; will retry${detail}`, options);
  }
  if (reasons.has("accessNotConfigured") || reasons.has("SERVICE_DISABLED")) {
    return new UpstreamError(
      "fatal",
      "YouTube API key rejected: the YouTube Data API v3 is not enabled for its Google Cloud project",
      options,
    );
  }
  const keyRejected =
    reasons.has("keyInvalid") ||
    reasons.has("API_KEY_INVALID") ||
    reasons.has("keyExpired") ||
    /api key/i.test(google?.message ?? "");
  if (keyRejected || status === 401) {
    return new UpstreamError(
      "fatal",
      "YouTube API key rejected: the key is not valid (check YOUTUBE_API_KEY)",
      options,
    );
  }
  if (status === 403) {
    // `forbidden`, API_KEY_SERVICE_BLOCKED, referrer/IP restrictions: the key cannot call videos.list.
    return new UpstreamError("fatal", `YouTube API key rejected${detail || " (HTTP 403)"}`, options);
  }
  if (status === 404) {
    return new UpstreamError("fatal", `${SERVICE} not found at the configured YOUTUBE_API_BASE (HTTP 404)`, options);
  }
  return new UpstreamError("permanent", `${SERVICE} refused the request (HTTP ${status})${detail}`, options);
}

function toMetadata(item: VideoResource): VideoMetadata {
  const snippet = item.snippet ?? {};
  const description = snippet.description ?? null;
  return {
    title: snippet.title ?? null,
    channelTitle: snippet.channelTitle ?? null,
    channelId: snippet.channelId ?? null,
    description,
    durationSeconds: parseIsoDuration(item.contentDetails?.duration),
    viewCount: toCount(item.statistics?.viewCount),
    likeCount: toCount(item.statistics?.likeCount),
    publishedAt: snippet.publishedAt ? new Date(snippet.publishedAt).toISOString() : null,
    thumbnailUrl: safeThumbnail(bestThumbnail(snippet.thumbnails), item.id),
    tags: snippet.tags ?? [],
    chapters: parseChapters(description),
  };
}

const THUMBNAIL_PREFERENCE = ["maxres", "standard", "high", "medium", "default"] as const;

export function bestThumbnail(thumbnails: Record<string, { url?: string }> | undefined): string | null {
  for (const size of THUMBNAIL_PREFERENCE) {
    const url = thumbnails?.[size]?.url;
    if (url) return url;
  }
  return null;
}

const toCount = (value: string | undefined) => {
  if (value === undefined || !/^\d+$/.test(value)) return null;
  return Number(value);
};

/**
 * ISO-8601 durations as YouTube writes them: PT1H2M3S, P1DT2H (streams over a day), P1W2DT3H.
 * Live and upcoming broadcasts say P0D: their length is unknown, not zero, so it maps to null,
 * as does anything unparseable; never a wrong number.
 */
export function parseIsoDuration(value: string | undefined): number | null {
  if (!value) return null;
  const match = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value);
  if (!match || value === "P" || value.endsWith("T")) return null;
  const [weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
  const total =
    (weeks ?? 0) * 604_800 +
    (days ?? 0) * 86_400 +
    (hours ?? 0) * 3600 +
    (minutes ?? 0) * 60 +
    Math.floor(seconds ?? 0);
  return total === 0 ? null : total;
}

/** Why oEmbed cannot describe a public video whose owner turned embedding off. */
export const EMBED_DISABLED =
  "Its owner does not allow embedding, so YouTube shares no details of it without an API key (set YOUTUBE_API_KEY)";

/**
 * oEmbed needs no key but only knows title, channel and thumbnail. It answers 403 for private
 * videos and 404 (or 400) for removed ones: "unavailable" → null. A 401 is different: the video
 * is public but its owner disabled embedding, which fails the video with its own reason.
 */
export async function fetchOEmbedMetadata(youtubeId: string, opts: OEmbedOptions): Promise<VideoMetadata | null> {
  const query = new URLSearchParams({ url: watchUrl(youtubeId), format: "json" });
  const response = await fetchWithTimeout(
    opts.fetch,
    `${opts.oembedUrl}?${query}`,
    { headers: { Accept: "application/json" } },
    opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    "YouTube oEmbed",
  );
  if (response.status === 401) throw new UpstreamError("permanent", EMBED_DISABLED, { status: 401 });
  if (response.status === 400 || response.status === 403 || response.status === 404) return null;
  if (response.status === 429) {
    throw new UpstreamError("throttled", "YouTube oEmbed is rate limiting requests (HTTP 429)", {
      status: 429,
      retryAfterSeconds: parseRetryAfter(response.headers.get("Retry-After")),
    });
  }
  if (isRetryableStatus(response.status)) {
    throw new UpstreamError("transient", `YouTube oEmbed answered HTTP ${response.status}; will retry`, {
      status: response.status,
      retryAfterSeconds: parseRetryAfter(response.headers.get("Retry-After")),
    });
  }
  if (!response.ok) {
    throw new UpstreamError("permanent", `YouTube oEmbed refused the video (HTTP ${response.status})`, {
      status: response.status,
    });
  }
  const parsed = OEmbedResponse.safeParse(await readJson("YouTube oEmbed", response));
  if (!parsed.success) throw new UpstreamError("transient", "YouTube oEmbed answered with an unexpected body");
  return {
    title: parsed.data.title ?? null,
    channelTitle: parsed.data.author_name ?? null,
    channelId: null,
    description: null,
    durationSeconds: null,
    viewCount: null,
    likeCount: null,
    publishedAt: null,
    thumbnailUrl: safeThumbnail(parsed.data.thumbnail_url, youtubeId),
    tags: [],
    chapters: [],
  };
}

const stripTags = (text: string) => text.replace(/<[^>]*>/g, "").trim();
