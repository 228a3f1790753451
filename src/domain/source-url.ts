/**
 * What a pasted source link names: a playlist, or a channel by id, handle or legacy name.
 * Pure: resolving the name to a channel and its uploads playlist is the provider's job.
 */
import { isYouTubeComHost, linkPathSegments, MAX_INPUT_LENGTH, parseLink } from "../shared/youtube-url";

export type ChannelLookup =
  | { by: "id"; value: string }
  | { by: "handle"; value: string }
  /** `/user/NAME`: the legacy username, `channels.list?forUsername`. */
  | { by: "username"; value: string }
  /**
   * `/c/NAME`: a custom URL. The API has no lookup for those; most became the channel's handle
   * when handles arrived, so it is tried as a handle first and as a username second.
   */
  | { by: "custom"; value: string };

export type SourceRef =
  | { ok: true; kind: "playlist"; playlistId: string }
  | { ok: true; kind: "channel"; lookup: ChannelLookup }
  | { ok: false; reason: string; isVideo?: boolean };

const CHANNEL_ID = /^UC[A-Za-z0-9_-]{22}$/;
/** Playlist ids: PL/UU/OL/FL/LL/RD… and older 16-character hex ones; letters, digits, - and _. */
const PLAYLIST_ID = /^[A-Za-z0-9_-]{10,64}$/;
/** Handles are 3–30 characters: letters (any script), digits, underscores, hyphens and periods. */
const HANDLE = /^@[\p{L}\p{M}\p{N}._-]{3,30}$/u;
const LEGACY_NAME = /^[A-Za-z0-9._-]{1,100}$/;
const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;
/** youtube.com/<tab> pages of a channel: /@name/videos, /channel/UC…/streams … */
const CHANNEL_TABS = new Set(["videos", "shorts", "streams", "featured", "playlists", "about", "live", "community"]);

const notASource = (reason = "Not a YouTube playlist or channel URL"): SourceRef => ({ ok: false, reason });
const videoOnly: SourceRef = {
  ok: false,
  isVideo: true,
  reason: "This is a link to one video, not a playlist or channel; add it with POST /api/lists/{id}/videos",
};

export function parseSourceUrl(input: string): SourceRef {
  const text = input.trim();
  if (text === "") return notASource("Empty input");
  if (text.length > MAX_INPUT_LENGTH) return notASource(`Input is longer than ${MAX_INPUT_LENGTH} characters`);
  if (/[\s\p{Cc}]/u.test(text)) return notASource("Input contains spaces or control characters");
  if (text.startsWith("@")) return handleRef(safeDecode(text));
  if (!/[./:]/.test(text)) return bareId(text);

  const link = parseLink(text);
  if (!link.ok) return notASource(link.reason);
  const { url } = link;
  if (url.hostname === "youtu.be") return url.searchParams.get("list") ? listRef(url) : videoOnly;
  if (!isYouTubeComHost(url.hostname)) return notASource("Not a YouTube URL");

  // A watch URL with `list=` is how people share "this playlist, from this video".
  if (url.searchParams.has("list")) return listRef(url);
  const [first, second, ...rest] = linkPathSegments(url.pathname).map(safeDecode);
  if (first === undefined) return notASource();
  if (first.startsWith("@") && tabsOnly(rest, second)) return handleRef(first);
  if (first === "channel" && second !== undefined && tabsOnly(rest)) {
    return CHANNEL_ID.test(second) ? { ok: true, kind: "channel", lookup: { by: "id", value: second } } : notASource();
  }
  if ((first === "user" || first === "c") && second !== undefined && tabsOnly(rest)) {
    if (!LEGACY_NAME.test(second)) return notASource("Not a valid channel name");
    return { ok: true, kind: "channel", lookup: { by: first === "user" ? "username" : "custom", value: second } };
  }
  if (first === "watch" || ["shorts", "live", "embed", "v"].includes(first)) return videoOnly;
  return notASource();
}

function listRef(url: URL): SourceRef {
  const ids = new Set(url.searchParams.getAll("list"));
  const [id] = ids;
  if (ids.size !== 1 || id === undefined || !PLAYLIST_ID.test(id)) return notASource("Not a valid playlist id");
  return { ok: true, kind: "playlist", playlistId: id };
}

function handleRef(handle: string): SourceRef {
  if (!HANDLE.test(handle)) return notASource("Not a valid channel handle");
  return { ok: true, kind: "channel", lookup: { by: "handle", value: handle } };
}

/** A bare `UC…` is a channel, an 11-character id a video, and a longer id a playlist. */
function bareId(text: string): SourceRef {
  if (CHANNEL_ID.test(text)) return { ok: true, kind: "channel", lookup: { by: "id", value: text } };
  if (VIDEO_ID.test(text)) return videoOnly;
  if (PLAYLIST_ID.test(text) && text.length > 11) return { ok: true, kind: "playlist", playlistId: text };
  return notASource();
}

/** After the channel itself, only a tab (`/videos`, `/shorts` …) may follow. */
function tabsOnly(rest: string[], next?: string): boolean {
  const tail = next === undefined ? rest : [next, ...rest];
  return tail.length === 0 || (tail.length === 1 && CHANNEL_TABS.has(tail[0] as string));
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
