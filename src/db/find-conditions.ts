/**
 * A parsed filter (src/domain/video-query.ts) as SQL conditions, split by what each reads: the
 * scope and the `videos` columns need the video's row; field values and text matches need only
 * its id, so a query driven by an index that holds the id checks them without reading the row.
 * None of these conditions is a driving index: pages and facets pick where to start
 * (src/db/find-driver.ts) and check the rest row by row.
 */
import { type SQL, sql } from "drizzle-orm";
import type { FieldFilter, VideoFilter } from "../domain/video-query";
import { EMPTY_VALUE, ftsMatch } from "./search-index";

/** Where to look: one list (field filters allowed) or every list of a user (search). */
export type FindScope = { listId: string } | { userId: string };

/** Every condition (SQL's AND), or true for none. */
export const and = (conditions: SQL[]): SQL => (conditions.length ? sql.join(conditions, sql` AND `) : sql`1`);

/** The scope as a condition on `videos v`. */
export const scopeCondition = (scope: FindScope): SQL =>
  "listId" in scope ? sql`v.list_id = ${scope.listId}` : sql`v.user_id = ${scope.userId}`;

/** Conditions on the columns of `videos v` (status, channel, duration, publish date, needs rerun). */
export function rowConditions(filter: VideoFilter, currentVersion: string | null): SQL[] {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(sql`v.status = ${filter.status}`);
  if (filter.channelIds) {
    conditions.push(sql`v.channel_id IN (SELECT value FROM json_each(${JSON.stringify(filter.channelIds)}))`);
  }
  const { durationSeconds: duration, publishedAt: published } = filter;
  if (duration.gte !== null) conditions.push(sql`v.duration_seconds >= ${duration.gte}`);
  if (duration.lte !== null) conditions.push(sql`v.duration_seconds <= ${duration.lte}`);
  if (published.from !== null) conditions.push(sql`v.published_at >= ${published.from}`);
  if (published.before !== null) conditions.push(sql`v.published_at < ${published.before}`);
  if (filter.needsRerun !== null && currentVersion !== null) {
    // processing-status's "needs rerun": done (or handed back) with another version than today's.
    const stale = sql`(v.status IN ('pending', 'completed') AND v.processed_version IS NOT NULL AND v.processed_version != ${currentVersion})`;
    conditions.push(filter.needsRerun ? stale : sql`NOT ${stale}`);
  }
  return conditions;
}

/**
 * Conditions on a video id (`id`, an SQL expression): one probe of the video's own index rows
 * per field filter (except `skip`, the filter the query is driven by), and the text matches,
 * written `+id IN (…)`, a list SQLite can check but not scan by (left to itself, it would loop
 * over a whole id list per FTS5 match). `terms` are the words of `q`.
 */
export function idConditions(
  scope: FindScope,
  filter: VideoFilter,
  terms: readonly string[] | null,
  id: SQL,
  skip?: FieldFilter,
): SQL[] {
  const conditions: SQL[] = [];
  if ("listId" in scope) {
    for (const field of filter.fields) {
      if (field === skip) continue;
      conditions.push(holdsValue(field, id));
    }
  }
  // A search with no word in it (only punctuation) matches nothing.
  if (terms?.length === 0) conditions.push(sql`0`);
  else if (terms) conditions.push(sql`+${id} IN (${textMatches(terms, scope)})`);
  return conditions;
}

/** A probe of one video's own index row (`id`, an SQL expression) for what a field filter asks. */
export const holdsValue = (filter: FieldFilter, id: SQL): SQL =>
  sql`EXISTS (SELECT 1 FROM video_field_values f WHERE f.video_id = ${id} AND f.key = ${filter.field.key} AND ${valueTest(filter, "f")})`;

/** True when the filter selects the whole scope (nothing to check). */
export const selectsAll = (filter: VideoFilter, terms: readonly string[] | null, currentVersion: string | null) =>
  terms === null && filter.fields.length === 0 && rowConditions(filter, currentVersion).length === 0;

/**
 * What a field filter asks of a value (`alias.column`: a row of `video_field_values`,
 * `list_facet_counts` or either side of `list_facet_pairs`).
 */
export function valueTest(
  filter: FieldFilter,
  alias: "s" | "f" | "c" | "p",
  column: "value" | "value2" = "value",
): SQL {
  const value = sql.raw(`${alias}.${column}`);
  switch (filter.kind) {
    case "anyOf":
      return sql`${value} IN (SELECT value FROM json_each(${JSON.stringify(filter.values)}))`;
    case "range": {
      const bounds = [sql`${value} > ${EMPTY_VALUE}`];
      if (filter.gte !== null) bounds.push(sql`${value} >= ${filter.gte}`);
      if (filter.lte !== null) bounds.push(sql`${value} <= ${filter.lte}`);
      return sql.join(bounds, sql` AND `);
    }
    case "empty":
      return filter.empty ? sql`${value} = ${EMPTY_VALUE}` : sql`${value} > ${EMPTY_VALUE}`;
  }
}

/** The ids of the videos a field filter selects, read from its own index rows: `(id)`. */
export const filterRows = (listId: string, filter: FieldFilter): SQL =>
  sql`SELECT DISTINCT s.video_id AS id FROM video_field_values s
    WHERE s.list_id = ${listId} AND s.key = ${filter.field.key} AND ${valueTest(filter, "s")}`;

/** The ids of the videos whose search document matches every word: `(id)`. */
export const textMatches = (terms: readonly string[], scope: FindScope): SQL =>
  sql`SELECT d.video_id AS id FROM videos_fts JOIN video_search_docs d ON d.doc = videos_fts.rowid
    WHERE ${ftsMatch(terms, scope)}`;
