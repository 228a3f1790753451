/**
 * JSON answers say their charset, as API.md promises: `application/json; charset=utf-8`. Hono's
 * `c.json` and `Response.json` (the hub's refusals) both send a bare `application/json`; this
 * runs after whatever answered, error handlers included, so no answer can miss it.
 */
import { createMiddleware } from "hono/factory";

const JSON_UTF8 = "application/json; charset=utf-8";

export const jsonCharset = createMiddleware(async (c, next) => {
  await next();
  const type = c.res.headers.get("content-type");
  if (type?.split(";")[0]?.trim().toLowerCase() !== "application/json" || /charset=/i.test(type)) return;
  // A response from elsewhere (a Durable Object stub) may have immutable headers: copy it then.
  try {
    c.res.headers.set("content-type", JSON_UTF8);
  } catch {
    const headers = new Headers(c.res.headers);
    headers.set("content-type", JSON_UTF8);
    c.res = new Response(c.res.body, { status: c.res.status, headers, webSocket: c.res.webSocket });
  }
});
