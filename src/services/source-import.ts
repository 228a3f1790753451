/**
 * Preview and import of a playlist or channel into a list.
 *
 * An import runs inline in the request: its pages must be read one after another (each holds
 * the next page's token), which is I/O the Worker waits on, not CPU, and a Worker has no wall
 * clock limit while its client waits. Every page is read before anything is written, then the
 * videos go in as bulk add puts them (one D1 batch, one transaction): a request that fails
 * midway (quota gone, source deleted) writes nothing, and the answer can say exactly what
 * happened. 5,000 videos are 100 pages and 100 quota units.
 */
import type { Db } from "../db/client";
import { existingIds } from "../db/videos";
import { safeThumbnail } from "../domain/thumbnails";
import type { Config, Env } from "../env";
import { notFound } from "../errors";
import type { SourceImportResult, SourcePreview } from "../shared/schemas/sources";
import { collectNewest } from "./source-pages";
import { resolveSource } from "./source-resolve";
import { withSourceApi } from "./source-upstream";
import { addVideosToList } from "./video-intake";

interface Target {
  listId: string;
  userId: string;
}

export const previewSource = (env: Env, config: Config, db: Db, target: Target, url: string): Promise<SourcePreview> =>
  withSourceApi(env, config, db, target.userId, async (api) => {
    const source = await resolveSource(api, url);
    const page = await api.listPlaylistPage(source.playlistId, null);
    if (!page) throw notFound(source.kind === "channel" ? "Channel" : "Playlist");
    const available = page.entries.filter((entry) => !entry.unavailable);
    const held = await existingIds(
      db,
      target.listId,
      available.map((entry) => entry.videoId),
    );
    const first = available[0];
    return {
      kind: source.kind,
      sourceId: source.sourceId,
      title: source.title,
      channelTitle: source.channelTitle,
      videoCount: source.videoCount ?? page.totalResults,
      alreadyInList: held.size,
      sampled: available.length,
      thumbnailUrl: first ? safeThumbnail(source.thumbnailUrl ?? first.thumbnailUrl, first.videoId) : null,
    };
  });

export const importSource = (
  env: Env,
  config: Config,
  db: Db,
  target: Target,
  request: { url: string; limit: number },
): Promise<SourceImportResult> =>
  withSourceApi(env, config, db, target.userId, async (api) => {
    const source = await resolveSource(api, request.url);
    const { entries, skipped } = await collectNewest(api, source, request.limit);
    const lines = entries.map((entry, i) => ({ line: i + 1, input: entry.videoId }));
    const result = await addVideosToList(config.caps, db, target, lines);
    return {
      added: result.added.length,
      duplicates: result.duplicates.length,
      total: result.added.length + result.duplicates.length,
      skipped,
      youtubeUnits: api.unitsSpent,
    };
  });
