/**
 * Playlists and channels for the fakes (the in-workerd fetch fake and the fake server), answering
 * `channels.list`, `playlists.list` and `playlistItems.list` in YouTube Data API v3's wire format:
 * the same keys, `nextPageToken` paging, private and deleted placeholders, `playlistNotFound`.
 * Everything derives from the ids, so the same id always names the same source:
 *   - a trailing `_<n>` or `-<n>` on a playlist id, handle or username sets its size (`PLtalks_120`,
 *     `@speaker-75`); otherwise 40 videos;
 *   - ids and handles containing `missing` do not exist; playlist ids containing `private` are private;
 *   - playlists containing `holes` have a private video at positions ≡ 3 (mod 10) and a deleted one
 *     at ≡ 7 (mod 10);
 *   - a channel's uploads playlist is `UU` + its id without `UC`, newest first; other playlists list
 *     their items in the order they were added (oldest first), with publish dates in any order.
 * `publish(playlistId, n)` adds n new videos to a source (new uploads, or items added to a playlist).
 * Plain Node (type stripping): erasable syntax only.
 */
import { fakeVideo, googleError, hash } from "./fake-upstream-data.ts";

export interface FakeSources {
  /** Videos added after start-up, per playlist id (a channel's: its uploads playlist). */
  published: Map<string, number>;
  publish(playlistId: string, count: number): void;
  /** Pages of playlistItems.list served, for cost checks. */
  pagesServed: number;
}

export function createFakeSources(): FakeSources {
  const sources: FakeSources = {
    published: new Map(),
    pagesServed: 0,
    publish(playlistId, count) {
      sources.published.set(playlistId, (sources.published.get(playlistId) ?? 0) + count);
    },
  };
  return sources;
}

export interface FakeAnswer {
  status: number;
  body: unknown;
}

const BASE_TIME = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;
const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

const sizeOf = (name: string) => {
  const match = /[_-](\d+)$/.exec(name);
  return match ? Number(match[1]) : 40;
};

/** A stable id of `length` characters from a seed text. */
function stableId(seed: string, length: number): string {
  let id = "";
  for (let i = 0; id.length < length; i++) {
    let h = hash(`${seed}#${i}`);
    for (let j = 0; j < 5 && id.length < length; j++) {
      id += ID_ALPHABET[h & 63];
      h >>>= 6;
    }
  }
  return id;
}

export const channelIdFor = (name: string) => `UC${stableId(`channel:${name.toLowerCase()}`, 22)}`;
export const uploadsPlaylistOf = (channelId: string) => `UU${channelId.slice(2)}`;

/**
 * The video at age `age` of a playlist (0 = the first ever added). Ids of uploads playlists are
 * drawn from the channel, so the same upload has the same id in the channel and its playlist.
 */
export const sourceVideoId = (playlistId: string, age: number) => stableId(`${playlistId}:${age}`, 11);

/** How many items the playlist holds now. */
export function playlistSize(sources: FakeSources, playlistId: string, baseSize: number): number {
  return baseSize + (sources.published.get(playlistId) ?? 0);
}

interface Resolved {
  playlistId: string;
  channelId: string;
  channelTitle: string;
  title: string;
  baseSize: number;
  uploads: boolean;
}

/** Channel names are kept in the uploads id's registry so `channels.list?id=` finds them again. */
const channelNames = new Map<string, string>();

function channelByName(name: string): Resolved | null {
  if (name.toLowerCase().includes("missing")) return null;
  const channelId = channelIdFor(name);
  channelNames.set(channelId, name);
  return channelResolved(channelId, name);
}

function channelResolved(channelId: string, name: string): Resolved {
  return {
    playlistId: uploadsPlaylistOf(channelId),
    channelId,
    channelTitle: `${name.replace(/^@/, "")} channel`,
    title: `Uploads from ${name.replace(/^@/, "")} channel`,
    baseSize: sizeOf(name),
    uploads: true,
  };
}

function channelById(channelId: string): Resolved | null {
  if (channelId.includes("missing")) return null;
  return channelResolved(channelId, channelNames.get(channelId) ?? channelId);
}

function playlistById(playlistId: string): Resolved | null {
  if (playlistId.includes("missing") || playlistId.includes("private")) return null;
  if (playlistId.startsWith("UU")) {
    const channel = channelById(`UC${playlistId.slice(2)}`);
    return channel;
  }
  const owner = `Curator ${hash(playlistId) % 100}`;
  return {
    playlistId,
    channelId: channelIdFor(owner),
    channelTitle: owner,
    title: `Playlist ${playlistId}`,
    baseSize: sizeOf(playlistId),
    uploads: false,
  };
}

