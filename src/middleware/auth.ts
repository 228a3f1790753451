/**
 * Bearer-token authentication. Session and API tokens are looked up by their SHA-256, so the
 * database never holds a usable secret. The credential (which token, of which kind and scope)
 * rides on the request: logout and revocation end exactly it, and a `read` token is refused
 * every method but GET here, before any route runs, so every write route is covered alike.
 */
import { createMiddleware } from "hono/factory";
import type { Db } from "../db/client";
import { findCredentialByHash, touchToken } from "../db/tokens";
import { toUser } from "../db/users";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { sha256Hex } from "../lib/crypto";
import type { TokenScope } from "../shared/constants";
import type { User } from "../shared/schemas/users";

const TOUCH_INTERVAL_MS = 60_000;
const READ_METHODS = new Set(["GET", "HEAD"]);

export interface Credential {
  /** The token row's id: a session id or an API token id. */
  id: string;
  kind: "session" | "api";
  scope: TokenScope;
}

export async function authenticate(
  db: Db,
  secret: string | undefined,
  waitUntil: (promise: Promise<unknown>) => void,
): Promise<{ user: User; credential: Credential }> {
  if (!secret) throw new ApiError("unauthorized", "Sign in first: send Authorization: Bearer <token>");
  const found = await findCredentialByHash(db, await sha256Hex(secret));
  if (!found) throw new ApiError("unauthorized", "The token is invalid, expired or revoked");
  // Skip the write when the row we just read was touched within the minute: most requests then
  // cost one D1 read, not a read and a write. The UPDATE's own condition still guards races.
  if (!found.lastUsedAt || Date.parse(found.lastUsedAt) < Date.now() - TOUCH_INTERVAL_MS) {
    waitUntil(touchToken(db, found.tokenId));
  }
  return { user: toUser(found), credential: { id: found.tokenId, kind: found.kind, scope: found.scope } };
}

export const bearerSecret = (header: string | undefined) => /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")?.[1];

export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  const { user, credential } = await authenticate(c.var.db, bearerSecret(c.req.header("Authorization")), (p) =>
    c.executionCtx.waitUntil(p),
  );
  if (credential.scope === "read" && !READ_METHODS.has(c.req.method)) {
    throw new ApiError("forbidden", "This token is read-only: it may only make GET requests");
  }
  c.set("user", user);
  c.set("credential", credential);
  await next();
});
