import { and, asc, eq, gt, sql } from "drizzle-orm";
import { fitsField } from "../domain/field-values";
import type { FieldSource } from "../shared/constants";
import type { Field } from "../shared/schemas/fields";
import type { Video } from "../shared/schemas/videos";
import { canonicalVideoUrl } from "../shared/youtube-url";
import { chunk, type Db, rowsOf } from "./client";
import { type VideoRow, videos } from "./schema";

/**
 * A video as the API shows it, in a list with `listFields`. Values of keys the list does not have
 * (a field removed since, or the fields of the list a video was copied from) stay stored, so a
 * field put back finds its values again, but are not shown: a list's videos carry its fields only.
 * Nor is a value its field no longer takes (retyped, or an option taken away): it stays stored
 * until the next run writes the field again, and the video reads as needing that rerun.
 */
export function toVideo(row: VideoRow, listFields: readonly Field[]): Video {
  // Which job holds the video, and what it was before, are the pipeline's business, not the API's.
  const {
    userId: _userId,
    jobId: _jobId,
    prevStatus: _s,
    prevError: _e,
    prevJobId: _j,
    fieldSources: marked,
    fields: stored,
    ...video
  } = row;
  const fields = stored && valuesOfFields(stored, listFields);
  return { ...video, fields, fieldSources: fieldSourcesOf(fields, marked) };
}

function valuesOfFields(stored: NonNullable<VideoRow["fields"]>, listFields: readonly Field[]) {
  const shown: NonNullable<VideoRow["fields"]> = {};
  for (const field of listFields) {
    const value = stored[field.key];
    if (value !== undefined && fitsField(field, value)) shown[field.key] = value;
  }
  return shown;
}

/** Every key of `fields` with who set it: the stored marks say "user", the rest came from the AI. */
function fieldSourcesOf(
  fields: VideoRow["fields"],
  marked: Record<string, FieldSource> | null,
): Record<string, FieldSource> {
  const sources: Record<string, FieldSource> = {};
  for (const key of Object.keys(fields ?? {})) sources[key] = marked?.[key] ?? "ai";
  return sources;
}

/** Every video of a list in stable order, a page at a time, for exports that stream. */
export async function* eachVideo(db: Db, listId: string, pageSize = 500): AsyncGenerator<VideoRow> {
  let after: string | null = null;
  for (;;) {
    const rows: VideoRow[] = await db
      .select()
      .from(videos)
      .where(and(eq(videos.listId, listId), after ? gt(videos.id, after) : undefined))
      .orderBy(asc(videos.id))
      .limit(pageSize);
    yield* rows;
    if (rows.length < pageSize) return;
    after = (rows.at(-1) as VideoRow).id;
  }
}

export async function findVideo(db: Db, userId: string, videoId: string): Promise<VideoRow | null> {
  const row = await db.query.videos.findFirst({ where: and(eq(videos.id, videoId), eq(videos.userId, userId)) });
  return row ?? null;
}

export async function deleteVideo(db: Db, userId: string, videoId: string): Promise<boolean> {
  const deleted = await db
    .delete(videos)
    .where(and(eq(videos.id, videoId), eq(videos.userId, userId)))
    .returning({ id: videos.id });
  return deleted.length > 0;
}

const INSERT_CHUNK = 2_000;

// `WHERE true` resolves SQLite's parsing ambiguity between INSERT … SELECT and an upsert clause.
const INSERT_FROM_JSON = `INSERT INTO videos (id, list_id, user_id, youtube_id, url)
  SELECT json_extract(value, '$[0]'), ?1, ?2, json_extract(value, '$[1]'), json_extract(value, '$[2]')
  FROM json_each(?3) WHERE true
  ON CONFLICT (list_id, youtube_id) DO NOTHING
  RETURNING *`;

/**
 * Inserts the given YouTube ids into a list, skipping ids already there, and says which were
 * added and which already existed (with the existing video's id). Each chunk is a single
 * statement over `json_each(?)` (one bound parameter however many rows), and all chunks run
 * in one D1 batch, which is one transaction: an import lands whole or not at all.
 * `ON CONFLICT DO NOTHING` makes concurrent adds of the same video safe without a pre-check.
 */
export async function insertVideos(
  db: Db,
  target: { listId: string; userId: string },
  entries: { id: string; youtubeId: string }[],
): Promise<{ added: VideoRow[]; existing: Map<string, string> }> {
  if (entries.length === 0) return { added: [], existing: new Map() };
  const d1 = db.$client;
  const statements = chunk(entries, INSERT_CHUNK).map((part) =>
    d1
      .prepare(INSERT_FROM_JSON)
      .bind(
        target.listId,
        target.userId,
        JSON.stringify(part.map((entry) => [entry.id, entry.youtubeId, canonicalVideoUrl(entry.youtubeId)])),
      ),
  );
  const results = (await d1.batch<Record<string, unknown>>(statements)).map((result) => result.results);
  const added = results.flat().map(videoFromSql);
  const addedIds = new Set(added.map((row) => row.youtubeId));
  const missing = entries.filter((entry) => !addedIds.has(entry.youtubeId)).map((entry) => entry.youtubeId);
  return { added: sortLike(added, entries), existing: await existingIds(db, target.listId, missing) };
}

/** The list's videos among these YouTube ids, by YouTube id: one statement however many ids (`json_each`). */
export async function existingIds(db: Db, listId: string, youtubeIds: string[]): Promise<Map<string, string>> {
  if (youtubeIds.length === 0) return new Map();
  const rows = await db
    .select({ id: videos.id, youtubeId: videos.youtubeId })
    .from(videos)
    .where(
      and(
        eq(videos.listId, listId),
        sql`${videos.youtubeId} IN (SELECT value FROM json_each(${JSON.stringify(youtubeIds)}))`,
      ),
    );
  return new Map(rows.map((row) => [row.youtubeId, row.id]));
}

function sortLike(rows: VideoRow[], entries: { youtubeId: string }[]): VideoRow[] {
  const order = new Map(entries.map((entry, i) => [entry.youtubeId, i]));
  return rows.sort((a, b) => (order.get(a.youtubeId) ?? 0) - (order.get(b.youtubeId) ?? 0));
}

/** A `videos` row of raw SQL (`RETURNING *`, `SELECT v.*`) as drizzle gives it. */
export const videoFromSql = rowsOf(videos);
