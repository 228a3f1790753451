/**
 * The live-progress socket. Browsers cannot set headers on a WebSocket, so a page first trades
 * its token for a single-use ticket (`POST /api/ws/ticket`) and opens `?ticket=`; clients that
 * can send headers may use `Authorization` instead. A token in the URL is refused: URLs end up in
 * logs. Everything is checked here, before the upgrade, and the socket goes to the user's
 * ProgressHub, which only ever holds that user's sockets, tagged with the credential behind them.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { Hono } from "hono";
import { insertTicket, redeemTicket } from "../db/ws-tickets";
import { hubFor } from "../durable/hub-client";
import { CREDENTIAL_HEADER, MAX_SOCKETS_PER_USER } from "../durable/socket-policy";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { newSecret, sha256Hex } from "../lib/crypto";
import { authenticate, bearerSecret } from "../middleware/auth";
import { ClientFrame, PongFrame, SnapshotFrame } from "../shared/protocol";
import { WsTicket } from "../shared/schemas/ws-tickets";
import { apiRoute, jsonContent } from "./openapi";
import { newRouter } from "./router";

const ticket = apiRoute({
  operationId: "createWsTicket",
  access: "user",
  tag: "Live progress",
  method: "post",
  path: "/ws/ticket",
  summary: "A single-use ticket for the progress WebSocket, valid for 60 seconds",
  description: [
    "Open `GET /api/ws/progress?ticket=<ticket>&after=<seq>` with it (browsers cannot send headers on a WebSocket; other clients may send `Authorization: Bearer <token>` on the upgrade instead). A token in the URL is refused.",
    "The upgrade answers 401 for a missing, used, expired or unknown ticket, 403 for an `Origin` other than the app's own or one in `ALLOWED_ORIGINS` (no `Origin`, as from a script, is fine), and 429 when the user already has " +
      `${MAX_SOCKETS_PER_USER} sockets open.`,
    "The server closes a socket with **1008** (`invalid frame: …`) for a frame that is not text, over 1 KB, not a known frame or one too many (more than 20 in 10 s), and with **4401** (`credential revoked`) when the session or token that opened it signs out, is revoked, or ends with a password change.",
  ].join("\n\n"),
  responses: { 200: jsonContent(WsTicket, "The ticket") },
});

export const wsTicketRoutes = newRouter().openapi(ticket, async (c) => {
  const secret = newSecret("wst");
  const { expiresAt } = await insertTicket(c.var.db, {
    id: await sha256Hex(secret),
    userId: c.var.user.id,
    tokenId: c.var.credential.id,
  });
  return c.json({ ticket: secret, expiresAt }, 200);
});

/**
 * The socket for the OpenAPI document's `x-websocket`. OpenAPI has no words for a WebSocket, and
 * a path answering only 101 fails both linters (every operation needs a 2xx), so the upgrade, its
 * refusals and the frames each way are described here, the frames from their zod schemas.
 */
export function progressSocketDoc() {
  const registry = new OpenAPIHono();
  const frames = { SnapshotFrame, PongFrame, PingFrame: ClientFrame.options[0] };
  for (const [name, schema] of Object.entries(frames)) registry.openAPIRegistry.register(name, schema);
  const schemas = registry.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "", version: "" } }).components
    ?.schemas as Record<keyof typeof frames, unknown>;
  return {
    path: "/ws/progress",
    method: "get",
    summary: "The live-progress WebSocket",
    description: [
      "Upgrades to a WebSocket carrying every job event of the user, in every open tab, never another user's. On connect the server sends a `snapshot` frame (active jobs and jobs finished in the last 5 minutes), then, with `after`, every missed `progress` event in order, then live events (at most ~4 per second per running job; the first, every status change and the final one always).",
      'The client may send `{"type":"ping"}`, answered `{"type":"pong"}`.',
      "Authenticate with `?ticket=` from `POST /api/ws/ticket` (createWsTicket), or with `Authorization: Bearer` where the client can set headers. A token in the URL is refused.",
    ].join("\n\n"),
    query: {
      ticket: "From POST /api/ws/ticket; single use, valid 60 s",
      after: "The last `seq` the client saw (digits); missed events follow the snapshot",
    },
    responses: {
      101: "Switching Protocols: the socket is open",
      400: "Not a WebSocket upgrade, or `after` is not a sequence number (`bad_request`)",
      401: "No credential, a token in the URL, or an unknown, used or expired ticket (`unauthorized`)",
      403: "An `Origin` other than the app's own or one in ALLOWED_ORIGINS (`forbidden`)",
      429: `The user already has ${MAX_SOCKETS_PER_USER} sockets open (\`rate_limited\`, Retry-After)`,
      500: "Live progress is unavailable (`internal`)",
    },
    errorBodies: {
      oneOf: ["BadRequestError", "UnauthorizedError", "ForbiddenError", "RateLimitedError", "InternalError"].map(
        (id) => ({ $ref: `#/components/schemas/${id}` }),
      ),
    },
    serverFrames: { oneOf: [schemas.SnapshotFrame, { $ref: "#/components/schemas/ProgressEvent" }, schemas.PongFrame] },
    clientFrames: { oneOf: [schemas.PingFrame] },
    closeCodes: {
      1008: "A frame that is not text, over 1 KB, not a known frame, or more than 20 in 10 s",
      4401: "The session or token that opened the socket signed out, was revoked or ended",
    },
  };
}