const thumbnails = (videoId: string) => ({
  default: { url: `https://i.ytimg.com/vi/${videoId}/default.jpg`, width: 120, height: 90 },
  medium: { url: `https://i.ytimg.com/vi/${videoId}/mqdefault.jpg`, width: 320, height: 180 },
  high: { url: `https://i.ytimg.com/vi/${videoId}/hqdefault.jpg`, width: 480, height: 360 },
});

const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

/** The video of a source at a playlist position, oldest-first age resolved from the order. */
function itemAt(sources: FakeSources, source: Resolved, position: number) {
  const size = playlistSize(sources, source.playlistId, source.baseSize);
  const age = source.uploads ? size - 1 - position : position;
  const videoId = sourceVideoId(source.playlistId, age);
  const addedAt = BASE_TIME + age * HOUR;
  // Uploads are published when they enter the playlist; other playlists collect videos of any age.
  const videoPublishedAt = source.uploads ? addedAt : BASE_TIME - (hash(videoId) % 2000) * 24 * HOUR;
  const hole = source.playlistId.includes("holes") ? age % 10 : -1;
  const base = {
    kind: "youtube#playlistItem",
    etag: hash(`${source.playlistId}:${position}`).toString(36),
    id: btoa(`${source.playlistId}.${videoId}`).replace(/=+$/, ""),
  };
  const snippetBase = {
    publishedAt: iso(addedAt),
    channelId: source.channelId,
    channelTitle: source.channelTitle,
    playlistId: source.playlistId,
    position,
    resourceId: { kind: "youtube#video", videoId },
  };
  if (hole === 3 || hole === 7) {
    const isPrivate = hole === 3;
    return {
      ...base,
      snippet: {
        ...snippetBase,
        title: isPrivate ? "Private video" : "Deleted video",
        description: isPrivate ? "This video is private." : "This video is unavailable.",
        thumbnails: {},
      },
      contentDetails: { videoId },
      status: { privacyStatus: isPrivate ? "private" : "privacyStatusUnspecified" },
    };
  }
  const video = fakeVideo(videoId).snippet as { title: string; description: string };
  return {
    ...base,
    snippet: {
      ...snippetBase,
      title: video.title,
      description: video.description,
      thumbnails: thumbnails(videoId),
      videoOwnerChannelTitle: source.channelTitle,
      videoOwnerChannelId: source.channelId,
    },
    contentDetails: { videoId, videoPublishedAt: iso(videoPublishedAt) },
    status: { privacyStatus: "public" },
  };
}

