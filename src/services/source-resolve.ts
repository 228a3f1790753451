/**
 * From a pasted link to a source the app can read: the playlist to page through (a channel's
 * uploads playlist for a channel), its title, owner and size. Unknown and private sources are
 * 404; links that name no playlist or channel are 422 `invalid_url`.
 */
import { type ChannelLookup, parseSourceUrl } from "../domain/source-url";
import { ApiError, notFound } from "../errors";
import type { ChannelInfo } from "../providers/youtube-sources";
import type { SourceApi } from "./source-upstream";

export type SourceKind = "playlist" | "channel";

export interface ResolvedSource {
  kind: SourceKind;
  /** The channel id (`UC…`) or the playlist id. */
  sourceId: string;
  title: string;
  channelTitle: string | null;
  videoCount: number | null;
  /** The playlist whose pages hold the videos. */
  playlistId: string;
  /** Uploads playlists list newest first; other playlists in their own order. */
  newestFirst: boolean;
  thumbnailUrl: string | null;
}

export async function resolveSource(api: SourceApi, input: string): Promise<ResolvedSource> {
  const ref = parseSourceUrl(input);
  if (!ref.ok) throw new ApiError("invalid_url", ref.reason, { input });
  if (ref.kind === "channel") {
    const channel = await lookupChannel(api, ref.lookup);
    if (!channel) throw notFound("Channel");
    return fromChannel(channel);
  }
  const playlist = await api.findPlaylist(ref.playlistId);
  if (!playlist) throw notFound("Playlist");
  return {
    kind: "playlist",
    sourceId: playlist.playlistId,
    title: playlist.title,
    channelTitle: playlist.channelTitle,
    videoCount: playlist.itemCount,
    playlistId: playlist.playlistId,
    newestFirst: playlist.playlistId.startsWith("UU"),
    thumbnailUrl: playlist.thumbnailUrl,
  };
}

/** A subscription reads its stored playlist again; only the channel's id is needed to re-find it. */
export function fromChannel(channel: ChannelInfo): ResolvedSource {
  return {
    kind: "channel",
    sourceId: channel.channelId,
    title: channel.title,
    channelTitle: channel.title,
    videoCount: channel.videoCount,
    playlistId: channel.uploadsPlaylistId,
    newestFirst: true,
    thumbnailUrl: null,
  };
}

async function lookupChannel(api: SourceApi, lookup: ChannelLookup): Promise<ChannelInfo | null> {
  if (lookup.by !== "custom") return api.findChannel(lookup);
  return (
    (await api.findChannel({ by: "handle", value: `@${lookup.value}` })) ??
    (await api.findChannel({ by: "username", value: lookup.value }))
  );
}
