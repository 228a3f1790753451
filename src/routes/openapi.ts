/**
 * `apiRoute`: how every operation of the API is defined. It takes what only the route knows
 * (operationId, summary, description, tag, who may call it, its success responses and the error
 * codes its handler throws) and adds what every operation of its kind answers alike: 401 and 403
 * for authenticated routes, 400/413/422 for a body, 400 for a query, 404 for a path id, 500
 * always; each error status documented with the schema of every code it can carry.
 *
 * ```ts
 * const getThing = apiRoute({
 *   operationId: "getThing", tag: "Things", access: "user", method: "get", path: "/things/{id}",
 *   summary: "One thing", description: "…", request: { params: IdParams },
 *   responses: { 200: jsonContent(Thing, "The thing") },
 * });
 * ```
 * A new tag goes in `TAGS` with its description; the document lists tags from there.
 */
import { createRoute, type RouteConfig, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { statusOf } from "../errors";
import { requireAuth } from "../middleware/auth";
import { limitBody, requireJsonBody } from "../middleware/limits";
import { type ErrorCode, LIMITS } from "../shared/constants";
import { ERROR_BODIES } from "../shared/schemas/errors";

export const TAGS = [
  { name: "Meta", description: "Health and version of the service" },
  { name: "Auth", description: "Accounts: sign up, sign in, sign out, change the password" },
  { name: "Sessions", description: "The user's login sessions, each one revocable" },
  { name: "API tokens", description: "Long-lived tokens for scripts, `read` or `write` scoped" },
  { name: "Lists", description: "Lists of videos and the fields the AI extracts for each video" },
  { name: "Videos", description: "Adding, importing, finding and exporting a list's videos" },
  { name: "Processing", description: "Jobs that fetch metadata and extract fields, and their progress" },
  { name: "Views", description: "Saved queries of a list's videos, each a name and a query string" },
  { name: "Usage", description: "Today's upstream usage and the per-user caps" },
  { name: "Sources", description: "Adding a YouTube playlist's or channel's videos to a list" },
  { name: "Subscriptions", description: "Channels and playlists a list follows, checked on a schedule" },
  { name: "Webhooks", description: "Endpoints that receive signed events (job finished, videos added)" },
  { name: "Sharing", description: "Read-only public links to a list, as JSON and as an Atom feed" },
  {
    name: "Live progress",
    description: "The WebSocket that streams every job event of the user, and the ticket that opens it",
  },
] as const;
export type Tag = (typeof TAGS)[number]["name"];

export const SECURITY_SCHEMES = {
  bearerAuth: {
    type: "http",
    scheme: "bearer",
    description: "A session token from /api/auth/login or an API token from /api/tokens",
  },
} as const;

const bearerAuth = [{ bearerAuth: [] }];

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});

export const jsonBody = <T extends z.ZodType>(schema: T, required = true) => ({
  body: { content: { "application/json": { schema } }, required },
});

const STATUS_DESCRIPTIONS: Record<number, string> = {
  400: "Malformed request (bad JSON, wrong content type, unknown query value)",
  401: "Missing, invalid or expired credential",
  403: "Not allowed (a read-only token writing)",
  404: "Not found, or not the caller's",
  405: "The path does not take this method; Allow lists those it does",
  409: "Conflict with the current state",
  413: "Body too large",
  422: "The request is well-formed but cannot be done; details say why",
  429: "Too many requests; wait Retry-After seconds",
  500: "A bug on our side; it has been logged",
  503: "An upstream (YouTube) could not answer, or is not configured; Retry-After when known",
};

const RETRY_AFTER = {
  "Retry-After": {
    description: "Seconds to wait before trying again",
    schema: { type: "integer" as const, minimum: 1, example: 60 },
  },
};

/** The documented responses for a set of error codes, one entry per status. */
function responsesForCodes(codes: Iterable<ErrorCode>) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) byStatus.set(statusOf(code), [...(byStatus.get(statusOf(code)) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, group]) => {
      const schemas = group.map((code) => ERROR_BODIES[code]);
      const [first, ...rest] = schemas;
      const schema = rest.length === 0 ? (first as z.ZodType) : z.union(schemas);
      const codes = group.map((code) => `\`${code}\``).join(", ");
      return [
        status,
        {
          description: `${STATUS_DESCRIPTIONS[status] ?? "Error"} (${codes})`,
          content: { "application/json": { schema } },
          ...(status === 429 || status === 503 ? { headers: RETRY_AFTER } : {}),
        },
      ];
    }),
  );
}

type Access = "public" | "user";

export interface ApiRouteConfig extends Omit<RouteConfig, "tags" | "security" | "operationId" | "summary"> {
  /** Unique, camelCase: the method name generated clients get. */
  operationId: string;
  summary: string;
  description: string;
  tag: Tag;
  /** `user`: a bearer token, checked by requireAuth before anything else; `public`: none. */
  access: Access;
  /** Error codes the handler itself may answer, beyond the ones every route of its kind has. */
  errors?: readonly ErrorCode[];
  /**
   * What guards the body before anything reads it; by default a JSON body of at most
   * LIMITS.jsonBodyBytes, or none. A route taking another kind of body brings its own.
   */
  bodyGuard?: MiddlewareHandler<AppEnv>[];
}

const jsonBodyGuard = [limitBody(LIMITS.jsonBodyBytes, "A JSON body"), requireJsonBody];

/** The codes every operation shaped like `config` can answer, whatever its handler does. */
function standardErrors(config: ApiRouteConfig): ErrorCode[] {
  const codes: ErrorCode[] = [];
  if (config.access === "user") codes.push("unauthorized");
  if (config.access === "user" && config.method !== "get") codes.push("forbidden");
  if (config.request?.body) codes.push("bad_request", "payload_too_large", "validation_failed");
  if (config.request?.query || config.request?.headers) codes.push("bad_request");
  if (config.path.includes("{")) codes.push("not_found");
  codes.push("internal");
  return codes;
}

export function apiRoute<const C extends ApiRouteConfig>(config: C) {
  const { tag, access, errors = [], middleware, bodyGuard = jsonBodyGuard, ...route } = config;
  const own = middleware === undefined ? [] : Array.isArray(middleware) ? middleware : [middleware];
  return createRoute({
    ...route,
    tags: [tag],
    security: access === "public" ? [] : bearerAuth,
    // The body is refused before the credential is looked up: a flood of big bodies costs no D1 read.
    middleware: [...bodyGuard, ...(access === "user" ? [requireAuth] : []), ...own],
    responses: { ...responsesForCodes([...standardErrors(config), ...errors]), ...route.responses },
  }) as unknown as Omit<C, "tag" | "access" | "errors" | "middleware" | "bodyGuard"> & {
    middleware: (typeof requireAuth)[];
    getRoutingPath(): string;
  };
}
