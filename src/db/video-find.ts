/**
 * A page of found videos in D1: a parsed query (src/domain/video-query.ts) as SQL over `videos`,
 * the field-value index and the FTS5 table. Every page is two steps: pick the page's ids (and
 * sort keys) from indexes alone, reading a video's row only where a condition needs its columns,
 * then read the page's rows whole. The ids come from one of three walks:
 *   - the sort's index from the cursor on (column sorts on `videos`, field sorts on
 *     `video_field_values`, where every video has a row per field and "empty" sorts lowest),
 *     checking filters along the way, so a page costs about `limit / selectivity` index rows;
 *   - a narrow field filter's own index rows, sorted (when src/db/find-driver.ts says so), so a
 *     page costs that filter's rows however the page is sorted;
 *   - relevance: FTS5's matches ranked by bm25 on their document ids alone (src/db/relevance-page.ts).
 */
import { type SQL, sql } from "drizzle-orm";
import type { ParsedVideoQuery, VideoOrder } from "../domain/video-query";
import type { Cursor } from "../lib/cursor";
import type { VideoSort } from "../shared/constants";
import { type Db, prepare } from "./client";
import { and, type FindScope, filterRows, idConditions, rowConditions, scopeCondition } from "./find-conditions";
import { BY_SORT, type Driver } from "./find-driver";
import { RANKED_MATCHES, relevanceSql } from "./relevance-page";
import type { VideoRow } from "./schema";
import { EMPTY_VALUE } from "./search-index";
import { videoFromSql } from "./videos";

export type { FindScope } from "./find-conditions";

export interface FoundRow {
  row: VideoRow;
  /** The row's sort key, for the next cursor; null for "empty". */
  sortValue: string | number | null;
  /** What breaks ties between equal sort keys, for the next cursor: the video id, or for relevance its search document. */
  tieBreak: string;
}

type PageQuery = Pick<ParsedVideoQuery, "filter" | "sort" | "order" | "limit">;

/**
 * Column sort keys as total orders: NULL metadata (unprocessed videos) sorts as the lowest value,
 * so keyset comparisons never meet a NULL. Titles compare without case, as people read them.
 * Spelled exactly as the indexes of `migrations/0005_find_sort_indexes.sql`.
 */
const COLUMN_KEYS: Record<VideoSort, SQL> = {
  createdAt: sql.raw("v.created_at"),
  title: sql.raw("coalesce(v.title, '') COLLATE NOCASE"),
  publishedAt: sql.raw("coalesce(v.published_at, '')"),
  durationSeconds: sql.raw("coalesce(v.duration_seconds, -1)"),
  viewCount: sql.raw("coalesce(v.view_count, -1)"),
};

/**
 * A page of `limit + 1` rows after the cursor, in the query's order. `driver` is where a sort by
 * anything but relevance starts; `rankedMatches` how many of a search's newest matches relevance
 * ranks (src/db/relevance-page.ts).
 */
export async function findPage(
  db: Db,
  scope: FindScope,
  query: PageQuery,
  terms: readonly string[] | null,
  currentVersion: string | null,
  after: Cursor | null,
  driver: Driver = BY_SORT,
  rankedMatches: number = RANKED_MATCHES,
): Promise<FoundRow[]> {
  const statement = pageSql(scope, query, terms, currentVersion, after, driver, rankedMatches);
  const { results } = await prepare(db, statement).all<Record<string, unknown>>();
  return results.map(({ sort_value, tie_break, ...raw }) => ({
    row: videoFromSql(raw),
    sortValue: (sort_value as string | number | null) ?? null,
    tieBreak: String(tie_break),
  }));
}

export interface Keyset {
  order: "asc" | "desc";
  direction: SQL;
  beyond: SQL;
  /** The cursor's sort key (as SQL and as sent) and tie-break, or null on the first page. */
  after: { key: SQL; value: Cursor["k"]; tieBreak: string } | null;
  limit: number;
}

