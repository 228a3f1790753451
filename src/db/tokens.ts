/**
 * Login sessions and API tokens: both are bearer secrets stored only as their SHA-256. A session
 * ends 30 days after sign-in, or after 7 days without a request, whichever comes first; an API
 * token lives until it is revoked or reaches its own `expiresAt`.
 */
import { and, desc, eq, gt, isNull, ne, not, or, sql } from "drizzle-orm";
import type { TokenScope } from "../shared/constants";
import type { ApiToken } from "../shared/schemas/users";
import type { Db } from "./client";
import { isoFromNow, nowIso, tokens, users } from "./schema";

const SESSION_MAX_DAYS = 30;
const SESSION_IDLE_DAYS = 7;

const daysAgo = (days: number) => isoFromNow(`-${days} days`);

/** A token that still opens the door: not past `expiresAt`, and a session not idle too long. */
const live = sql`${and(
  or(isNull(tokens.expiresAt), gt(tokens.expiresAt, nowIso)),
  or(eq(tokens.kind, "api"), gt(sql`coalesce(${tokens.lastUsedAt}, ${tokens.createdAt})`, daysAgo(SESSION_IDLE_DAYS))),
)}`;

export interface NewSession {
  id: string;
  tokenHash: string;
}

/** A session row; signing in counts as its first use. */
export const sessionValues = (userId: string, session: NewSession) => ({
  id: session.id,
  userId,
  kind: "session" as const,
  name: "session",
  tokenHash: session.tokenHash,
  scope: "write" as const,
  lastUsedAt: nowIso,
  expiresAt: isoFromNow(`+${SESSION_MAX_DAYS} days`),
});

/** A new session, and the user's dead ones cleared away in the same transaction. */
export async function insertSession(db: Db, userId: string, session: NewSession) {
  await db.batch([
    db.insert(tokens).values(sessionValues(userId, session)),
    db.delete(tokens).where(and(eq(tokens.userId, userId), eq(tokens.kind, "session"), not(live))),
  ]);
}

/** The credential behind a secret's hash and its user, if it is live. */
export async function findCredentialByHash(db: Db, tokenHash: string) {
  const [row] = await db
    .select({
      tokenId: tokens.id,
      kind: tokens.kind,
      scope: tokens.scope,
      lastUsedAt: tokens.lastUsedAt,
      id: users.id,
      email: users.email,
      createdAt: users.createdAt,
    })
    .from(tokens)
    .innerJoin(users, eq(users.id, tokens.userId))
    .where(and(eq(tokens.tokenHash, tokenHash), live))
    .limit(1);
  return row ?? null;
}

/** At most one write a minute per token: `lastUsedAt` is informative, not an audit log. */
export async function touchToken(db: Db, tokenId: string) {
  await db
    .update(tokens)
    .set({ lastUsedAt: nowIso })
    .where(
      and(
        eq(tokens.id, tokenId),
        or(isNull(tokens.lastUsedAt), sql`${tokens.lastUsedAt} < ${isoFromNow("-1 minute")}`),
      ),
    );
}

/** Ends one credential (logout). */
export async function deleteToken(db: Db, tokenId: string) {
  await db.delete(tokens).where(eq(tokens.id, tokenId));
}

export async function listSessions(db: Db, userId: string) {
  return db
    .select({ id: tokens.id, createdAt: tokens.createdAt, lastUsedAt: tokens.lastUsedAt })
    .from(tokens)
    .where(and(eq(tokens.userId, userId), eq(tokens.kind, "session"), live))
    .orderBy(desc(tokens.createdAt), desc(tokens.id));
}

/** Ends one of the user's sessions; false when there is no such live session of theirs. */
export async function deleteSession(db: Db, userId: string, sessionId: string): Promise<boolean> {
  const deleted = await db
    .delete(tokens)
    .where(and(eq(tokens.id, sessionId), eq(tokens.userId, userId), eq(tokens.kind, "session")))
    .returning({ id: tokens.id });
  return deleted.length > 0;
}

/** The statement that ends every session of the user except `keepId`, returning their ids. */
export const deleteOtherSessions = (db: Db, userId: string, keepId: string) =>
  db
    .delete(tokens)
    .where(and(eq(tokens.userId, userId), eq(tokens.kind, "session"), ne(tokens.id, keepId)))
    .returning({ id: tokens.id });

const apiTokenColumns = {
  id: tokens.id,
  name: tokens.name,
  scope: tokens.scope,
  createdAt: tokens.createdAt,
  lastUsedAt: tokens.lastUsedAt,
  expiresAt: tokens.expiresAt,
};

/** Every API token of the user, expired ones included, so the user sees why a script stopped. */
export async function listApiTokens(db: Db, userId: string): Promise<ApiToken[]> {
  return db
    .select(apiTokenColumns)
    .from(tokens)
    .where(and(eq(tokens.userId, userId), eq(tokens.kind, "api")))
    .orderBy(desc(tokens.createdAt), desc(tokens.id));
}

export async function insertApiToken(
  db: Db,
  token: { id: string; userId: string; name: string; tokenHash: string; scope: TokenScope; expiresAt: string | null },
): Promise<ApiToken> {
  const [row] = await db
    .insert(tokens)
    .values({ ...token, kind: "api" })
    .returning(apiTokenColumns);
  return row as ApiToken;
}

/** Deletes one of the user's API tokens; false when there is no such token of theirs. */
export async function deleteApiToken(db: Db, userId: string, tokenId: string): Promise<boolean> {
  const deleted = await db
    .delete(tokens)
    .where(and(eq(tokens.id, tokenId), eq(tokens.userId, userId), eq(tokens.kind, "api")))
    .returning({ id: tokens.id });
  return deleted.length > 0;
}
