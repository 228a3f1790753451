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

/**
 * The scope as conditions on a search document number (`doc`, e.g. `videos_fts.rowid`): the
 * range from the scope's first block (or region) to its last, which FTS5 seeks to, and each
 * match's own block (or region) among the scope's, for a scope that is more than one range.
 * A document number is block << 20 | n, and a region is block >> 8 (see the migration).
 */
function docScope(scope: FindScope, doc: SQL): SQL {
  if ("listId" in scope) {
    const blocks = sql`FROM search_blocks WHERE list_id = ${scope.listId}`;
    return sql`${doc} BETWEEN (SELECT min(block) << 20 ${blocks}) AND (SELECT ((max(block) + 1) << 20) - 1 ${blocks})
      AND ${doc} >> 20 IN (SELECT block ${blocks})`;
  }
  const regions = sql`FROM search_regions WHERE user_id = ${scope.userId}`;
  return sql`${doc} BETWEEN (SELECT min(region) << 28 ${regions}) AND (SELECT ((max(region) + 1) << 28) - 1 ${regions})
    AND ${doc} >> 28 IN (SELECT region ${regions})`;
}

/** `videos_fts` matches every word, within the scope's documents: for a WHERE beside its MATCH's table. */
export const ftsMatch = (terms: readonly string[], scope: FindScope): SQL =>
  sql`videos_fts MATCH ${ftsQuery(terms)} AND ${docScope(scope, sql`videos_fts.rowid`)}`;
