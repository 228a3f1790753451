/**
 * Changing videos a person chose: correcting field values, and deleting, moving or copying many
 * at once. Each is one D1 statement or batch (one transaction), so it happens whole or not at
 * all; the search index follows through its triggers.
 */
import { sql } from "drizzle-orm";
import type { FieldValue } from "../shared/schemas/fields";
import { type Db, prepare } from "./client";
import type { VideoRow } from "./schema";
import { videoFromSql } from "./videos";

const NOW = sql.raw("strftime('%Y-%m-%dT%H:%M:%fZ', 'now')");
const idsIn = (ids: string[]) => sql`(SELECT value FROM json_each(${JSON.stringify(ids)}))`;

/**
 * The row's JSON object in `column` without the keys listed at `$[2]` of its pair `p` (a value
 * left behind, and who set it, as if never filled; or only the mark); untouched when none is listed.
 */
const withoutRefused = (column: "fields" | "field_sources") =>
  sql.raw(`CASE WHEN v.${column} IS NULL OR json_array_length(p.value, '$[2]') = 0 THEN v.${column}
    ELSE (SELECT json_group_object(k.key, json(v.${column} -> ('$.' || k.key))) FROM json_each(v.${column}) AS k
      WHERE k.key NOT IN (SELECT value FROM json_each(p.value, '$[2]'))) END`);

/**
 * Sets the values and marks their keys as the user's, merging into what is stored inside the
 * statement, so a run completing at the same moment loses none of its other values.
 */
export async function correctFields(
  db: Db,
  userId: string,
  videoId: string,
  values: Record<string, FieldValue | null>,
): Promise<VideoRow | null> {
  const keys = Object.keys(values);
  const setValues = sql.join(
    keys.map((key) => sql`${`$.${key}`}, json(${JSON.stringify(values[key])})`),
    sql`, `,
  );
  const markUser = sql.join(
    keys.map((key) => sql`${`$.${key}`}, 'user'`),
    sql`, `,
  );
  const row = await prepare(
    db,
    sql`UPDATE videos SET
        fields = json_set(coalesce(fields, '{}'), ${setValues}),
        field_sources = json_set(coalesce(field_sources, '{}'), ${markUser}),
        updated_at = ${NOW}
      WHERE id = ${videoId} AND user_id = ${userId}
      RETURNING *`,
  ).first<Record<string, unknown>>();
  return row ? videoFromSql(row) : null;
}

export type MarkedVideo = Pick<VideoRow, "id" | "fields" | "fieldSources" | "updatedAt">;

/** The list's videos with a person's mark on any of these keys, with what they hold. */
export async function videosMarkedOn(db: Db, listId: string, keys: string[]): Promise<MarkedVideo[]> {
  const { results } = await prepare(
    db,
    sql`SELECT id, fields, field_sources, updated_at FROM videos
      WHERE list_id = ${listId} AND field_sources IS NOT NULL
        AND EXISTS (SELECT 1 FROM json_each(field_sources) AS m WHERE m.key IN ${idsIn(keys)})`,
  ).all<Record<string, unknown>>();
  return results.map((raw) => videoFromSql<keyof MarkedVideo>(raw));
}

/** Per video: the marks to take off, guarded on the row as it was read (`updatedAt`). */
export interface Unmark {
  id: string;
  updatedAt: string;
  keys: string[];
}

const UNMARK_CHUNK = 500;

/**
 * Statements taking these marks off, for the batch that changes the list's fields: a mark on a
 * value the field no longer takes would keep that value through every normal run. A video written
 * since it was read (a new correction, a run) keeps its marks.
 */
export function unmarkStatements(db: Db, scope: { userId: string; listId: string }, unmarks: Unmark[]) {
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < unmarks.length; i += UNMARK_CHUNK) {
    const pairs = JSON.stringify(unmarks.slice(i, i + UNMARK_CHUNK).map((u) => [u.id, u.updatedAt, u.keys]));
    statements.push(
      prepare(
        db,
        sql`UPDATE videos AS v SET field_sources = ${withoutRefused("field_sources")}
        FROM json_each(${pairs}) p
        WHERE v.id = json_extract(p.value, '$[0]') AND v.list_id = ${scope.listId} AND v.user_id = ${scope.userId}
          AND v.updated_at = json_extract(p.value, '$[1]')`,
      ),
    );
  }
  return statements;
}

