/**
 * Finding videos: a list's videos under the query string of the videos route, its facets, and
 * search across every list of a user. Queries are read once (src/domain/video-query.ts), run in
 * D1 (src/db/video-find.ts, src/db/facets.ts), and each hit of a search gets its `match`.
 */

import type { Db } from "../db/client";
import { facetCounts } from "../db/facets";
import { pageDriver, relevanceDriver } from "../db/find-driver";
import { fieldsOfLists } from "../db/lists";
import type { ListRow } from "../db/schema";
import { type FoundRow, findPage } from "../db/video-find";
import { toVideo } from "../db/videos";
import { processedVersionFor } from "../domain/pipeline-version";
import { bestMatch, searchTerms } from "../domain/search-match";
import { NO_FILTER, type ParsedVideoQuery, type Problem, parseVideoQuery } from "../domain/video-query";
import { ApiError } from "../errors";
import { type Cursor, decodeCursor, pageFrom } from "../lib/cursor";
import type { Facets } from "../shared/schemas/facets";
import type { SearchHit, VideoHit } from "../shared/schemas/search";

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Problems in a request's query string: 400, each problem with the parameter it is about. */
export const badQuery = (problems: Problem[]) =>
  new ApiError("bad_request", `Invalid query parameter ${problems[0]?.path}: ${problems[0]?.message}`, problems);

export function readQuery(list: ListRow, params: URLSearchParams): ParsedVideoQuery {
  const parsed = parseVideoQuery(params, list.fields);
  if (!parsed.ok) throw badQuery(parsed.problems);
  return parsed.query;
}

/** The name a cursor carries, so a cursor from one sort is never read as another's. */
function sortSignature(query: Pick<ParsedVideoQuery, "sort" | "order">): string {
  const { sort } = query;
  const name = sort.kind === "column" ? sort.column : sort.kind === "field" ? `field.${sort.field.key}` : "relevance";
  return `${name}:${query.order}`;
}

function nextPage(rows: FoundRow[], limit: number, signature: string) {
  return pageFrom(rows, limit, ({ sortValue, tieBreak }): Cursor => ({ k: sortValue, id: tieBreak, s: signature }));
}

/** A cursor of the query's sort; a relevance cursor's tie-break is a search document number. */
function readCursor(text: string | undefined, query: Pick<ParsedVideoQuery, "sort" | "order">): Cursor | null {
  const after = decodeCursor(text, sortSignature(query));
  // Document numbers stay below 2^53 (migrations/0012_search_doc_ranges.sql).
  if (
    after &&
    query.sort.kind === "relevance" &&
    !(/^\d{1,16}$/.test(after.id) && Number.isSafeInteger(Number(after.id)))
  )
    throw new ApiError("bad_request", "The cursor is not valid; start again without one");
  return after;
}

export async function findVideos(db: Db, list: ListRow, params: URLSearchParams): Promise<Page<VideoHit>> {
  const query = readQuery(list, params);
  const signature = sortSignature(query);
  const after = readCursor(query.cursor, query);
  const terms = query.filter.q ? searchTerms(query.filter.q) : null;
  // A search with no word in it (only punctuation) matches nothing.
  if (terms?.length === 0) return { items: [], nextCursor: null };
  const currentVersion = query.filter.needsRerun === null ? null : await processedVersionFor(list.fields);
  // Relevance checks filters before or after ranking; other sorts may start from a narrow filter's rows.
  const driver =
    query.sort.kind === "relevance"
      ? await relevanceDriver(db, list.id, query.filter, currentVersion)
      : await pageDriver(db, list.id, query.filter.fields, query.limit + 1);
  const rows = await findPage(db, { listId: list.id }, query, terms, currentVersion, after, driver);
  const { items, nextCursor } = nextPage(rows, query.limit, signature);
  return {
    items: items.map(({ row }) => {
      const video = toVideo(row, list.fields);
      return terms ? { ...video, match: bestMatch(video, list.fields, terms) } : video;
    }),
    nextCursor,
  };
}

export async function videoFacets(db: Db, list: ListRow, params: URLSearchParams): Promise<Facets> {
  const { filter } = readQuery(list, params);
  const terms = filter.q ? searchTerms(filter.q) : null;
  const currentVersion = filter.needsRerun === null ? null : await processedVersionFor(list.fields);
  return facetCounts(db, list, filter, terms, currentVersion);
}

/** Relevance-ranked search over every list of the user; each hit says where it matched. */
export async function searchVideos(
  db: Db,
  userId: string,
  request: { q: string; limit: number; cursor?: string },
): Promise<Page<SearchHit>> {
  const query = {
    filter: { ...NO_FILTER, q: request.q },
    sort: { kind: "relevance" },
    order: "desc",
    limit: request.limit,
  } as const;
  const signature = sortSignature(query);
  const after = readCursor(request.cursor, query);
  const terms = searchTerms(request.q);
  if (terms.length === 0) return { items: [], nextCursor: null };
  const rows = await findPage(db, { userId }, query, terms, null, after);
  const { items, nextCursor } = nextPage(rows, request.limit, signature);
  const fieldsOf = await fieldsOfLists(db, userId, [...new Set(items.map(({ row }) => row.listId))]);
  return {
    items: items.map(({ row }) => {
      const fields = fieldsOf.get(row.listId) ?? [];
      const video = toVideo(row, fields);
      return { ...video, match: bestMatch(video, fields, terms) };
    }),
    nextCursor,
  };
}
