/**
 * Facets under one field filter, read from the pair counts the triggers keep
 * (`list_facet_pairs`, migrations/0011_facet_pairs.sql): for every two facet values of which one
 * is not empty, how many videos of the list hold both. A selection by one value (or several
 * values of a field that holds one value per video) is then counted by reading that value's
 * pairs, whatever its size, instead of probing every selected video; the "empty" of such a field
 * is the whole list less all of its values. Exact only where a video matches through one value
 * at most; `pairable` says when that holds, and facets.ts counts the rest video by video.
 *
 * Status is not paired (it changes three times per processed video): the videos that are not
 * completed are probed one by one against the filter when they are fewer than the selection,
 * and the rest of the selection is completed; otherwise the selection's own rows are read.
 */
import { type SQL, sql } from "drizzle-orm";
import type { FieldFilter } from "../domain/video-query";
import { VIDEO_STATUSES } from "../shared/constants";
import type { Field } from "../shared/schemas/fields";
import { type Db, prepare } from "./client";
import type { Counted } from "./facets";
import { filterRows, holdsValue, valueTest } from "./find-conditions";
import { estimateSql, totalSql } from "./find-driver";
import { EMPTY_VALUE } from "./search-index";

type Row = Record<string, unknown>;

const UNFINISHED = JSON.stringify(VIDEO_STATUSES.filter((status) => status !== "completed"));
const singleValued = (field: Field) => field.type === "enum" || field.type === "boolean";

/**
 * True when the selection's counts follow from pairs: any values of an enum or boolean (one
 * value per video) or one tag, whose pairs add up to the selection's counts, or "empty" of an
 * enum or boolean, the whole list less the pairs of all the field's values.
 */
export function pairable(filter: FieldFilter): boolean {
  if (filter.kind === "anyOf")
    return singleValued(filter.field) || (filter.field.type === "tags" && filter.values.length === 1);
  if (filter.kind === "empty") return filter.empty && singleValued(filter.field);
  return false;
}

/**
 * The facets of the videos `filter` selects (a `pairable` one), in one statement after one
 * read of the sizes: the filter's own values from `list_facet_counts`, every other value and channel
 * from the pairs of those values, statuses by probing, and each number field's smallest and
 * largest value from its index.
 */
export async function countFromPairs(
  db: Db,
  listId: string,
  filter: FieldFilter,
  valueKeys: Field[],
  numberKeys: Field[],
): Promise<Counted> {
  // The list's size, the selection's (exact for a pairable filter) and how many are unfinished.
  const sizes = await prepare(
    db,
    sql`SELECT (${totalSql(listId)}) AS total, (${estimateSql(listId, filter)}) AS selected,
        (SELECT coalesce(sum(n), 0) FROM list_facet_counts
          WHERE list_id = ${listId} AND facet = 'status' AND value IN (SELECT value FROM json_each(${UNFINISHED}))) AS unfinished`,
  ).first<{ total: number; selected: number; unfinished: number }>();
  const total = Number(sizes?.total ?? 0);
  const selected = Number(sizes?.selected ?? 0);
  // A broad selection meets a match within a few index rows of either end of a number's index
  // (about total / selected rows); a narrow one is cheaper to read whole (selected rows).
  const walk = selected * selected >= total;
  const probeUnfinished = Number(sizes?.unfinished ?? 0) <= selected;
  const facet = `field:${filter.field.key}`;
  const own = sql`SELECT c.facet, c.value, c.n FROM list_facet_counts c
    WHERE c.list_id = ${listId} AND c.facet = ${facet} AND ${valueTest(filter, "c")}`;
  // Values are shown as the whole list's counts spell them (a pair's text keeps the case it was
  // first counted in), and channels with their latest title.
  const { results } = await prepare(
    db,
    sql`SELECT 'pair' AS kind, x.facet, coalesce(l.value, x.value) AS value, sum(x.n) AS n, l.label AS title FROM (
          ${filter.kind === "empty" ? complement(listId, facet, valueKeys, numberKeys) : pairsOf(listId, filter, facet)}
          UNION ALL ${own}
        ) AS x
        LEFT JOIN list_facet_counts l ON l.list_id = ${listId} AND l.facet = x.facet AND l.value = x.value
        GROUP BY x.facet, x.value
      UNION ALL ${statusesOf(listId, filter, probeUnfinished)}
${sql.join(numberKeys.map((field) => rangeOf(listId, filter, field.key, walk)))}`,
  ).all<Row>();

  const statuses: Row[] = [];
  const channels: Row[] = [];
  const values: Row[] = [];
  const empties = new Map<unknown, number>();
  const numbers = new Set(numberKeys.map((field) => `field:${field.key}`));
  const counted = new Set(valueKeys.map((field) => `field:${field.key}`));
  let unfinishedSelected = 0;
  for (const row of results) {
    const n = Number(row.n);
    if (row.kind === "status") {
      statuses.push({ status: row.value, n });
      unfinishedSelected += n;
    }
    if (row.kind !== "pair" || n <= 0) continue;
    if (row.facet === "channel") channels.push({ id: row.value, title: row.title, n });
    else if (counted.has(row.facet as string)) values.push({ key: String(row.facet).slice(6), value: row.value, n });
    else if (numbers.has(row.facet as string) && row.value === null) empties.set(String(row.facet).slice(6), n);
  }
  // Probed: the selection's videos that are not completed; every other selected video is.
  if (probeUnfinished) statuses.push({ status: "completed", n: selected - unfinishedSelected });
  const ranges: Row[] = numberKeys.map((field) => {
    const range = results.find((row) => row.kind === "range" && row.facet === field.key);
    return { key: field.key, lo: range?.value ?? null, hi: range?.title ?? null, empty: empties.get(field.key) ?? 0 };
  });
  return { statuses, channels, values, ranges };
}

