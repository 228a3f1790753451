/**
 * A page by relevance (`sort=relevance`, the default with `q`): FTS5's matches in the scope,
 * ranked by bm25 (src/db/search-index.ts), as `(doc, sort_value)` then the page's videos.
 */
import { type SQL, sql } from "drizzle-orm";
import { and, type FindScope } from "./find-conditions";
import { ftsMatch, RELEVANCE } from "./search-index";
import type { Keyset } from "./video-find";

/**
 * Ranked on FTS5's document ids alone (ties broken by document, which the cursor carries), and
 * only the page's documents are turned into videos: a common word matches tens of thousands of
 * videos, and joining each to its row would cost more than ranking them. The scope is a range of
 * document numbers FTS5 seeks to (src/db/search-index.ts), so only the scope's matches are
 * scored; the mapping and the video's row are read only for filters that need them. FTS5's
 * auxiliary functions only run in the query that holds MATCH, hence the nesting.
 */
export function relevanceSql(
  scope: FindScope,
  terms: readonly string[],
  rows: SQL[],
  ids: (id: SQL) => SQL[],
  page: Keyset,
): SQL {
  const byId = ids(sql`d.video_id`);
  const joins = [
    ...(byId.length || rows.length ? [sql`CROSS JOIN video_search_docs d ON d.doc = videos_fts.rowid`] : []),
    ...(rows.length ? [sql`CROSS JOIN videos v ON v.id = d.video_id`] : []),
  ];
  const keyset = page.after
    ? sql`WHERE (sort_value, doc) ${page.beyond} (${page.after.key}, ${Number(page.after.tieBreak)})`
    : sql``;
  return sql`SELECT w.*, page.sort_value, page.doc AS tie_break FROM (
      SELECT doc, sort_value FROM (
        SELECT videos_fts.rowid AS doc, ${RELEVANCE} AS sort_value
        FROM videos_fts ${sql.join(joins, sql` `)}
        WHERE ${ftsMatch(terms, scope)} AND ${and([...rows, ...byId])}
        LIMIT -1
      ) ${keyset}
      ORDER BY sort_value ${page.direction}, doc ${page.direction}
      LIMIT ${page.limit}
    ) AS page
    CROSS JOIN video_search_docs pd ON pd.doc = page.doc
    CROSS JOIN videos w ON w.id = pd.video_id
    ORDER BY page.sort_value ${page.direction}, page.doc ${page.direction}`;
}
