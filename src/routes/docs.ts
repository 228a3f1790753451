/**
 * The interactive API reference at /api/docs: Scalar's browser build, served by this app as a
 * static asset (copied from the npm package by the Vite build, see vite.config.ts), never from a
 * CDN, so the page works offline and runs no script the repository did not pin. The page has no
 * inline script, so its Content-Security-Policy allows scripts from this origin only; Scalar
 * injects its styles at run time, which needs style-src 'unsafe-inline'.
 */
import { Hono } from "hono";
import type { AppEnv } from "../env";

/** Where the Vite build puts the package's `dist/browser/standalone.js`. */
export const SCALAR_SCRIPT = "/vendor/scalar-api-reference.js";

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Tubelist API</title>
  </head>
  <body>
    <div id="app"></div>
    <script src="/api/docs/init.js"></script>
  </body>
</html>
`;

/**
 * Loads Scalar, then starts it. Scalar bundles zod, which probes for eval() unless told it runs
 * "jitless"; under this policy the probe would fail quietly but be reported as a violation, so the
 * setting goes in before the script. The options keep everything on the page: no web fonts, no
 * telemetry, no proxy for "try it" requests; "try it" starts with the bearer scheme chosen.
 */
const SCALAR_OPTIONS = {
  url: "/api/openapi.json",
  withDefaultFonts: false,
  telemetry: false,
  authentication: { preferredSecurityScheme: "bearerAuth" },
};
const INIT = `globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
const script = document.createElement("script");
script.src = ${JSON.stringify(SCALAR_SCRIPT)};
script.onload = () =>
  Scalar.createApiReference("#app", ${JSON.stringify(SCALAR_OPTIONS)});
document.body.append(script);
`;

export const docsRoutes = new Hono<AppEnv>()
  .get("/docs", (c) => {
    c.header("Content-Security-Policy", CSP);
    return c.html(PAGE);
  })
  .get("/docs/init.js", (c) => {
    c.header("Content-Security-Policy", CSP);
    c.header("Cache-Control", "no-cache");
    return c.body(INIT, 200, { "Content-Type": "text/javascript; charset=utf-8" });
  });
