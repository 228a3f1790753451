/**
 * YouTube Data API v3 for sources: `channels.list` (by id, handle or username) for a channel's
 * uploads playlist, `playlists.list` for a playlist's title and size, and `playlistItems.list`
 * a page (≤ 50 items, 1 quota unit) at a time. Real wire formats, `fetch` injected, no app logic:
 * "not found" is `null`, every other failure an UpstreamError.
 */
import { z } from "zod";
import { readJson, UpstreamError } from "./upstream-error";
import { bestThumbnail, dataApiGet, type YouTubeOptions, youtubeError } from "./youtube";

export interface ChannelInfo {
  channelId: string;
  title: string;
  /** `contentDetails.relatedPlaylists.uploads`: every public upload, newest first. */
  uploadsPlaylistId: string;
  videoCount: number | null;
}

export interface PlaylistInfo {
  playlistId: string;
  title: string;
  channelId: string | null;
  channelTitle: string | null;
  itemCount: number | null;
  thumbnailUrl: string | null;
}

export interface PlaylistEntry {
  videoId: string;
  title: string;
  /** When the item entered the playlist (for an uploads playlist: when it was published). */
  addedAt: string | null;
  /** `contentDetails.videoPublishedAt`; absent for private and deleted videos. */
  videoPublishedAt: string | null;
  thumbnailUrl: string | null;
  /** Private or deleted: YouTube keeps a placeholder ("Private video", "Deleted video") in its place. */
  unavailable: boolean;
}

export interface PlaylistPage {
  entries: PlaylistEntry[];
  nextPageToken: string | null;
  totalResults: number | null;
}

/** playlistItems.list answers at most 50 items per page. */
export const MAX_PAGE_SIZE = 50;
const SERVICE = "YouTube Data API";

const Thumbnails = z.record(z.string(), z.object({ url: z.string() }).partial()).optional();
const PageInfo = z.object({ totalResults: z.number() }).partial().optional();

const ChannelListResponse = z.object({
  items: z
    .array(
      z.object({
        id: z.string(),
        snippet: z.object({ title: z.string() }).partial().optional(),
        contentDetails: z
          .object({ relatedPlaylists: z.object({ uploads: z.string() }).partial() })
          .partial()
          .optional(),
        statistics: z.object({ videoCount: z.string() }).partial().optional(),
      }),
    )
    .optional(),
});

const PlaylistListResponse = z.object({
  items: z
    .array(
      z.object({
        id: z.string(),
        snippet: z
          .object({ title: z.string(), channelId: z.string(), channelTitle: z.string(), thumbnails: Thumbnails })
          .partial()
          .optional(),
        contentDetails: z.object({ itemCount: z.number() }).partial().optional(),
        status: z.object({ privacyStatus: z.string() }).partial().optional(),
      }),
    )
    .optional(),
});

const PlaylistItemListResponse = z.object({
  nextPageToken: z.string().optional(),
  pageInfo: PageInfo,
  items: z.array(
    z.object({
      snippet: z
        .object({
          title: z.string(),
          publishedAt: z.string(),
          thumbnails: Thumbnails,
          resourceId: z.object({ videoId: z.string() }).partial(),
        })
        .partial()
        .optional(),
      contentDetails: z.object({ videoId: z.string(), videoPublishedAt: z.string() }).partial().optional(),
      status: z.object({ privacyStatus: z.string() }).partial().optional(),
    }),
  ),
});

async function get<T extends z.ZodType>(
  method: string,
  params: Record<string, string>,
  schema: T,
  opts: YouTubeOptions,
): Promise<z.infer<T> | null> {
  const response = await dataApiGet(method, params, opts);
  // playlistNotFound / channelNotFound: 404 with the reason; the error body is read by nobody else.
  if (response.status === 404 && (await isNotFound(response.clone()))) return null;
  if (!response.ok) throw await youtubeError(response);
  const parsed = schema.safeParse(await readJson(SERVICE, response));
  if (!parsed.success) {
    throw new UpstreamError("transient", `${SERVICE} answered ${method} with an unexpected body`, {
      status: response.status,
    });
  }
  return parsed.data;
}

