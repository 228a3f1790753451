/**
 * The Hono app: cross-cutting middleware, every /api router, the OpenAPI document and docs,
 * and the single error boundary that turns anything thrown into the documented envelope.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { getDb } from "./db/client";
import type { AppEnv } from "./env";
import { ApiError, errorResponse } from "./errors";
import { limitBody, requireJsonBody } from "./middleware/limits";
import { authRoutes } from "./routes/auth";
import { docsRoutes } from "./routes/docs";
import { facetRoutes } from "./routes/facets";
import { jobRoutes } from "./routes/jobs";
import { listRoutes } from "./routes/lists";
import { mcpRoutes } from "./routes/mcp";
import { errorResponses, jsonContent } from "./routes/openapi";
import { searchRoutes } from "./routes/search";
import { sessionRoutes } from "./routes/sessions";
import { publicRoutes, shareRoutes } from "./routes/shares";
import { sourceRoutes } from "./routes/sources";
import { subscriptionRoutes } from "./routes/subscriptions";
import { tokenRoutes } from "./routes/tokens";
import { usageRoutes } from "./routes/usage";
import { videoEditRoutes } from "./routes/video-edits";
import { videoRoutes } from "./routes/videos";
import { viewRoutes } from "./routes/views";
import { webhookRoutes } from "./routes/webhooks";
import { wsRoutes, wsTicketRoutes } from "./routes/ws";
import { LIMITS } from "./shared/constants";

export const VERSION = "0.1.0";

const api = new OpenAPIHono<AppEnv>();

// JSON is never a page: nothing in an API answer may run, frame or be sniffed into HTML. The
// docs page sets its own policy, which `overwrite: false` keeps.
api.use(
  "*",
  secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    xFrameOptions: "DENY",
    strictTransportSecurity: "max-age=31536000; includeSubDomains",
    overwrite: false,
  }),
);

api.use("*", async (c, next) => {
  c.set("db", getDb(c.env.DB));
  await next();
});
// CSV imports bring their own, larger limit and are not JSON.
const isCsvImport = (path: string) => path.endsWith("/videos/import");
api.use("*", async (c, next) =>
  isCsvImport(c.req.path) ? next() : limitBody(LIMITS.jsonBodyBytes, "A JSON body")(c, next),
);
api.use("*", async (c, next) => (isCsvImport(c.req.path) ? next() : requireJsonBody(c, next)));

const health = createRoute({
  method: "get",
  path: "/health",
  tags: ["Meta"],
  summary: "Liveness and version; needs no token",
  responses: { 200: jsonContent(z.object({ ok: z.literal(true), version: z.string() }), "Up") },
});

const routes = api
  .openapi(health, (c) => c.json({ ok: true as const, version: VERSION }, 200))
  .route("/", authRoutes)
  .route("/", sessionRoutes)
  .route("/", tokenRoutes)
  .route("/", listRoutes)
  .route("/", videoRoutes)
  .route("/", videoEditRoutes)
  .route("/", facetRoutes)
  .route("/", searchRoutes)
  .route("/", viewRoutes)
  .route("/", jobRoutes)
  .route("/", webhookRoutes)
  .route("/", shareRoutes)
  .route("/", publicRoutes)
  .route("/", sourceRoutes)
  .route("/", subscriptionRoutes)
  .route("/", wsTicketRoutes)
  .route("/", usageRoutes)
  .route("/", wsRoutes);

api.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
  type: "http",
  scheme: "bearer",
  description: "A session token from /api/auth/login or an API token from /api/tokens",
});
// A read token is refused every method but GET (middleware/auth.ts), whichever the route: each
// authenticated write route documents that 403, including routes added later.
for (const definition of api.openAPIRegistry.definitions) {
  if (definition.type !== "route") continue;
  const { route } = definition;
  if (route.method !== "get" && route.security?.length && !route.responses[403]) {
    Object.assign(route.responses, errorResponses(403));
  }
}
api.doc31("/openapi.json", {
  openapi: "3.1.0",
  info: {
    title: "Tubelist API",
    version: VERSION,
    description:
      "Lists of YouTube videos with metadata and AI-extracted fields. Errors always have the body {error: {code, message, details?}}.",
  },
  servers: [{ url: "/api" }],
});
api.route("/", docsRoutes);

api.onError((error, c) => {
  if (error instanceof ApiError) return errorResponse(c, error);
  if (error instanceof HTTPException && error.status < 500) {
    const code = error.status === 413 ? "payload_too_large" : error.status === 401 ? "unauthorized" : "bad_request";
    return errorResponse(c, new ApiError(code, error.message || "Bad request"));
  }
  console.error(
    JSON.stringify({
      message: "unhandled error",
      path: c.req.path,
      error: String(error),
      stack: (error as Error)?.stack,
    }),
  );
  return errorResponse(c, new ApiError("internal", "Something went wrong on our side; it has been logged"));
});

export const app = new OpenAPIHono<AppEnv>().route("/api", routes).route("/", mcpRoutes(VERSION));

// A sub-app's notFound does not apply once mounted; without this, an unknown /api path would
// fall through to the web app and answer 200 with index.html.
app.all("/api/*", (c) => errorResponse(c, new ApiError("not_found", `No route for ${c.req.method} ${c.req.path}`)));

// Paths outside /api are served by the static assets binding (SPA fallback) before the Worker
// runs; this covers a Worker invoked without assets (tests, misconfiguration).
app.all("*", (c) => (c.env.ASSETS ? c.env.ASSETS.fetch(c.req.raw) : c.notFound()));

export type AppType = typeof routes;