export function pageSql(
  scope: FindScope,
  query: PageQuery,
  terms: readonly string[] | null,
  currentVersion: string | null,
  after: Cursor | null,
  driver: Driver = BY_SORT,
  rankedMatches: number = RANKED_MATCHES,
): SQL {
  const { sort, order, limit, filter } = query;
  const keyset: Keyset = {
    order,
    direction: sql.raw(order === "desc" ? "DESC" : "ASC"),
    beyond: sql.raw(order === "desc" ? "<" : ">"),
    after: after ? { key: after.k === null ? EMPTY_VALUE : sql`${after.k}`, value: after.k, tieBreak: after.id } : null,
    limit: limit + 1,
  };
  const rows = rowConditions(filter, currentVersion);
  if (sort.kind === "relevance") {
    const ids = (id: SQL) => idConditions(scope, filter, null, id);
    return relevanceSql(scope, terms ?? [], rows, ids, keyset, rankedMatches, driver);
  }
  const skip = driver.kind === "filter" ? driver.filter : undefined;
  const ids = (id: SQL) => idConditions(scope, filter, terms, id, skip);
  const start = driver.kind === "filter" && "listId" in scope ? filterRows(scope.listId, driver.filter) : null;
  const picked =
    sort.kind === "field"
      ? fieldSortIds(scope, sort, start, rows, ids, keyset)
      : columnSortIds(scope, COLUMN_KEYS[sort.column], start, rows, ids, keyset);
  return sql`SELECT w.*, page.sort_value, page.id AS tie_break
    FROM (${picked}) AS page CROSS JOIN videos w ON w.id = page.id
    ORDER BY page.sort_value ${keyset.direction}, page.id ${keyset.direction}`;
}

/**
 * `(id, sort_value)` of the page by a column of `videos`: from the sort's index (which holds the
 * id), or from the starting filter's rows, sorted.
 */
function columnSortIds(
  scope: FindScope,
  key: SQL,
  start: SQL | null,
  rows: SQL[],
  ids: (id: SQL) => SQL[],
  page: Keyset,
): SQL {
  // From a filter's rows, the id conditions are written on `c.id`, so SQLite checks them before
  // it reads the video's row (it checks a condition as soon as the tables it names are read).
  const conditions = [...rows, ...ids(start ? sql`c.id` : sql`v.id`)];
  if (page.after) conditions.push(sql`(${key}, v.id) ${page.beyond} (${page.after.key}, ${page.after.tieBreak})`);
  const from = start ? sql`(${start}) AS c CROSS JOIN videos v ON v.id = c.id` : sql`videos v`;
  if (!start) conditions.unshift(scopeCondition(scope));
  return sql`SELECT v.id AS id, ${key} AS sort_value FROM ${from}
    WHERE ${and(conditions)}
    ORDER BY ${key} ${page.direction}, v.id ${page.direction}
    LIMIT ${page.limit}`;
}

/**
 * `(id, sort_value)` of the page by a field: the field's index rows in order (CROSS JOIN keeps
 * SQLite from reordering), so a page costs its own rows however deep; or the starting filter's
 * videos, each joined to its row of the field, sorted. A tags field sorts by each video's first
 * tag (A→Z), and only that row of the video is read. The video's row is read only when a
 * condition needs its columns.
 */
function fieldSortIds(
  scope: FindScope,
  sort: Extract<VideoOrder, { kind: "field" }>,
  start: SQL | null,
  rows: SQL[],
  ids: (id: SQL) => SQL[],
  page: Keyset,
): SQL {
  const listId = "listId" in scope ? scope.listId : "";
  const conditions: SQL[] = [];
  if (sort.field.type === "tags") {
    conditions.push(
      sql`NOT EXISTS (SELECT 1 FROM video_field_values x WHERE x.video_id = s.video_id AND x.key = s.key AND x.value < s.value)`,
    );
  }
  if (page.after) {
    conditions.push(sql`(s.value, s.video_id) ${page.beyond} (${page.after.key}, ${page.after.tieBreak})`);
  }
  conditions.push(...rows, ...ids(sql`s.video_id`));
  const rowJoin = rows.length ? sql`CROSS JOIN videos v ON v.id = s.video_id` : sql``;
  const from = start
    ? sql`(${start}) AS c CROSS JOIN video_field_values s ON s.video_id = c.id AND s.key = ${sort.field.key} ${rowJoin}`
    : sql`video_field_values s ${rowJoin}`;
  if (!start) conditions.unshift(sql`s.list_id = ${listId} AND s.key = ${sort.field.key}`);
  return sql`SELECT s.video_id AS id, s.value AS sort_value FROM ${from}
    WHERE ${and(conditions)}
    ORDER BY s.value ${page.direction}, s.video_id ${page.direction}
    LIMIT ${page.limit}`;
}
