/**
 * The whole database, to prove a refused request changed nothing. Only `tokens.last_used_at` may
 * move (any authenticated request touches it), and `usage_days.youtube_units`: a refused source
 * request may have asked YouTube first, which charges every request, and usage reports that spend.
 */
import { env } from "cloudflare:test";

/** Every application table (whatever migrations add, the search index's too), rows in a stable order. */
export async function snapshot(): Promise<Record<string, unknown[]>> {
  const { results: tables } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations' ORDER BY name",
  ).all<{ name: string }>();
  const state: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    // Not every table has an id (the search index's do not): order the rows here.
    const { results } = await env.DB.prepare(`SELECT * FROM "${name}"`).all<Record<string, unknown>>();
    state[name] = results
      .map((row) => {
        if (name === "usage_days") {
          const { youtube_units: _spentEvenWhenRefused, ...rest } = row;
          return rest;
        }
        if (name !== "tokens") return row;
        const { last_used_at: _touchedByEveryRequest, ...rest } = row;
        return rest;
      })
      .filter((row) => name !== "usage_days" || !onlyUnits(row))
      .sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
  }
  return state;
}

/** A usage row holding nothing but YouTube units (created by a source request's spend alone). */
const onlyUnits = (row: Record<string, unknown>) =>
  Object.entries(row).every(([column, value]) => column === "user_id" || column === "day" || value === 0);
