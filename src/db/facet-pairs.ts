/**
 * Facets under one field filter, read from the pair counts the triggers keep
 * (`list_facet_pairs`, migrations/0011_facet_pairs.sql): for every two facet values, how many
 * videos of the list hold both. A selection by one value (or several values of a field that holds
 * one value per video, or "empty") is then counted by reading that value's pairs, whatever its
 * size, instead of probing every selected video. Exact only where a video matches through one
 * value at most; `pairable` says when that holds, and facets.ts counts the rest video by video.
 */
import { type SQL, sql } from "drizzle-orm";
import type { FieldFilter } from "../domain/video-query";
import type { Field } from "../shared/schemas/fields";
import { type Db, prepare } from "./client";
import type { Counted } from "./facets";
import { filterRows, valueTest } from "./find-conditions";
import { narrowestFilter } from "./find-driver";
import { EMPTY_VALUE } from "./search-index";

type Row = Record<string, unknown>;

/**
 * True when every selected video matches the filter through exactly one of its value rows, so the
 * pairs of the filter's values add up to the selection's counts: any values of an enum or boolean
 * (one value per video), one tag, or "empty" of a field whose empty rows are paired.
 */
export function pairable(filter: FieldFilter): boolean {
  const { type } = filter.field;
  if (filter.kind === "anyOf")
    return type === "enum" || type === "boolean" || (type === "tags" && filter.values.length === 1);
  if (filter.kind === "empty") return filter.empty && type !== "text";
  return false;
}

/**
 * The facets of the videos `filter` selects (a `pairable` one), in one statement after the
 * estimate: the filter's own values from `list_facet_counts`, every other count from the pairs
 * of those values, and each number field's smallest and largest value from its index.
 */
export async function countFromPairs(
  db: Db,
  listId: string,
  filter: FieldFilter,
  valueKeys: Field[],
  numberKeys: Field[],
): Promise<Counted> {
  const estimate = await narrowestFilter(db, listId, [filter]);
  // A broad selection meets a match within a few index rows of either end of a number's index
  // (about total / estimate rows); a narrow one is cheaper to read whole (estimate rows).
  const walk = estimate ? estimate.estimate * estimate.estimate >= estimate.total : true;
  const facet = `field:${filter.field.key}`;
  const own = sql`SELECT c.facet, c.value, c.n FROM list_facet_counts c
    WHERE c.list_id = ${listId} AND c.facet = ${facet} AND ${valueTest(filter, "c")}`;
  // The second side names its index: the primary key is covering and the index is not (it
  // lacks `n`), so SQLite would rather scan the list's every pair by the key's first column.
  const { results } = await prepare(
    db,
    sql`SELECT 'pair' AS kind, x.facet, x.value, sum(x.n) AS n, l.label AS title FROM (
          SELECT p.facet2 AS facet, p.value2 AS value, p.n FROM list_facet_pairs p
            WHERE p.list_id = ${listId} AND p.facet = ${facet} AND ${valueTest(filter, "p")} AND p.n > 0
          UNION ALL
          SELECT p.facet, p.value, p.n FROM list_facet_pairs p INDEXED BY list_facet_pairs_second
            WHERE p.list_id = ${listId} AND p.facet2 = ${facet} AND ${valueTest(filter, "p", "value2")} AND p.n > 0
          UNION ALL ${own}
        ) AS x
        LEFT JOIN list_facet_counts l ON x.facet = 'channel' AND l.list_id = ${listId} AND l.facet = 'channel' AND l.value = x.value
        GROUP BY x.facet, x.value
${sql.join(numberKeys.filter((field) => !(filter.kind === "empty" && field.key === filter.field.key)).map((field) => rangeOf(listId, filter, field.key, walk)))}`,
  ).all<Row>();

  const statuses: Row[] = [];
  const channels: Row[] = [];
  const values: Row[] = [];
  const empties = new Map<unknown, number>();
  const numbers = new Set(numberKeys.map((field) => `field:${field.key}`));
  const counted = new Set(valueKeys.map((field) => `field:${field.key}`));
  for (const row of results) {
    if (row.kind !== "pair") continue;
    const n = Number(row.n);
    if (row.facet === "status") statuses.push({ status: row.value, n });
    else if (row.facet === "channel") channels.push({ id: row.value, title: row.title, n });
    else if (counted.has(row.facet as string)) values.push({ key: String(row.facet).slice(6), value: row.value, n });
    else if (numbers.has(row.facet as string) && row.value === null) empties.set(String(row.facet).slice(6), n);
  }
  const ranges: Row[] = numberKeys.map((field) => {
    const range = results.find((row) => row.kind === "range" && row.facet === field.key);
    return { key: field.key, lo: range?.value ?? null, hi: range?.title ?? null, empty: empties.get(field.key) ?? 0 };
  });
  return { statuses, channels, values, ranges };
}

/**
 * A number field's smallest and largest value among the selected videos (value in `value`,
 * largest in `title`): by walking the field's index from either end until a video matches, or by
 * reading the value of each video the filter's own index rows name.
 */
function rangeOf(listId: string, filter: FieldFilter, key: string, walk: boolean): SQL {
  if (!walk) {
    return sql`
      UNION ALL
      SELECT 'range', ${key}, min(CASE WHEN s.value > ${EMPTY_VALUE} THEN s.value END), NULL,
          max(CASE WHEN s.value > ${EMPTY_VALUE} THEN s.value END)
        FROM (${filterRows(listId, filter)}) AS c CROSS JOIN video_field_values s ON s.video_id = c.id AND s.key = ${key}`;
  }
  const matches = sql`EXISTS (SELECT 1 FROM video_field_values f
    WHERE f.video_id = s.video_id AND f.key = ${filter.field.key} AND ${valueTest(filter, "f")})`;
  const end = (direction: SQL) => sql`(SELECT s.value FROM video_field_values s
    WHERE s.list_id = ${listId} AND s.key = ${key} AND s.value > ${EMPTY_VALUE} AND ${matches}
    ORDER BY s.value ${direction} LIMIT 1)`;
  return sql`
      UNION ALL
      SELECT 'range', ${key}, ${end(sql.raw("ASC"))}, NULL, ${end(sql.raw("DESC"))}`;
}
