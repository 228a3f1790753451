/**
 * A page by relevance (`sort=relevance`, the default with `q`): FTS5's matches in the scope,
 * ranked by bm25 (src/db/search-index.ts), as `(doc, sort_value)` then the page's videos.
 *
 * Bounded relevance: bm25 scores every match it is asked to rank (a document-size read and the
 * instance list per match) and nothing lets FTS5 stop early, so a word in a third of a
 * 100,000-video list would cost its ~36,000 scores on every page. So a search ranks at most the
 * newest `rankedMatches` matches of its scope (the highest search-document numbers: documents
 * are numbered as videos are first indexed); when there are more, the older matches follow
 * every ranked one, newest first. Below the bound the ranking is bm25 over every match.
 *
 * The cutoff is the `rankedMatches`-th newest match's document, found once per statement (a
 * backwards walk of the doclists that stops there, NULL when there are fewer matches). The
 * ranked part is the matches from the cutoff to the scope's end, scored and sorted; the tail is
 * the matches below the cutoff with sort value 0, read in document order, which FTS5 gives
 * without sorting and stops after a page. A match's -bm25 is > 0, so `(sort_value, doc)` is one
 * total order over both parts (ties by document, which the cursor carries): a cursor with sort
 * value 0 is in the tail, where a page is a seek below (or above) its document.
 *
 * Filters are checked on every ranked match before scoring, or (driver `sort`, for broad
 * filters: src/db/find-driver.ts relevanceDriver) on the ranked order until the page is full;
 * the tail checks them as FTS5 hands its matches over.
 */
import { type SQL, sql } from "drizzle-orm";
import { and, type FindScope } from "./find-conditions";
import type { Driver } from "./find-driver";
import { type DocRange, ftsMatch, nthNewestMatch, RELEVANCE, scopeRange } from "./search-index";
import type { Keyset } from "./video-find";

/**
 * Matches ranked by bm25 at most. Scoring costs ~2.2 µs a match on the bench machine, and the
 * request around it ~15 ms: 10,000 keeps a page of a common word within 50 ms (README "Finding
 * videos" has the measurements).
 */
export const RANKED_MATCHES = 10_000;

/**
 * Ranked on FTS5's document ids alone, and only the page's documents are turned into videos: a
 * common word matches tens of thousands of videos, and joining each to its row would cost more
 * than ranking them. The scope is a range of document numbers FTS5 seeks to, so only the
 * scope's matches are read; the mapping and the video's row are read only for filters that need
 * them. FTS5's auxiliary functions only run in the query that holds MATCH, hence the nesting.
 */
export function relevanceSql(
  scope: FindScope,
  terms: readonly string[],
  rows: SQL[],
  ids: (id: SQL) => SQL[],
  page: Keyset,
  rankedMatches: number,
  driver: Driver,
): SQL {
  const byId = ids(sql`d.video_id`);
  const filterJoins = (doc: SQL) =>
    sql.join(
      [
        ...(byId.length || rows.length ? [sql`CROSS JOIN video_search_docs d ON d.doc = ${doc}`] : []),
        ...(rows.length ? [sql`CROSS JOIN videos v ON v.id = d.video_id`] : []),
      ],
      sql` `,
    );
  const filters = [...rows, ...byId];
  const whole = scopeRange(scope);
  const cutoff = sql`(SELECT doc FROM cutoff)`;
  const descending = page.order === "desc";
  const after = page.after;
  // A cursor in the tail: after every ranked match (desc), or before them all (asc).
  const tailDoc = after?.value === 0 ? Number(after.tieBreak) : null;

  const parts: SQL[] = [];
  if (!(descending && tailDoc !== null)) {
    const ranked: DocRange = { from: sql`coalesce(${cutoff}, ${whole.from})`, to: whole.to };
    const keyset = after
      ? sql`WHERE (sort_value, doc) ${page.beyond} (${after.key}, ${Number(after.tieBreak)})`
      : sql``;
    // Filters checked on every match before the ranking, or on the ranked order until a page is full.
    const checkFirst = filters.length > 0 && driver.kind !== "sort";
    const scored = sql`SELECT doc, sort_value FROM (
        SELECT videos_fts.rowid AS doc, ${RELEVANCE} AS sort_value
        FROM videos_fts ${checkFirst ? filterJoins(sql`videos_fts.rowid`) : sql``}
        WHERE ${ftsMatch(terms, scope, ranked)} ${checkFirst ? sql`AND ${and(filters)}` : sql``}
        LIMIT -1
      ) ${keyset}
      ORDER BY sort_value ${page.direction}, doc ${page.direction}`;
    parts.push(
      filters.length === 0 || checkFirst
        ? sql`${scored} LIMIT ${page.limit}`
        : sql`SELECT r.doc, r.sort_value FROM (${scored} LIMIT -1) AS r ${filterJoins(sql`r.doc`)}
          WHERE ${and(filters)}
          ORDER BY r.sort_value ${page.direction}, r.doc ${page.direction}
          LIMIT ${page.limit}`,
    );
  }
  if (descending || !after || tailDoc !== null) {
    const below = sql`${cutoff} - 1`;
    const tail: DocRange = descending
      ? { from: whole.from, to: tailDoc === null ? below : sql`min(${below}, ${tailDoc - 1})` }
      : { from: tailDoc === null ? whole.from : sql`max(${whole.from}, ${tailDoc + 1})`, to: below };
    const keyset =
      after && tailDoc === null
        ? [sql`(0, videos_fts.rowid) ${page.beyond} (${after.key}, ${Number(after.tieBreak)})`]
        : [];
    // No cutoff (fewer matches than the bound): no tail. Said first, as a condition on no table,
    // so SQLite tests it once before the loop; FTS5 reads a NULL rowid bound as no bound and
    // would otherwise walk every match only for BETWEEN to refuse each.
    parts.push(sql`SELECT videos_fts.rowid AS doc, 0 AS sort_value
      FROM videos_fts ${filterJoins(sql`videos_fts.rowid`)}
      WHERE ${cutoff} IS NOT NULL AND ${ftsMatch(terms, scope, tail)} AND ${and([...filters, ...keyset])}
      ORDER BY videos_fts.rowid ${page.direction}
      LIMIT ${page.limit}`);
  }
  return sql`WITH cutoff(doc) AS MATERIALIZED (SELECT (${nthNewestMatch(terms, scope, rankedMatches)}))
    SELECT w.*, page.sort_value, page.doc AS tie_break FROM (
      ${sql.join(
        parts.map((part) => sql`SELECT * FROM (${part})`),
        sql` UNION ALL `,
      )}
      ORDER BY sort_value ${page.direction}, doc ${page.direction}
      LIMIT ${page.limit}
    ) AS page
    CROSS JOIN video_search_docs pd ON pd.doc = page.doc
    CROSS JOIN videos w ON w.id = pd.video_id
    ORDER BY page.sort_value ${page.direction}, page.doc ${page.direction}`;
}
