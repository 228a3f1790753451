/**
 * The Hono app: cross-cutting middleware, every /api router, the OpenAPI document and docs,
 * and the single error boundary that turns anything thrown into the documented envelope.
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "./env";
import { ApiError, errorResponse } from "./errors";
import { jsonCharset } from "./middleware/json-charset";
import { requestContext } from "./middleware/request-context";
import { allowedMethods } from "./routes/allowed-methods";
import { authRoutes } from "./routes/auth";
import { docsRoutes } from "./routes/docs";
import { facetRoutes } from "./routes/facets";
import { jobRoutes } from "./routes/jobs";
import { listRoutes } from "./routes/lists";
import { mcpRoutes } from "./routes/mcp";
import { apiRoute, jsonContent, SECURITY_SCHEMES, TAGS } from "./routes/openapi";
import { newRouter } from "./routes/router";
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
import { progressSocketDoc, wsRoutes, wsTicketRoutes } from "./routes/ws";

export const VERSION = "0.1.0";

const api = newRouter();

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

const health = apiRoute({
  operationId: "getHealth",
  access: "public",
  tag: "Meta",
  method: "get",
  path: "/health",
  summary: "Liveness and version",
  description:
    "Needs no token. With `deep=true` it also runs one query against D1, so a monitor sees the database too.",
  request: {
    query: z.object({
      deep: z.enum(["true", "false"]).optional().meta({ description: "Also check that D1 answers" }),
    }),
  },
  responses: {
    200: jsonContent(
      z
        .object({ ok: z.literal(true), version: z.string() })
        .meta({ id: "Health", examples: [{ ok: true, version: VERSION }] }),
      "Up",
    ),
  },
});

const routes = api
  .openapi(health, async (c) => {
    if (c.req.valid("query").deep === "true") await c.env.DB.prepare("select 1").first();
    return c.json({ ok: true as const, version: VERSION }, 200);
  })
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

for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) {
  api.openAPIRegistry.registerComponent("securitySchemes", name, scheme);
}
const documentConfig = {
  openapi: "3.1.0",
  info: {
    title: "Tubelist API",
    version: VERSION,
    description:
      "Lists of YouTube videos with metadata and AI-extracted fields. Errors always have the body `{error: {code, message, details?}}`; each code's schema says what its `details` hold. The live-progress WebSocket is described in `x-websocket`. `POST /mcp` (outside `/api`) is a Model Context Protocol server on the same bearer tokens, not a REST operation: its tools describe themselves over MCP (`tools/list`).",
    contact: { name: "Tubelist" },
    // OpenAPI 3.1's SPDX `identifier`; the generator's types only know 3.0's license object.
    license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" } as { name: string },
  },
  servers: [{ url: "/api", description: "This deployment" }],
  tags: [...TAGS],
};
api.get("/openapi.json", (c) =>
  c.json({ ...api.getOpenAPI31Document(documentConfig), "x-websocket": progressSocketDoc() }),
);
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

export const app = new OpenAPIHono<AppEnv>();
app.use("/api/*", jsonCharset);
app.use("/mcp", jsonCharset);
app.use("/api/*", requestContext);
app.use("/mcp", requestContext);
app.route("/api", routes);
app.route("/", mcpRoutes(VERSION));

// A sub-app's notFound does not apply once mounted; without this, an unknown /api path would
// fall through to the web app and answer 200 with index.html. A known path asked with another
// method answers 405 and says which methods it takes.
const methodsOf = allowedMethods(app);
app.all("/api/*", (c) => {
  const allow = methodsOf(c.req.path);
  if (allow.length === 0) {
    return errorResponse(c, new ApiError("not_found", `No route for ${c.req.method} ${c.req.path}`));
  }
  return errorResponse(
    c,
    new ApiError(
      "method_not_allowed",
      `${c.req.method} is not allowed on ${c.req.path}`,
      { allow },
      {
        Allow: allow.join(", "),
      },
    ),
  );
});

// Paths outside /api are served by the static assets binding (SPA fallback) before the Worker
// runs; this covers a Worker invoked without assets (tests, misconfiguration).
app.all("*", (c) => (c.env.ASSETS ? c.env.ASSETS.fetch(c.req.raw) : c.notFound()));

export type AppType = typeof routes;