/**
 * Deletes these videos of the list, or none of them: the statement deletes only when every id
 * is the user's video in this list. Null when some id is not.
 */
export async function deleteVideos(db: Db, scope: { userId: string; listId: string }, ids: string[]) {
  const own = sql`list_id = ${scope.listId} AND user_id = ${scope.userId} AND id IN ${idsIn(ids)}`;
  const { results } = await prepare(
    db,
    sql`DELETE FROM videos WHERE ${own} AND (SELECT count(*) FROM videos WHERE ${own}) = ${ids.length} RETURNING id`,
  ).all();
  return results.length === ids.length ? results.length : null;
}

export type SelectedVideo = Pick<VideoRow, "id" | "youtubeId" | "status" | "fields">;

/** The user's videos of the list among these ids (ids of anyone else's are simply absent). */
export async function selectedVideos(db: Db, scope: { userId: string; listId: string }, ids: string[]) {
  const { results } = await prepare(
    db,
    sql`SELECT id, youtube_id, status, fields FROM videos WHERE list_id = ${scope.listId} AND user_id = ${scope.userId} AND id IN ${idsIn(ids)}`,
  ).all<Record<string, unknown>>();
  return results.map((raw) => videoFromSql<keyof SelectedVideo>(raw));
}

/**
 * Moves the videos into another list of the same user, or copies them (new ids, same metadata,
 * values and corrections; a copy of a video being processed starts as pending). A video the
 * target already holds stays where it is and counts as a duplicate; a video being processed is
 * never moved, as its job still holds it. `refused` names, per video id, the values that do not
 * fit the target's fields: they do not go along.
 */
export async function moveVideos(
  db: Db,
  move: { userId: string; fromListId: string; toListId: string; copy: boolean },
  ids: string[],
  refused: ReadonlyMap<string, string[]>,
  newIds: () => string,
): Promise<{ moved: number; duplicates: number }> {
  const selected = sql`v.list_id = ${move.fromListId} AND v.user_id = ${move.userId} AND v.id IN ${idsIn(ids)}`;
  const inTarget = sql`v.youtube_id IN (SELECT youtube_id FROM videos WHERE list_id = ${move.toListId})`;
  const count = prepare(db, sql`SELECT count(*) AS n FROM videos v WHERE ${selected} AND ${inTarget}`);
  const pairs = JSON.stringify(ids.map((id) => [id, newIds(), refused.get(id) ?? []]));
  const pair = sql`json_each(${pairs}) p`;
  const write = move.copy
    ? // `WHERE true` resolves SQLite's parsing ambiguity between INSERT … SELECT and an upsert clause.
      sql`INSERT INTO videos (id, list_id, user_id, youtube_id, url, status, title, channel_title, channel_id,
          description, duration_seconds, view_count, like_count, published_at, thumbnail_url, tags, chapters,
          fields, field_sources, error, processed_version, processed_at)
        SELECT json_extract(p.value, '$[1]'), ${move.toListId}, v.user_id, v.youtube_id, v.url,
          CASE WHEN v.status IN ('queued', 'processing') THEN 'pending' ELSE v.status END,
          v.title, v.channel_title, v.channel_id, v.description, v.duration_seconds, v.view_count, v.like_count,
          v.published_at, v.thumbnail_url, v.tags, v.chapters, ${withoutRefused("fields")},
          ${withoutRefused("field_sources")}, v.error, v.processed_version, v.processed_at
        FROM ${pair} JOIN videos v ON v.id = json_extract(p.value, '$[0]')
        WHERE ${selected} AND true
        ON CONFLICT (list_id, youtube_id) DO NOTHING
        RETURNING id`
    : sql`UPDATE videos AS v SET list_id = ${move.toListId}, fields = ${withoutRefused("fields")},
          field_sources = ${withoutRefused("field_sources")}, updated_at = ${NOW}
        FROM ${pair}
        WHERE v.id = json_extract(p.value, '$[0]') AND ${selected} AND v.status NOT IN ('queued', 'processing')
          AND NOT ${inTarget}
        RETURNING id`;
  const [duplicates, written] = await db.$client.batch<Record<string, unknown>>([count, prepare(db, write)]);
  return { moved: written?.results.length ?? 0, duplicates: Number(duplicates?.results[0]?.n ?? 0) };
}