export const wsRoutes = new Hono<AppEnv>().get("/ws/progress", async (c) => {
  checkOrigin(c);
  if (c.req.query("token") !== undefined) {
    throw new ApiError("unauthorized", "Tokens are not accepted in the URL; get a ticket from POST /api/ws/ticket");
  }
  const ticket = c.req.query("ticket");
  const bearer = bearerSecret(c.req.header("Authorization"));
  if (!ticket && !bearer) {
    throw new ApiError("unauthorized", "Connect with ?ticket= from POST /api/ws/ticket, or an Authorization header");
  }
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
    throw new ApiError("bad_request", "This endpoint speaks WebSocket; connect with an Upgrade: websocket request");
  }
  const after = c.req.query("after");
  if (after !== undefined && !/^\d+$/.test(after)) throw new ApiError("bad_request", "after must be a sequence number");

  // Last, once nothing else can refuse the request: redeeming uses the ticket up.
  const { userId, credentialId } = ticket ? await fromTicket(c, ticket) : await fromBearer(c, bearer as string);
  const upgrade = new Request(c.req.raw);
  upgrade.headers.set(CREDENTIAL_HEADER, credentialId);
  const response = await hubFor(c.env, userId).fetch(upgrade);
  if (response.status === 429) {
    throw new ApiError(
      "rate_limited",
      `At most ${MAX_SOCKETS_PER_USER} progress sockets per user are open at once; close a tab and retry`,
      { limit: "sockets", max: MAX_SOCKETS_PER_USER },
      { "Retry-After": "30" },
    );
  }
  // A stub's response has immutable headers; a copy takes the API's secure headers like any other.
  // A refusal keeps the hub's error body.
  return new Response(response.webSocket ? null : response.body, {
    status: response.status,
    webSocket: response.webSocket,
    headers: response.headers,
  });
});

async function fromTicket(c: Context<AppEnv>, ticket: string) {
  const redeemed = await redeemTicket(c.var.db, await sha256Hex(ticket));
  if (!redeemed) throw new ApiError("unauthorized", "The ticket is unknown, used already or expired; get a new one");
  return { userId: redeemed.userId, credentialId: redeemed.tokenId };
}

async function fromBearer(c: Context<AppEnv>, secret: string) {
  const { user, credential } = await authenticate(c.var.db, secret, (p) => c.executionCtx.waitUntil(p));
  return { userId: user.id, credentialId: credential.id };
}

/**
 * A page from another site must not open a socket with the user's ticket. Browsers always send
 * `Origin` on a WebSocket upgrade; scripts and servers usually do not, and they hold their own
 * credential anyway.
 */
function checkOrigin(c: Context<AppEnv>) {
  const origin = c.req.header("Origin");
  if (origin === undefined) return;
  const own = new URL(c.req.url).origin;
  if (origin === own || c.var.config.allowedOrigins.includes(origin)) return;
  throw new ApiError("forbidden", `Origin ${origin} may not open this socket; add it to ALLOWED_ORIGINS to allow it`);
}
