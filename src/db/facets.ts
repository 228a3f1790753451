/**
 * Facet counts over the videos a filter selects, in one D1 round trip: statuses, channels, value
 * counts of enum/boolean/tags fields and the range of number fields, read from the field-value
 * index (every video has a row per field, so "empty" is counted like any value).
 */
import { type SQL, sql } from "drizzle-orm";
import { LIMITS, VIDEO_STATUSES, type VideoStatus } from "../shared/constants";
import type { Facets, NumberFacet, ValueFacet } from "../shared/schemas/facets";
import type { Field } from "../shared/schemas/fields";
import { type Db, prepare } from "./client";
import { EMPTY_VALUE } from "./search-index";

/**
 * `conditions` select the videos (`videos v`), the first one being the list; with no other
 * condition the field counts read the index alone, without visiting `videos`.
 */
export async function facetCounts(
  db: Db,
  listId: string,
  fields: readonly Field[],
  conditions: SQL[],
): Promise<Facets> {
  const where = sql.join(conditions, sql` AND `);
  const selected = conditions.length > 1 ? sql`AND s.video_id IN (SELECT v.id FROM videos v WHERE ${where})` : sql``;
  const valueKeys = fields.filter((f) => f.type === "enum" || f.type === "boolean" || f.type === "tags");
  const numberKeys = fields.filter((f) => f.type === "number");
  const keysOf = (list: Field[]) => JSON.stringify(list.map((f) => f.key));

  const [statuses, channels, values, ranges] = await db.$client.batch<Record<string, unknown>>([
    prepare(db, sql`SELECT v.status AS status, count(*) AS n FROM videos v WHERE ${where} GROUP BY v.status`),
    prepare(
      db,
      sql`SELECT v.channel_id AS id, max(v.channel_title) AS title, count(*) AS n FROM videos v
        WHERE ${where} AND v.channel_id IS NOT NULL
        GROUP BY v.channel_id ORDER BY n DESC, title LIMIT ${LIMITS.facetValues}`,
    ),
    prepare(
      db,
      sql`SELECT s.key AS key, s.value AS value, count(*) AS n FROM video_field_values s
        WHERE s.list_id = ${listId} AND s.key IN (SELECT value FROM json_each(${keysOf(valueKeys)})) ${selected}
        GROUP BY s.key, s.value`,
    ),
    prepare(
      db,
      sql`SELECT s.key AS key, min(CASE WHEN s.value > ${EMPTY_VALUE} THEN s.value END) AS lo, max(s.value) AS hi,
          sum(s.value = ${EMPTY_VALUE}) AS empty
        FROM video_field_values s
        WHERE s.list_id = ${listId} AND s.key IN (SELECT value FROM json_each(${keysOf(numberKeys)})) ${selected}
        GROUP BY s.key`,
    ),
  ]);

  const status = Object.fromEntries(VIDEO_STATUSES.map((name) => [name, 0])) as Record<VideoStatus, number>;
  for (const row of statuses?.results ?? []) status[row.status as VideoStatus] = Number(row.n);

  const facets: Facets["fields"] = {};
  for (const field of valueKeys) facets[field.key] = { values: [], empty: 0 } satisfies ValueFacet;
  for (const field of numberKeys) facets[field.key] = { min: null, max: null, empty: 0 } satisfies NumberFacet;
  const isBoolean = new Set(valueKeys.filter((f) => f.type === "boolean").map((f) => f.key));
  for (const row of values?.results ?? []) {
    const facet = facets[row.key as string] as ValueFacet;
    // -Infinity, the "empty" value, reaches JavaScript as null.
    if (row.value === null) facet.empty = Number(row.n);
    else {
      const value = isBoolean.has(row.key as string) ? row.value === 1 : String(row.value);
      facet.values.push({ value, count: Number(row.n) });
    }
  }
  for (const field of valueKeys) {
    const facet = facets[field.key] as ValueFacet;
    facet.values.sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)));
    facet.values.splice(LIMITS.facetValues);
  }
  for (const row of ranges?.results ?? []) {
    facets[row.key as string] = {
      min: (row.lo as number | null) ?? null,
      max: row.lo === null ? null : ((row.hi as number | null) ?? null),
      empty: Number(row.empty),
    };
  }

  return {
    total: Object.values(status).reduce((sum, n) => sum + n, 0),
    status,
    channels: (channels?.results ?? []).map((row) => ({
      channelId: row.id as string,
      channelTitle: (row.title as string | null) ?? null,
      count: Number(row.n),
    })),
    fields: facets,
  };
}
