/**
 * What queries need to know about the search index that `migrations/0004_find_index.sql` and
 * `0012_search_doc_ranges.sql` keep: the "empty" value of `video_field_values`, the FTS5 column
 * weights, how a search's words become an FTS5 query, and how a list or a user is a range of
 * search documents.
 */
import { type SQL, sql } from "drizzle-orm";
import type { FindScope } from "./find-conditions";

/** The value `video_field_values` holds for a field a video has no value for (-Infinity). */
export const EMPTY_VALUE = sql.raw("-9e999");

/** bm25 weights, in column order: title, description, channel, tags, chapters, fields. */
export const RELEVANCE = sql.raw("-bm25(videos_fts, 8.0, 1.0, 3.0, 4.0, 2.0, 4.0)");

/**
 * Every word as a prefix, all required. Words come from `searchTerms` (letters, digits and
 * marks only) and are quoted, so nothing a user types is read as FTS5 syntax.
 */
function ftsQuery(terms: readonly string[]): string {
  return terms.map((term) => `"${term.replaceAll('"', '""')}"*`).join(" AND ");
}

/** A range of search document numbers, both ends included (SQL expressions). */
export interface DocRange {
  from: SQL;
  to: SQL;
}

/**
 * The scope's range: from its first block (or region) to its last. A document number is
 * block << 20 | n, and a region is block >> 8 (see the migration).
 */
export function scopeRange(scope: FindScope): DocRange {
  if ("listId" in scope) {
    const blocks = sql`FROM search_blocks WHERE list_id = ${scope.listId}`;
    return { from: sql`(SELECT min(block) << 20 ${blocks})`, to: sql`(SELECT ((max(block) + 1) << 20) - 1 ${blocks})` };
  }
  const regions = sql`FROM search_regions WHERE user_id = ${scope.userId}`;
  return {
    from: sql`(SELECT min(region) << 28 ${regions})`,
    to: sql`(SELECT ((max(region) + 1) << 28) - 1 ${regions})`,
  };
}

/**
 * The scope as conditions on a search document number (`doc`, e.g. `videos_fts.rowid`): a range
 * within the scope's, which FTS5 seeks to, and each match's own block (or region) among the
 * scope's, for a scope that is more than one range.
 */
function docScope(scope: FindScope, range: DocRange, doc: SQL): SQL {
  const inRange = sql`${doc} BETWEEN ${range.from} AND ${range.to}`;
  if ("listId" in scope)
    return sql`${inRange} AND ${doc} >> 20 IN (SELECT block FROM search_blocks WHERE list_id = ${scope.listId})`;
  return sql`${inRange} AND ${doc} >> 28 IN (SELECT region FROM search_regions WHERE user_id = ${scope.userId})`;
}

/**
 * `videos_fts` matches every word, within the scope's documents (or the part of them `range`
 * names): for a WHERE beside its MATCH's table.
 */
export const ftsMatch = (terms: readonly string[], scope: FindScope, range: DocRange = scopeRange(scope)): SQL =>
  sql`videos_fts MATCH ${ftsQuery(terms)} AND ${docScope(scope, range, sql`videos_fts.rowid`)}`;

/**
 * The `n`-th newest match in the scope (the `n`-th highest document number): FTS5 walks its
 * doclists backwards from the scope's end and stops there. NULL when there are fewer matches.
 */
export const nthNewestMatch = (terms: readonly string[], scope: FindScope, n: number): SQL =>
  sql`SELECT videos_fts.rowid FROM videos_fts WHERE ${ftsMatch(terms, scope)}
    ORDER BY videos_fts.rowid DESC LIMIT 1 OFFSET ${n - 1}`;
