/**
 * Bearer-token authentication. Session and API tokens are looked up by their SHA-256, so the
 * database never holds a usable secret. Browsers cannot set headers on a WebSocket, so the
 * progress socket passes the same token as `?token=` (see routes/ws.ts).
 */
import { createMiddleware } from "hono/factory";
import type { Db } from "../db/client";
import { findUserByTokenHash, touchToken } from "../db/tokens";
import { toUser } from "../db/users";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { sha256Hex } from "../lib/crypto";
import type { User } from "../shared/schemas/users";

const TOUCH_INTERVAL_MS = 60_000;

export async function authenticate(
  db: Db,
  secret: string | undefined,
  waitUntil: (promise: Promise<unknown>) => void,
): Promise<{ user: User; tokenHash: string }> {
  if (!secret) throw new ApiError("unauthorized", "Sign in first: send Authorization: Bearer <token>");
  const tokenHash = await sha256Hex(secret);
  const found = await findUserByTokenHash(db, tokenHash);
  if (!found) throw new ApiError("unauthorized", "The token is invalid, expired or revoked");
  // Skip the write when the row we just read was touched within the minute: most requests then
  // cost one D1 read, not a read and a write. The UPDATE's own condition still guards races.
  if (!found.lastUsedAt || Date.parse(found.lastUsedAt) < Date.now() - TOUCH_INTERVAL_MS) {
    waitUntil(touchToken(db, found.tokenId));
  }
  return { user: toUser(found), tokenHash };
}

export const bearerSecret = (header: string | undefined) => /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")?.[1];

export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  const { user, tokenHash } = await authenticate(c.var.db, bearerSecret(c.req.header("Authorization")), (p) =>
    c.executionCtx.waitUntil(p),
  );
  c.set("user", user);
  c.set("tokenHash", tokenHash);
  await next();
});