/** The pairs of the filter's values, from both sides: `(facet, value, n)` of the other value. */
function pairsOf(listId: string, filter: FieldFilter, facet: string): SQL {
  // The second side names its index: the primary key is covering and the index is not (it
  // lacks `n`), so SQLite would rather scan the list's every pair by the key's first column.
  return sql`SELECT p.facet2 AS facet, p.value2 AS value, p.n FROM list_facet_pairs p
            WHERE p.list_id = ${listId} AND p.facet = ${facet} AND ${valueTest(filter, "p")} AND p.n > 0
          UNION ALL
          SELECT p.facet, p.value, p.n FROM list_facet_pairs p INDEXED BY list_facet_pairs_second
            WHERE p.list_id = ${listId} AND p.facet2 = ${facet} AND ${valueTest(filter, "p", "value2")} AND p.n > 0`;
}

/**
 * For "empty" of a one-value field: the whole list's counts of every other facet value, less the
 * pairs of all the field's (non-empty) values. Two empties are never paired, so only this
 * subtraction gives an empty's count under another empty.
 */
function complement(listId: string, facet: string, valueKeys: Field[], numberKeys: Field[]): SQL {
  const others = (fields: Field[]) =>
    JSON.stringify(fields.map((field) => `field:${field.key}`).filter((name) => name !== facet));
  return sql`SELECT c.facet, c.value, c.n FROM list_facet_counts c
            WHERE c.list_id = ${listId} AND (c.facet = 'channel'
              OR c.facet IN (SELECT value FROM json_each(${others(valueKeys)}))
              OR (c.facet IN (SELECT value FROM json_each(${others(numberKeys)})) AND c.value = ${EMPTY_VALUE}))
          UNION ALL
          SELECT p.facet2, p.value2, -p.n FROM list_facet_pairs p
            WHERE p.list_id = ${listId} AND p.facet = ${facet} AND p.value > ${EMPTY_VALUE} AND p.facet2 != ${facet} AND p.n > 0
          UNION ALL
          SELECT p.facet, p.value, -p.n FROM list_facet_pairs p INDEXED BY list_facet_pairs_second
            WHERE p.list_id = ${listId} AND p.facet2 = ${facet} AND p.value2 > ${EMPTY_VALUE} AND p.facet != ${facet} AND p.n > 0`;
}

/**
 * `('status', status, n)` rows: the unfinished videos (through `videos(list_id, status)`), each
 * probed against the filter, or every status of the selection's own rows.
 */
function statusesOf(listId: string, filter: FieldFilter, probeUnfinished: boolean): SQL {
  if (probeUnfinished) {
    return sql`SELECT 'status', NULL, v.status, count(*), NULL FROM videos v
      WHERE v.list_id = ${listId} AND v.status IN (SELECT value FROM json_each(${UNFINISHED}))
        AND ${holdsValue(filter, sql`v.id`)}
      GROUP BY v.status`;
  }
  return sql`SELECT 'status', NULL, v.status, count(*), NULL
      FROM (${filterRows(listId, filter)}) AS c CROSS JOIN videos v ON v.id = c.id GROUP BY v.status`;
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
  const matches = holdsValue(filter, sql`s.video_id`);
  const end = (direction: SQL) => sql`(SELECT s.value FROM video_field_values s
    WHERE s.list_id = ${listId} AND s.key = ${key} AND s.value > ${EMPTY_VALUE} AND ${matches}
    ORDER BY s.value ${direction} LIMIT 1)`;
  return sql`
      UNION ALL
      SELECT 'range', ${key}, ${end(sql.raw("ASC"))}, NULL, ${end(sql.raw("DESC"))}`;
}
