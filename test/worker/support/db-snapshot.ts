/** The whole database, to prove a refused request changed nothing. Only `tokens.last_used_at` may move: any authenticated request touches it. */
import { env } from "cloudflare:test";

<<<<<<< HEAD
/** Every application table (whatever migrations add, the search index's too), rows in a stable order. */
=======
/** Every application table (whatever migrations add), each table's rows in the order of its first column (the id). */
>>>>>>> 6846985 (Share links (issue 13): POST/GET/DELETE /api/lists/:id/share (128-bit slug, idempotent), public GET /api/public/lists/:slug with the videos route's q/sort/paging over processed videos only and no owner data, an Atom feed of the newest 50, Cache-Control public max-age=60 (404s no-store); bad-input and foreign-id cases for webhooks and shares (the table snapshot orders by first column, as list_shares has no id))
export async function snapshot(): Promise<Record<string, unknown[]>> {
  const { results: tables } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations' ORDER BY name",
  ).all<{ name: string }>();
  const state: Record<string, unknown[]> = {};
  for (const { name } of tables) {
<<<<<<< HEAD
    // Not every table has an id (the search index's do not): order the rows here.
    const { results } = await env.DB.prepare(`SELECT * FROM "${name}"`).all<Record<string, unknown>>();
    state[name] = results
      .map((row) => {
        if (name !== "tokens") return row;
        const { last_used_at: _touchedByEveryRequest, ...rest } = row;
        return rest;
      })
      .sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
=======
    const { results } = await env.DB.prepare(`SELECT * FROM "${name}" ORDER BY 1`).all<Record<string, unknown>>();
    state[name] = results.map((row) => {
      if (name !== "tokens") return row;
      const { last_used_at: _touchedByEveryRequest, ...rest } = row;
      return rest;
    });
>>>>>>> 6846985 (Share links (issue 13): POST/GET/DELETE /api/lists/:id/share (128-bit slug, idempotent), public GET /api/public/lists/:slug with the videos route's q/sort/paging over processed videos only and no owner data, an Atom feed of the newest 50, Cache-Control public max-age=60 (404s no-store); bad-input and foreign-id cases for webhooks and shares (the table snapshot orders by first column, as list_shares has no id))
  }
  return state;
}
