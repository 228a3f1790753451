/**
 * Facet counts over the videos a filter selects, in one or two D1 round trips: statuses,
 * channels, value counts of enum/boolean/tags fields and the range of number fields. A whole list
 * is read from the counts its triggers keep (`list_facet_counts`) and the ends of its number
 * indexes; a selection by one field value (or an enum/boolean's "empty"), however large, from the
 * pair counts of those values and a probe of the unfinished videos (src/db/facet-pairs.ts); any
 * other selection from the field-value index (every video has a row per field, so "empty" is
 * counted like any value), at a cost that follows the selection's size.
 */
import { type SQL, sql } from "drizzle-orm";
import type { VideoFilter } from "../domain/video-query";
import { LIMITS, VIDEO_STATUSES, type VideoStatus } from "../shared/constants";
import type { Facets, NumberFacet, ValueFacet } from "../shared/schemas/facets";
import type { Field } from "../shared/schemas/fields";
import { type Db, prepare } from "./client";
import { countFromPairs, pairable } from "./facet-pairs";
import { filterRows, idConditions, rowConditions, scopeCondition, selectsAll, textMatches } from "./find-conditions";
import { narrowestFilter } from "./find-driver";
import { EMPTY_VALUE } from "./search-index";

type Row = Record<string, unknown>;
/** What the statements answer, whichever way they counted. */
export interface Counted {
  statuses: Row[]; // {status, n}
  channels: Row[]; // {id, title, n}; the whole list's most first, at most 50
  values: Row[]; // {key, value, n}; value null is "empty" (-Infinity reaches JavaScript as null)
  ranges: Row[]; // {key, lo, hi, empty}
}

/** The facets of the list's videos that the filter (and the words of `q`) select. */
export async function facetCounts(
  db: Db,
  list: { id: string; fields: readonly Field[] },
  filter: VideoFilter,
  terms: readonly string[] | null,
  currentVersion: string | null,
): Promise<Facets> {
  const valueKeys = list.fields.filter((f) => f.type === "enum" || f.type === "boolean" || f.type === "tags");
  const numberKeys = list.fields.filter((f) => f.type === "number");
  const [only] = filter.fields;
  const byPairs =
    only && filter.fields.length === 1 && terms === null && rowConditions(filter, currentVersion).length === 0;
  const counted = selectsAll(filter, terms, currentVersion)
    ? await countWholeList(db, list.id, valueKeys, numberKeys)
    : byPairs && pairable(only)
      ? await countFromPairs(db, list.id, only, valueKeys, numberKeys)
      : await countSelection(
          db,
          await selection(db, list.id, filter, terms, currentVersion),
          list.id,
          valueKeys,
          numberKeys,
        );
  return assemble(counted, valueKeys, numberKeys);
}

/**
 * The ids of the selected videos (`id`), starting from the narrowest set it can name: the field
 * filter whose index rows are fewest (src/db/find-driver.ts), else the search's matches, else the
 * list; every other condition is checked per candidate, the video's row read only when a
 * condition needs its columns.
 */
async function selection(
  db: Db,
  listId: string,
  filter: VideoFilter,
  terms: readonly string[] | null,
  currentVersion: string | null,
): Promise<SQL> {
  const scope = { listId };
  const narrowest = await narrowestFilter(db, listId, filter.fields);
  const rows = rowConditions(filter, currentVersion);
  const start = narrowest
    ? filterRows(listId, narrowest.filter)
    : terms?.length
      ? textMatches(terms, scope)
      : sql`SELECT v.id AS id FROM videos v WHERE ${scopeCondition(scope)}`;
  const ids = idConditions(scope, filter, narrowest || !terms?.length ? terms : null, sql`c.id`, narrowest?.filter);
  const rowJoin = rows.length ? sql`CROSS JOIN videos v ON v.id = c.id` : sql``;
  const conditions = [...rows, ...ids];
  const where = conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
  return sql`SELECT c.id AS id FROM (${start}) AS c ${rowJoin} ${where}`;
}

const keysOf = (fields: Field[]) => JSON.stringify(fields.map((f) => f.key));
const facetsOf = (fields: Field[]) => JSON.stringify(fields.map((f) => `field:${f.key}`));

async function countWholeList(db: Db, listId: string, valueKeys: Field[], numberKeys: Field[]): Promise<Counted> {
  const [statuses, channels, values, ranges] = await db.$client.batch<Row>([
    prepare(db, sql`SELECT value AS status, n FROM list_facet_counts WHERE list_id = ${listId} AND facet = 'status'`),
    prepare(
      db,
      sql`SELECT value AS id, label AS title, n FROM list_facet_counts WHERE list_id = ${listId} AND facet = 'channel'
        ORDER BY n DESC, title LIMIT ${LIMITS.facetValues}`,
    ),
    prepare(
      db,
      sql`SELECT substr(facet, 7) AS key, value, n FROM list_facet_counts
        WHERE list_id = ${listId} AND facet IN (SELECT value FROM json_each(${facetsOf(valueKeys)}))`,
    ),
    // The smallest and largest value are the two ends of the field's index range.
    prepare(
      db,
      sql`SELECT k.value AS key,
          (SELECT s.value FROM video_field_values s WHERE s.list_id = ${listId} AND s.key = k.value AND s.value > ${EMPTY_VALUE} ORDER BY s.value LIMIT 1) AS lo,
          (SELECT s.value FROM video_field_values s WHERE s.list_id = ${listId} AND s.key = k.value ORDER BY s.value DESC LIMIT 1) AS hi,
          coalesce((SELECT c.n FROM list_facet_counts c WHERE c.list_id = ${listId} AND c.facet = 'field:' || k.value AND c.value = ${EMPTY_VALUE}), 0) AS empty
        FROM json_each(${keysOf(numberKeys)}) k`,
    ),
  ]);
  return {
    statuses: statuses?.results ?? [],
    channels: channels?.results ?? [],
    values: values?.results ?? [],
    ranges: ranges?.results ?? [],
  };
}

