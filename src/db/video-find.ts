/**
 * Finding videos in D1: a parsed query (src/domain/video-query.ts) as SQL over `videos`, the
 * field-value index and the FTS5 table. Each sort is one index range scan from the cursor on:
 * column sorts on `videos`, field sorts on `video_field_values` (every video has a row per field,
 * "empty" sorting lowest), relevance on FTS5's matches.
 */
import { type SQL, sql } from "drizzle-orm";
import type { FieldFilter, ParsedVideoQuery, VideoFilter, VideoOrder } from "../domain/video-query";
import type { Cursor } from "../lib/cursor";
import type { VideoSort } from "../shared/constants";
import { type Db, prepare } from "./client";
import type { VideoRow } from "./schema";
import { EMPTY_VALUE, ftsQuery, RELEVANCE } from "./search-index";
import { rowFromSql } from "./videos";

/** Where to look: one list (field filters allowed) or every list of a user (search). */
export type FindScope = { listId: string } | { userId: string };

export interface FoundRow {
  row: VideoRow;
  /** The row's sort key, for the next cursor; null for "empty". */
  sortValue: string | number | null;
}

/**
 * Column sort keys as total orders: NULL metadata (unprocessed videos) sorts as the lowest value,
 * so keyset comparisons never meet a NULL. Titles compare without case, as people read them.
 */
const COLUMN_KEYS: Record<VideoSort, SQL> = {
  createdAt: sql.raw("v.created_at"),
  title: sql.raw("coalesce(v.title, '') COLLATE NOCASE"),
  publishedAt: sql.raw("coalesce(v.published_at, '')"),
  durationSeconds: sql.raw("coalesce(v.duration_seconds, -1)"),
  viewCount: sql.raw("coalesce(v.view_count, -1)"),
};

/**
 * The videos a filter selects, as conditions on `videos v`, each only checked row by row: the
 * query's driving index comes from elsewhere (the sort's, for a page, so it stops after `limit`
 * rows and a cursor is a seek). A field condition is one probe of the video's own index rows;
 * the text condition is written `+v.id IN (…)`, a list SQLite can check but not scan by (left to
 * itself, it would loop over a whole id list per FTS5 match). `terms` are the words of `q`.
 */
export function filterConditions(
  scope: FindScope,
  filter: VideoFilter,
  terms: readonly string[] | null,
  currentVersion: string | null,
): SQL[] {
  const conditions: SQL[] = ["listId" in scope ? sql`v.list_id = ${scope.listId}` : sql`v.user_id = ${scope.userId}`];
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
  if ("listId" in scope) {
    for (const field of filter.fields) {
      conditions.push(
        sql`EXISTS (SELECT 1 FROM video_field_values s WHERE s.video_id = v.id AND s.key = ${field.field.key} AND ${valueTest(field)})`,
      );
    }
  }
  // A search with no word in it (only punctuation) matches nothing.
  if (terms?.length === 0) conditions.push(sql`0`);
  else if (terms) conditions.push(sql`+v.id IN (${textMatches(terms, scope)})`);
  return conditions;
}

/** What a field filter asks of a video's index row `s`. */
function valueTest(filter: FieldFilter): SQL {
  switch (filter.kind) {
    case "anyOf":
      return sql`s.value IN (SELECT value FROM json_each(${JSON.stringify(filter.values)}))`;
    case "range": {
      const bounds = [sql`s.value > ${EMPTY_VALUE}`];
      if (filter.gte !== null) bounds.push(sql`s.value >= ${filter.gte}`);
      if (filter.lte !== null) bounds.push(sql`s.value <= ${filter.lte}`);
      return sql.join(bounds, sql` AND `);
    }
    case "empty":
      return filter.empty ? sql`s.value = ${EMPTY_VALUE}` : sql`s.value > ${EMPTY_VALUE}`;
  }
}

const textMatches = (terms: readonly string[], scope: FindScope) =>
  sql`SELECT d.video_id AS id FROM videos_fts JOIN video_search_docs d ON d.doc = videos_fts.rowid WHERE videos_fts MATCH ${ftsQuery(terms, scope)}`;

/**
 * `SELECT columns` of every video the filter selects, for counting (facets). Without statistics
 * SQLite takes `list_id = ?` for the narrowest start and would visit every video of the list, so
 * the query starts from the narrowest list it can name instead: the first field filter's index
 * rows, else the search's matches, else the list.
 */
export function selectionSql(
  scope: FindScope,
  filter: VideoFilter,
  terms: readonly string[] | null,
  currentVersion: string | null,
  columns: SQL,
): SQL {
  const conditions = sql.join(filterConditions(scope, filter, terms, currentVersion), sql` AND `);
  const [first] = "listId" in scope ? filter.fields : [];
  const start =
    first && "listId" in scope
      ? sql`(SELECT DISTINCT s.video_id AS id FROM video_field_values s
          WHERE s.list_id = ${scope.listId} AND s.key = ${first.field.key} AND ${valueTest(first)})`
      : terms?.length
        ? sql`(${textMatches(terms, scope)})`
        : null;
  const from = start ? sql`${start} AS start CROSS JOIN videos v ON v.id = start.id` : sql`videos v`;
  return sql`SELECT ${columns} FROM ${from} WHERE ${conditions}`;
}

