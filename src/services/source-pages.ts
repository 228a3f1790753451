/**
 * Reading a source's videos page by page (50 per `playlistItems.list` call, one quota unit
 * each), skipping private and deleted placeholders. Pages follow one another through
 * `nextPageToken`, so they are read one after the other.
 */
import { notFound } from "../errors";
import type { PlaylistEntry } from "../providers/youtube-sources";
import type { ResolvedSource } from "./source-resolve";
import type { SourceApi } from "./source-upstream";

/** YouTube playlists hold at most 5,000 videos: 100 pages, plus room for placeholders. */
export const MAX_PAGES = 120;

export interface Collected {
  entries: PlaylistEntry[];
  /** Private and deleted placeholders passed over. */
  skipped: number;
  pages: number;
}

const newestFirst = (a: PlaylistEntry, b: PlaylistEntry) =>
  (b.videoPublishedAt ?? "").localeCompare(a.videoPublishedAt ?? "");

/**
 * The newest `limit` available videos of a source. An uploads playlist is newest first, so
 * reading stops once `limit` are in hand; any other playlist is in its owner's order, so all of
 * it is read and sorted by publish date.
 */
export async function collectNewest(api: SourceApi, source: ResolvedSource, limit: number): Promise<Collected> {
  const entries: PlaylistEntry[] = [];
  const seen = new Set<string>();
  let skipped = 0;
  let pages = 0;
  let token: string | null = null;
  do {
    const page = await api.listPlaylistPage(source.playlistId, token);
    if (!page) throw notFound(source.kind === "channel" ? "Channel" : "Playlist");
    pages++;
    for (const entry of page.entries) {
      if (entry.unavailable) skipped++;
      else if (!seen.has(entry.videoId)) {
        seen.add(entry.videoId);
        entries.push(entry);
      }
    }
    token = page.nextPageToken;
  } while (token && pages < MAX_PAGES && !(source.newestFirst && entries.length >= limit));
  if (!source.newestFirst) entries.sort(newestFirst);
  return { entries: entries.slice(0, limit), skipped, pages };
}

/**
 * Entries that entered the source after `since` (an ISO time), newest first, and the source's
 * newest entry time. An uploads playlist is read only until an older entry shows up. Another
 * playlist may take new items anywhere in its order, so it is read to its end (up to
 * `maxPages`) unless its first page says it still holds `knownTotal` items, which is taken as
 * "unchanged" (one unit per check for a playlist nobody touched).
 */
export async function collectSince(
  api: SourceApi,
  source: Pick<ResolvedSource, "playlistId" | "newestFirst">,
  since: { at: string | null; total: number | null },
  maxPages: number,
): Promise<{ entries: PlaylistEntry[]; newest: string | null; total: number | null; pages: number } | null> {
  const entries: PlaylistEntry[] = [];
  let newest = since.at;
  let total: number | null = null;
  let pages = 0;
  let token: string | null = null;
  let done = false;
  do {
    const page = await api.listPlaylistPage(source.playlistId, token);
    if (!page) return null;
    pages++;
    if (pages === 1) total = page.totalResults;
    if (pages === 1 && !source.newestFirst && since.at !== null && total !== null && total === since.total) break;
    for (const entry of page.entries) {
      const at = entry.addedAt ?? "";
      if (newest === null || at > newest) newest = at;
      if (since.at !== null && at <= since.at) done = source.newestFirst;
      else if (!entry.unavailable) entries.push(entry);
    }
    // A new subscription only needs the newest entry, which an uploads playlist puts first.
    if (since.at === null) done = source.newestFirst;
    token = page.nextPageToken;
  } while (token && pages < maxPages && !done);
  entries.sort((a, b) => (b.addedAt ?? "").localeCompare(a.addedAt ?? ""));
  return { entries: since.at === null ? [] : entries, newest, total, pages };
}
