/**
 * The YouTube calls sources make (channels, playlists, playlist pages, and videos.list for the
 * duration filters), built once per request or check. Each goes through the governor of the
 * YouTube key, the same one the pipeline's videos.list calls use, so imports, checks and jobs
 * share one YOUTUBE_QPS budget, a throttle answer slows all of them down and is waited out, and
 * one used-up daily quota stops every caller until the reset instead of each finding out.
 *
 * Every request sent costs a quota unit (YouTube charges invalid and refused requests too),
 * counted in `unitsSpent`; `withSourceApi` adds them to the user's usage for the day. Failures
 * leave as the API's envelope: a wait longer than a client should hold (a used-up quota, a long
 * throttle) is 429 `rate_limited` with Retry-After when it ends, anything else upstream is 503
 * `upstream_unavailable`.
 */
import type { Db } from "../db/client";
import { addYoutubeUnits } from "../db/usage";
import type { VideoMetadata } from "../domain/video-metadata";
import { type Governor, governed, governorFor, MustWait } from "../durable/governor-client";
import type { Config, Env } from "../env";
import { ApiError } from "../errors";
import { isUpstreamError, type UpstreamError } from "../providers/upstream-error";
import { fetchVideoMetadata, MAX_IDS_PER_CALL, type YouTubeOptions } from "../providers/youtube";
import {
  type ChannelInfo,
  findChannel,
  findPlaylist,
  listPlaylistPage,
  type PlaylistInfo,
  type PlaylistPage,
} from "../providers/youtube-sources";

/**
 * The longest one call waits for a permit. Past it a request answers 429 with Retry-After (a
 * scheduled check is deferred to then) rather than holding its client.
 */
export const SOURCE_MAX_WAIT_MS = 30_000;

export interface SourceApi {
  findChannel(lookup: { by: "id" | "handle" | "username"; value: string }): Promise<ChannelInfo | null>;
  findPlaylist(playlistId: string): Promise<PlaylistInfo | null>;
  listPlaylistPage(playlistId: string, pageToken: string | null): Promise<PlaylistPage | null>;
  /** Metadata for any number of videos, 50 ids (one unit) per call. */
  videoMetadata(youtubeIds: string[]): Promise<Map<string, VideoMetadata | null>>;
  /** Quota units spent so far through this instance. */
  readonly unitsSpent: number;
}

export function sourceApiFor(
  env: Env,
  config: Pick<Config, "youtube" | "pace">,
  fetcher: typeof fetch = (input, init) => fetch(input, init),
): SourceApi {
  const { apiKey, apiBase } = config.youtube;
  const opts: YouTubeOptions = { apiKey: apiKey ?? "", apiBase, fetch: fetcher };
  let governor: Promise<Governor> | undefined;
  let units = 0;
  // The key is checked at the first call, not here, so a link that names no source is still
  // answered 422 `invalid_url` on a deployment without a key.
  const spend = async <T>(call: () => Promise<T>): Promise<T> => {
    if (!apiKey) {
      throw new ApiError(
        "upstream_unavailable",
        "Importing playlists and channels needs the YouTube Data API: set YOUTUBE_API_KEY",
      );
    }
    governor ??= governorFor(env, "youtube", apiKey);
    const sent = () => {
      units++;
      return call();
    };
    try {
      return await governed(sent, {
        governor: await governor,
        pace: config.pace.youtube,
        maxWaitMs: SOURCE_MAX_WAIT_MS,
      });
    } catch (error) {
      if (error instanceof MustWait) throw mustWaitError(error);
      throw isUpstreamError(error) ? asApiError(error) : error;
    }
  };
  return {
    findChannel: (lookup) => spend(() => findChannel(lookup, opts)),
    findPlaylist: (playlistId) => spend(() => findPlaylist(playlistId, opts)),
    listPlaylistPage: (playlistId, pageToken) => spend(() => listPlaylistPage(playlistId, pageToken, opts)),
    async videoMetadata(youtubeIds) {
      const result = new Map<string, VideoMetadata | null>();
      for (let i = 0; i < youtubeIds.length; i += MAX_IDS_PER_CALL) {
        const part = await spend(() => fetchVideoMetadata(youtubeIds.slice(i, i + MAX_IDS_PER_CALL), opts));
        for (const [id, metadata] of part) result.set(id, metadata);
      }
      return result;
    },
    get unitsSpent() {
      return units;
    },
  };
}

/**
 * Runs `work` with a fresh SourceApi and adds the units it spent to the user's usage for today,
 * whether the work succeeded or not: the requests were sent either way. A failed usage write is
 * logged, not thrown: what the work wrote stands, and failing the request would say otherwise.
 */
export async function withSourceApi<T>(
  env: Env,
  config: Pick<Config, "youtube" | "pace">,
  db: Db,
  userId: string,
  work: (api: SourceApi) => Promise<T>,
): Promise<T> {
  const api = sourceApiFor(env, config);
  try {
    return await work(api);
  } finally {
    if (api.unitsSpent > 0) {
      await addYoutubeUnits(db, userId, api.unitsSpent).catch((error: unknown) =>
        console.error(JSON.stringify({ message: "recording YouTube units failed", userId, error: String(error) })),
      );
    }
  }
}

function mustWaitError(error: MustWait): ApiError {
  const retryAfter = String(Math.max(1, Math.ceil((error.resumesAt - Date.now()) / 1000)));
  const message =
    error.reason === "quota"
      ? "The YouTube Data API quota for today is used up; try again after it resets at midnight Pacific time"
      : `YouTube is limiting how fast we may call it; try again in ${retryAfter} seconds`;
  return new ApiError(
    "rate_limited",
    message,
    { retryAfterSeconds: Number(retryAfter) },
    { "Retry-After": retryAfter },
  );
}

function asApiError(error: UpstreamError): ApiError {
  const retryAfter = error.retryAfterSeconds;
  return new ApiError(
    "upstream_unavailable",
    `YouTube could not answer: ${error.message}`,
    undefined,
    retryAfter === undefined ? undefined : { "Retry-After": String(retryAfter) },
  );
}
