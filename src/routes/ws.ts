/**
 * The live-progress socket. Browsers cannot set headers on a WebSocket, so a page first trades
 * its token for a single-use ticket (`POST /api/ws/ticket`) and opens `?ticket=`; clients that
 * can send headers may use `Authorization` instead. A token in the URL is refused: URLs end up in
 * logs. Everything is checked here, before the upgrade, and the socket goes to the user's
 * ProgressHub, which only ever holds that user's sockets, tagged with the credential behind them.
 */
import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { Hono } from "hono";
import { insertTicket, redeemTicket } from "../db/ws-tickets";
import { hubFor } from "../durable/hub-client";
import { CREDENTIAL_HEADER, MAX_SOCKETS_PER_USER } from "../durable/socket-policy";
import { type AppEnv, readConfig } from "../env";
import { ApiError } from "../errors";
import { newSecret, sha256Hex } from "../lib/crypto";
import { authenticate, bearerSecret, requireAuth } from "../middleware/auth";
import { WsTicket } from "../shared/schemas/ws-tickets";
import { bearerAuth, errorResponses, jsonContent } from "./openapi";
import { newRouter } from "./router";

const ticket = createRoute({
  method: "post",
  path: "/ws/ticket",
  tags: ["Live progress"],
  summary: "A single-use ticket for the progress WebSocket, valid for 60 seconds",
  description: [
    "Open `GET /api/ws/progress?ticket=<ticket>&after=<seq>` with it (browsers cannot send headers on a WebSocket; other clients may send `Authorization: Bearer <token>` on the upgrade instead). A token in the URL is refused.",
    "The upgrade answers 401 for a missing, used, expired or unknown ticket, 403 for an `Origin` other than the app's own or one in `ALLOWED_ORIGINS` (no `Origin`, as from a script, is fine), and 429 when the user already has " +
      `${MAX_SOCKETS_PER_USER} sockets open.`,
    "The server closes a socket with **1008** (`invalid frame: …`) for a frame that is not text, over 1 KB, not a known frame or one too many (more than 20 in 10 s), and with **4401** (`credential revoked`) when the session or token that opened it signs out, is revoked, or ends with a password change.",
  ].join("\n\n"),
  security: bearerAuth,
  middleware: [requireAuth],
  responses: { 200: jsonContent(WsTicket, "The ticket"), ...errorResponses(401, 403) },
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
  return new Response(null, { status: response.status, webSocket: response.webSocket, headers: response.headers });
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
  if (origin === own || readConfig(c.env).allowedOrigins.includes(origin)) return;
  throw new ApiError("forbidden", `Origin ${origin} may not open this socket; add it to ALLOWED_ORIGINS to allow it`);
}