/**
 * Every count in one statement over the selection, worked out once (MATERIALIZED): a selection
 * costs one read of each selected video's row (status and channel, counted as pairs in one pass)
 * and one probe of `video_field_values` per value key and per number key, then one sort per
 * kind of count. (A covering index `videos(id, status, channel_id)` would spare the row reads,
 * ~10 % of a large selection, at ~13 ms more per 100-video status write; not worth it.)
 * CROSS JOIN keeps SQLite from scanning a whole index against an automatic one instead.
 * Channel titles are the counts table's labels (each channel's latest title).
 */
async function countSelection(
  db: Db,
  selection: SQL,
  listId: string,
  valueKeys: Field[],
  numberKeys: Field[],
): Promise<Counted> {
  const { results } = await prepare(
    db,
    sql`WITH m AS MATERIALIZED (${selection})
      SELECT 'video' AS kind, g.status AS key, g.channel_id AS value, c.label AS title, g.n AS n FROM (
          SELECT v.status, v.channel_id, count(*) AS n
          FROM m CROSS JOIN videos v ON v.id = m.id GROUP BY v.status, v.channel_id
        ) AS g
        LEFT JOIN list_facet_counts c ON c.list_id = ${listId} AND c.facet = 'channel' AND c.value = g.channel_id
      UNION ALL
      SELECT 'value', s.key, s.value, NULL, count(*)
        FROM m CROSS JOIN video_field_values s ON s.video_id = m.id
        WHERE s.key IN (SELECT value FROM json_each(${keysOf(valueKeys)})) GROUP BY s.key, s.value
${sql.join(numberKeys.map((field) => rangeOf(field.key)))}`,
  ).all<Row>();
  const of = (kind: string) => results.filter((row) => row.kind === kind);
  // The 'video' rows count (status, channel) pairs: key holds the status, value the channel.
  const statuses = new Map<unknown, number>();
  const channels = new Map<unknown, { id: unknown; title: unknown; n: number }>();
  for (const row of of("video")) {
    statuses.set(row.key, (statuses.get(row.key) ?? 0) + Number(row.n));
    if (row.value === null) continue;
    const channel = channels.get(row.value) ?? { id: row.value, title: row.title, n: 0 };
    channel.n += Number(row.n);
    channels.set(row.value, channel);
  }
  return {
    statuses: [...statuses].map(([status, n]) => ({ status, n })),
    channels: [...channels.values()],
    values: of("value").map((row) => ({ key: row.key, value: row.value, n: row.n })),
    // In the range rows, value holds the smallest, title the largest and n the empty count.
    ranges: of("range").map((row) => ({ key: row.key, lo: row.value, hi: row.title, empty: row.n })),
  };
}

/** One number field's smallest and largest value and empty count in the selection `m`: one pass, no sort. */
const rangeOf = (key: string) => sql`
      UNION ALL
      SELECT 'range', ${key}, min(CASE WHEN s.value > ${EMPTY_VALUE} THEN s.value END), max(s.value),
          sum(s.value = ${EMPTY_VALUE})
        FROM m CROSS JOIN video_field_values s ON s.video_id = m.id AND s.key = ${key}`;

function assemble(counted: Counted, valueKeys: Field[], numberKeys: Field[]): Facets {
  const status = Object.fromEntries(VIDEO_STATUSES.map((name) => [name, 0])) as Record<VideoStatus, number>;
  for (const row of counted.statuses) status[row.status as VideoStatus] = Number(row.n);

  const fields: Facets["fields"] = {};
  for (const field of valueKeys) fields[field.key] = { values: [], empty: 0 } satisfies ValueFacet;
  for (const field of numberKeys) fields[field.key] = { min: null, max: null, empty: 0 } satisfies NumberFacet;
  const isBoolean = new Set(valueKeys.filter((f) => f.type === "boolean").map((f) => f.key));
  for (const row of counted.values) {
    const facet = fields[row.key as string] as ValueFacet | undefined;
    if (!facet) continue;
    if (row.value === null) facet.empty = Number(row.n);
    else {
      const value = isBoolean.has(row.key as string) ? row.value === 1 : String(row.value);
      facet.values.push({ value, count: Number(row.n) });
    }
  }
  for (const field of valueKeys) {
    const facet = fields[field.key] as ValueFacet;
    facet.values.sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)));
    facet.values.splice(LIMITS.facetValues);
  }
  for (const row of counted.ranges) {
    // With no value at all, the largest is "empty" (null here) and the smallest is missing.
    const lo = (row.lo as number | null) ?? null;
    fields[row.key as string] = { min: lo, max: lo === null ? null : (row.hi as number), empty: Number(row.empty) };
  }

  return {
    total: Object.values(status).reduce((sum, n) => sum + n, 0),
    status,
    // Most first, then by title: the whole list's arrive so, a selection's are sorted here.
    channels: counted.channels
      .sort((a, b) => Number(b.n) - Number(a.n) || String(a.title).localeCompare(String(b.title)))
      .slice(0, LIMITS.facetValues)
      .map((row) => ({
        channelId: row.id as string,
        channelTitle: (row.title as string | null) ?? null,
        count: Number(row.n),
      })),
    fields,
  };
}