/** A page of `limit + 1` rows after the cursor, in the query's order. */
export async function findPage(
  db: Db,
  scope: FindScope,
  query: Pick<ParsedVideoQuery, "filter" | "sort" | "order" | "limit">,
  terms: readonly string[] | null,
  currentVersion: string | null,
  after: Cursor | null,
): Promise<FoundRow[]> {
  const statement = pageSql(scope, query, terms, currentVersion, after);
  const { results } = await prepare(db, statement).all<Record<string, unknown>>();
  return results.map(({ sort_value, ...raw }) => ({
    row: rowFromSql(raw),
    sortValue: (sort_value as string | number | null) ?? null,
  }));
}

export function pageSql(
  scope: FindScope,
  query: Pick<ParsedVideoQuery, "filter" | "sort" | "order" | "limit">,
  terms: readonly string[] | null,
  currentVersion: string | null,
  after: Cursor | null,
): SQL {
  const { sort, order, limit } = query;
  const direction = sql.raw(order === "desc" ? "DESC" : "ASC");
  const beyond = sql.raw(order === "desc" ? "<" : ">");
  const cursorKey = after ? (after.k === null ? EMPTY_VALUE : sql`${after.k}`) : null;
  const where = (conditions: SQL[]) => sql.join(conditions, sql` AND `);

  if (sort.kind === "relevance") {
    const conditions = filterConditions(scope, query.filter, null, currentVersion);
    const keyset = after ? sql`WHERE (sort_value, id) ${beyond} (${cursorKey}, ${after.id})` : sql``;
    // Ranked on ids alone, and only the page's rows are read whole: a common word matches tens
    // of thousands of videos, and sorting their full rows would cost more than ranking them.
    // FTS5's auxiliary functions only run in the query that holds MATCH, hence the nesting.
    return sql`SELECT w.*, page.sort_value FROM (
        SELECT id, sort_value FROM (
          SELECT v.id AS id, ${RELEVANCE} AS sort_value
          FROM videos_fts JOIN video_search_docs d ON d.doc = videos_fts.rowid JOIN videos v ON v.id = d.video_id
          WHERE videos_fts MATCH ${ftsQuery(terms ?? [], scope)} AND ${where(conditions)}
          LIMIT -1
        ) ${keyset}
        ORDER BY sort_value ${direction}, id ${direction}
        LIMIT ${limit + 1}
      ) AS page JOIN videos w ON w.id = page.id
      ORDER BY page.sort_value ${direction}, page.id ${direction}`;
  }

  const conditions = filterConditions(scope, query.filter, terms, currentVersion);
  if (sort.kind === "field")
    return fieldSortSql(scope, sort, conditions, { direction, beyond, cursorKey, after, limit });

  const key = COLUMN_KEYS[sort.column];
  if (after) conditions.push(sql`(${key}, v.id) ${beyond} (${cursorKey}, ${after.id})`);
  return sql`SELECT v.*, ${key} AS sort_value FROM videos v
    WHERE ${where(conditions)}
    ORDER BY ${key} ${direction}, v.id ${direction}
    LIMIT ${limit + 1}`;
}

/**
 * Driven by the field's index rows in order (CROSS JOIN keeps SQLite from reordering), so a page
 * costs its own rows, however deep. A tags field sorts by each video's first tag (A→Z), and only
 * that row of the video is read.
 */
function fieldSortSql(
  scope: FindScope,
  sort: Extract<VideoOrder, { kind: "field" }>,
  conditions: SQL[],
  page: { direction: SQL; beyond: SQL; cursorKey: SQL | null; after: Cursor | null; limit: number },
): SQL {
  const listId = "listId" in scope ? scope.listId : "";
  const firstTag =
    sort.field.type === "tags"
      ? sql`AND NOT EXISTS (SELECT 1 FROM video_field_values x WHERE x.video_id = s.video_id AND x.key = s.key AND x.value < s.value)`
      : sql``;
  const keyset = page.after
    ? sql`AND (s.value, s.video_id) ${page.beyond} (${page.cursorKey}, ${page.after.id})`
    : sql``;
  return sql`SELECT v.*, s.value AS sort_value
    FROM video_field_values s CROSS JOIN videos v ON v.id = s.video_id
    WHERE s.list_id = ${listId} AND s.key = ${sort.field.key} ${firstTag} ${keyset}
      AND ${sql.join(conditions, sql` AND `)}
    ORDER BY s.value ${page.direction}, s.video_id ${page.direction}
    LIMIT ${page.limit + 1}`;
}