async function isNotFound(response: Response): Promise<boolean> {
  const body = (await response.json().catch(() => null)) as {
    error?: { errors?: { reason?: string }[] };
  } | null;
  const reasons = body?.error?.errors?.map((error) => error.reason) ?? [];
  return reasons.some((reason) => reason === "playlistNotFound" || reason === "channelNotFound");
}

const toCount = (value: string | number | undefined) => {
  const number = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  return typeof number === "number" && Number.isFinite(number) ? number : null;
};

/** One channel by id, handle (`@name`) or legacy username; null when no channel answers to it. */
export async function findChannel(
  lookup: { by: "id" | "handle" | "username"; value: string },
  opts: YouTubeOptions,
): Promise<ChannelInfo | null> {
  const param = lookup.by === "id" ? "id" : lookup.by === "handle" ? "forHandle" : "forUsername";
  const body = await get(
    "channels",
    { part: "snippet,contentDetails,statistics", [param]: lookup.value },
    ChannelListResponse,
    opts,
  );
  const channel = body?.items?.[0];
  const uploads = channel?.contentDetails?.relatedPlaylists?.uploads;
  if (!channel || !uploads) return null;
  return {
    channelId: channel.id,
    title: channel.snippet?.title ?? channel.id,
    uploadsPlaylistId: uploads,
    videoCount: toCount(channel.statistics?.videoCount),
  };
}

/** A playlist's title, owner and size; null when it does not exist or is private. */
export async function findPlaylist(playlistId: string, opts: YouTubeOptions): Promise<PlaylistInfo | null> {
  const body = await get(
    "playlists",
    { part: "snippet,contentDetails,status", id: playlistId },
    PlaylistListResponse,
    opts,
  );
  const playlist = body?.items?.[0];
  if (!playlist || playlist.status?.privacyStatus === "private") return null;
  return {
    playlistId: playlist.id,
    title: playlist.snippet?.title ?? playlist.id,
    channelId: playlist.snippet?.channelId ?? null,
    channelTitle: playlist.snippet?.channelTitle ?? null,
    itemCount: toCount(playlist.contentDetails?.itemCount),
    thumbnailUrl: bestThumbnail(playlist.snippet?.thumbnails),
  };
}

/** One page of a playlist, in the playlist's own order; null when the playlist is gone. */
export async function listPlaylistPage(
  playlistId: string,
  pageToken: string | null,
  opts: YouTubeOptions,
): Promise<PlaylistPage | null> {
  const params: Record<string, string> = {
    part: "snippet,contentDetails,status",
    playlistId,
    maxResults: String(MAX_PAGE_SIZE),
  };
  if (pageToken) params.pageToken = pageToken;
  const body = await get("playlistItems", params, PlaylistItemListResponse, opts);
  if (!body) return null;
  const entries: PlaylistEntry[] = [];
  for (const item of body.items) {
    const videoId = item.contentDetails?.videoId ?? item.snippet?.resourceId?.videoId;
    if (!videoId) continue;
    const privacy = item.status?.privacyStatus;
    const title = item.snippet?.title ?? "";
    entries.push({
      videoId,
      title,
      addedAt: item.snippet?.publishedAt ?? null,
      videoPublishedAt: item.contentDetails?.videoPublishedAt ?? null,
      thumbnailUrl: bestThumbnail(item.snippet?.thumbnails),
      // Deleted videos say `privacyStatusUnspecified`; without `status`, the placeholder titles tell.
      unavailable:
        privacy === "private" ||
        privacy === "privacyStatusUnspecified" ||
        (privacy === undefined && (title === "Private video" || title === "Deleted video")),
    });
  }
  return { entries, nextPageToken: body.nextPageToken ?? null, totalResults: body.pageInfo?.totalResults ?? null };
}
