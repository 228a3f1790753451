/**
 * The live-progress socket. Browsers cannot set headers on a WebSocket, so the token comes as
 * `?token=`; it is checked here, before the upgrade, and the socket is handed to the user's
 * ProgressHub, which only ever holds that user's sockets.
 */
import { Hono } from "hono";
import { hubFor } from "../durable/hub-client";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { authenticate } from "../middleware/auth";

export const wsRoutes = new Hono<AppEnv>().get("/ws/progress", async (c) => {
  const { user } = await authenticate(c.var.db, c.req.query("token"), (p) => c.executionCtx.waitUntil(p));
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
    throw new ApiError("bad_request", "This endpoint speaks WebSocket; connect with an Upgrade: websocket request");
  }
  const after = c.req.query("after");
  if (after !== undefined && !/^\d+$/.test(after)) throw new ApiError("bad_request", "after must be a sequence number");
  return hubFor(c.env, user.id).fetch(c.req.raw);
});