const pageToken = (offset: number) => `EAAaB1BUOk${btoa(`CD${offset}`).replace(/=+$/, "")}`;
const offsetOf = (token: string) => {
  if (!token.startsWith("EAAaB1BUOk")) return null;
  try {
    const match = /^CD(\d+)$/.exec(atob(token.slice(10)));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
};

const parameterError = (reason: string, message: string) =>
  googleError(400, "INVALID_ARGUMENT", message, [{ message, domain: "youtube.parameter", reason }]);

const notFound = (reason: string, message: string) =>
  googleError(404, "NOT_FOUND", message, [{ message, domain: "youtube.playlistItem", reason, location: "playlistId" }]);

/** Answers the three source endpoints; null for any other path. */
export function answerSources(sources: FakeSources, pathname: string, params: URLSearchParams): FakeAnswer | null {
  if (pathname.endsWith("/youtube/v3/channels")) return channels(sources, params);
  if (pathname.endsWith("/youtube/v3/playlists")) return playlists(sources, params);
  if (pathname.endsWith("/youtube/v3/playlistItems")) return playlistItems(sources, params);
  return null;
}

function channels(sources: FakeSources, params: URLSearchParams): FakeAnswer {
  if (!params.get("part")) return { status: 400, body: parameterError("required", "Required parameter: part") };
  const handle = params.get("forHandle");
  const username = params.get("forUsername");
  const id = params.get("id");
  // forHandle takes the handle with or without its @, as YouTube does.
  const found = handle
    ? channelByName(handle.startsWith("@") ? handle : `@${handle}`)
    : username
      ? channelByName(username)
      : id
        ? channelById(id)
        : undefined;
  if (found === undefined) {
    const message =
      "No filter selected. Expected one of: forUsername, managedByMe, categoryId, mine, mySubscribers, id, idParam, forHandle";
    return { status: 400, body: parameterError("missingRequiredParameter", message) };
  }
  const list = { kind: "youtube#channelListResponse", etag: hash(`${handle}${username}${id}`).toString(36) };
  // An unknown channel is not an error: the list is empty (and `items` left out), as YouTube answers.
  if (!found) return { status: 200, body: { ...list, pageInfo: { totalResults: 0, resultsPerPage: 5 } } };
  const size = playlistSize(sources, found.playlistId, found.baseSize);
  return {
    status: 200,
    body: {
      ...list,
      pageInfo: { totalResults: 1, resultsPerPage: 5 },
      items: [
        {
          kind: "youtube#channel",
          etag: hash(found.channelId).toString(36),
          id: found.channelId,
          snippet: {
            title: found.channelTitle,
            description: `Videos by ${found.channelTitle}.`,
            customUrl: (handle ?? `@${found.channelTitle.split(" ")[0]}`).toLowerCase(),
            publishedAt: "2014-03-01T12:00:00Z",
            thumbnails: {
              default: {
                url: `https://yt3.ggpht.com/${found.channelId}=s88-c-k-c0x00ffffff-no-rj`,
                width: 88,
                height: 88,
              },
            },
            localized: { title: found.channelTitle, description: `Videos by ${found.channelTitle}.` },
          },
          contentDetails: { relatedPlaylists: { likes: "", uploads: found.playlistId } },
          statistics: {
            viewCount: String(1000 * size),
            subscriberCount: "1200",
            hiddenSubscriberCount: false,
            videoCount: String(size),
          },
        },
      ],
    },
  };
}

function playlists(sources: FakeSources, params: URLSearchParams): FakeAnswer {
  const id = params.get("id");
  if (!id)
    return {
      status: 400,
      body: parameterError("missingRequiredParameter", "No filter selected. Expected one of: channelId, id, mine"),
    };
  const found = playlistById(id);
  const list = { kind: "youtube#playlistListResponse", etag: hash(id).toString(36) };
  if (!found) return { status: 200, body: { ...list, pageInfo: { totalResults: 0, resultsPerPage: 5 }, items: [] } };
  const size = playlistSize(sources, found.playlistId, found.baseSize);
  const first = size > 0 ? sourceVideoId(found.playlistId, found.uploads ? size - 1 : 0) : null;
  return {
    status: 200,
    body: {
      ...list,
      pageInfo: { totalResults: 1, resultsPerPage: 5 },
      items: [
        {
          kind: "youtube#playlist",
          etag: hash(`${id}:${size}`).toString(36),
          id,
          snippet: {
            publishedAt: "2022-02-15T20:50:54Z",
            channelId: found.channelId,
            title: found.title,
            description: "",
            thumbnails: first ? thumbnails(first) : {},
            channelTitle: found.channelTitle,
            localized: { title: found.title, description: "" },
          },
          status: { privacyStatus: "public" },
          contentDetails: { itemCount: size },
        },
      ],
    },
  };
}

function playlistItems(sources: FakeSources, params: URLSearchParams): FakeAnswer {
  const playlistId = params.get("playlistId");
  if (!params.get("part")) return { status: 400, body: parameterError("required", "Required parameter: part") };
  if (!playlistId) {
    return {
      status: 400,
      body: parameterError("missingRequiredParameter", "No filter selected. Expected one of: id, playlistId"),
    };
  }
  const maxResults = Number(params.get("maxResults") ?? 5);
  if (!Number.isInteger(maxResults) || maxResults < 0 || maxResults > 50) {
    return { status: 400, body: parameterError("invalidParameter", "Invalid value for parameter maxResults") };
  }
  const found = playlistById(playlistId);
  if (!found) {
    return {
      status: 404,
      body: notFound(
        "playlistNotFound",
        "The playlist identified with the request's <code>playlistId</code> parameter cannot be found.",
      ),
    };
  }
  const token = params.get("pageToken");
  const offset = token ? offsetOf(token) : 0;
  if (offset === null)
    return { status: 400, body: parameterError("invalidPageToken", "The request specifies an invalid page token.") };
  sources.pagesServed++;
  const size = playlistSize(sources, found.playlistId, found.baseSize);
  const end = Math.min(size, offset + maxResults);
  const items = [];
  for (let position = offset; position < end; position++) items.push(itemAt(sources, found, position));
  return {
    status: 200,
    body: {
      kind: "youtube#playlistItemListResponse",
      etag: hash(`${playlistId}:${offset}:${size}`).toString(36),
      ...(end < size ? { nextPageToken: pageToken(end) } : {}),
      ...(offset > 0 ? { prevPageToken: `EAEaB1BUOk${btoa(`CD${offset}`).replace(/=+$/, "")}` } : {}),
      items,
      pageInfo: { totalResults: size, resultsPerPage: maxResults },
    },
  };
}
