/**
 * Where a find query starts. SQLite has no statistics here, so left alone it takes the sort's
 * index (or `list_id = ?`) and checks every filter row by row: cheap for broad filters, where a
 * page fills after a few hundred rows, and ruinous for narrow ones, where a page of 50 at 1 %
 * walks 5,000 videos. The counts the triggers keep (`list_facet_counts`) say how many videos
 * each field filter's own index rows name, in one small read; the query then starts from the
 * narrowest filter's rows when that is cheaper than walking the sort.
 */
import { type SQL, sql } from "drizzle-orm";
import type { FieldFilter, VideoFilter } from "../domain/video-query";
import { type Db, prepare } from "./client";
import { rowConditions, valueTest } from "./find-conditions";
import { EMPTY_VALUE } from "./search-index";

/**
 * The sort's index (stops after a page), or one field filter's index rows (all of them, then a
 * sort). For relevance, whose "index" is the ranking: rank the matches, then check the filters
 * in rank order until the page is full (`sort`), or check them on every match and rank those
 * that pass (`matches`).
 */
export type Driver = { kind: "sort" } | { kind: "filter"; filter: FieldFilter; estimate: number } | { kind: "matches" };

export const BY_SORT: Driver = { kind: "sort" };
export const BY_MATCHES: Driver = { kind: "matches" };

/** Videos of the list a filter's index rows name, at most (a tags video counts once per tag it matches). */
export function estimateSql(listId: string, filter: FieldFilter): SQL {
  const counts = sql`SELECT coalesce(sum(c.n), 0) FROM list_facet_counts c
    WHERE c.list_id = ${listId} AND c.facet = ${`field:${filter.field.key}`}`;
  if (filter.kind !== "empty") return sql`${counts} AND ${valueTest(filter, "c")}`;
  // Every video has at least one row per field, and an empty one exactly one.
  const empty = sql`${counts} AND c.value = ${EMPTY_VALUE}`;
  return filter.empty ? empty : sql`(${totalSql(listId)}) - (${empty})`;
}

/** The list's size: the sum of its status counts. */
export const totalSql = (listId: string) =>
  sql`SELECT coalesce(sum(n), 0) FROM list_facet_counts WHERE list_id = ${listId} AND facet = 'status'`;

/** The list's size and each filter's estimate, in one statement. */
export async function estimateFilters(
  db: Db,
  listId: string,
  filters: readonly FieldFilter[],
): Promise<{ total: number; estimates: number[] }> {
  const columns = [
    sql`(${totalSql(listId)}) AS total`,
    ...filters.map((f, i) => sql`(${estimateSql(listId, f)}) AS ${sql.raw(`e${i}`)}`),
  ];
  const row = await prepare(db, sql`SELECT ${sql.join(columns, sql`, `)}`).first<Record<string, number>>();
  return { total: Number(row?.total ?? 0), estimates: filters.map((_, i) => Number(row?.[`e${i}`] ?? 0)) };
}

/** The narrowest field filter and its estimate, or null without field filters. */
export async function narrowestFilter(
  db: Db,
  listId: string,
  filters: readonly FieldFilter[],
): Promise<{ filter: FieldFilter; estimate: number; total: number } | null> {
  if (filters.length === 0) return null;
  const { total, estimates } = await estimateFilters(db, listId, filters);
  let best = 0;
  for (let i = 1; i < filters.length; i++) if ((estimates[i] ?? 0) < (estimates[best] ?? 0)) best = i;
  return { filter: filters[best] as FieldFilter, estimate: estimates[best] ?? 0, total };
}

/**
 * For a page of `rows` rows: walking the sort visits about `rows × total / matches` videos, and
 * matches are at most the narrowest filter's `estimate`; starting from that filter visits its
 * `estimate` rows and sorts them. So the filter drives when `estimate² ≤ rows × total`.
 */
export async function pageDriver(
  db: Db,
  listId: string,
  filters: readonly FieldFilter[],
  rows: number,
): Promise<Driver> {
  const narrowest = await narrowestFilter(db, listId, filters);
  if (!narrowest) return BY_SORT;
  const { filter, estimate, total } = narrowest;
  return estimate * estimate <= rows * total ? { kind: "filter", filter, estimate } : BY_SORT;
}

/**
 * For relevance, with filters. Checking them in rank order costs the ranking of every match
 * (a score and its share of a sort, ~3 µs) and a page's worth of probes, out of document
 * order (each ~10× a probe in document order, which misses SQLite's cache); checking them on
 * every match first costs a probe per match (~4 µs, in document order) and scores only those
 * that pass. Measured on the bench's list (node:sqlite, README "Finding videos"), ranking first
 * wins from about a quarter of the list on and loses 2× at 1.5 %; row filters (status, channel,
 * dates) have no count to judge by, so they keep the matches first.
 */
export async function relevanceDriver(
  db: Db,
  listId: string,
  filter: VideoFilter,
  currentVersion: string | null,
): Promise<Driver> {
  if (rowConditions(filter, currentVersion).length) return BY_MATCHES;
  const narrowest = await narrowestFilter(db, listId, filter.fields);
  if (!narrowest) return BY_SORT;
  return narrowest.estimate * 4 >= narrowest.total ? BY_SORT : BY_MATCHES;
}
