/**
 * The YouTube calls sources make (channels, playlists, playlist pages, and videos.list for the
 * duration filters), built once per request or check. Every call costs one quota unit, counted
 * in `unitsSpent` so the caller can account it. Upstream failures leave as the API's envelope:
 * a used-up daily quota is 429 `rate_limited` with Retry-After at the next reset (the client can
 * do nothing sooner), anything else upstream is 503 `upstream_unavailable`.
 */
import { nextQuotaReset } from "../domain/quota-reset";
import { type Env, readConfig } from "../env";
import { ApiError } from "../errors";
import { isUpstreamError, type UpstreamError } from "../providers/upstream-error";
import { fetchVideoMetadata, MAX_IDS_PER_CALL, type VideoMetadata, type YouTubeOptions } from "../providers/youtube";
import {
  type ChannelInfo,
  findChannel,
  findPlaylist,
  listPlaylistPage,
  type PlaylistInfo,
  type PlaylistPage,
} from "../providers/youtube-sources";

export interface SourceApi {
  findChannel(lookup: { by: "id" | "handle" | "username"; value: string }): Promise<ChannelInfo | null>;
  findPlaylist(playlistId: string): Promise<PlaylistInfo | null>;
  listPlaylistPage(playlistId: string, pageToken: string | null): Promise<PlaylistPage | null>;
  /** Metadata for any number of videos, 50 ids (one unit) per call. */
  videoMetadata(youtubeIds: string[]): Promise<Map<string, VideoMetadata | null>>;
  /** Quota units spent so far through this instance. */
  readonly unitsSpent: number;
}

export function sourceApiFor(env: Env, fetcher: typeof fetch = (input, init) => fetch(input, init)): SourceApi {
  const { apiKey, apiBase } = readConfig(env).youtube;
  const opts: YouTubeOptions = { apiKey: apiKey ?? "", apiBase, fetch: fetcher };
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
    units++;
    try {
      return await call();
    } catch (error) {
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

/** Seconds until YouTube's daily quota comes back (midnight Pacific, the budget's own reckoning). */
function secondsToQuotaReset(now: number): number {
  return Math.max(1, Math.ceil((nextQuotaReset("midnight-pacific", now) - now) / 1000));
}

export function isQuotaError(error: UpstreamError): boolean {
  return error.kind === "quota";
}

export function asApiError(error: UpstreamError): ApiError {
  if (isQuotaError(error)) {
    const retryAfter = secondsToQuotaReset(Date.now());
    return new ApiError(
      "rate_limited",
      "The YouTube Data API quota for today is used up; try again after it resets at midnight Pacific time",
      { retryAfterSeconds: retryAfter },
      { "Retry-After": String(retryAfter) },
    );
  }
  const retryAfter = error.retryAfterSeconds;
  return new ApiError(
    "upstream_unavailable",
    `YouTube could not answer: ${error.message}`,
    undefined,
    retryAfter === undefined ? undefined : { "Retry-After": String(retryAfter) },
  );
}
