/** Login sessions and API tokens: both are bearer secrets stored only as their SHA-256. */
import { and, desc, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { ApiToken } from "../shared/schemas/users";
import type { Db } from "./client";
import { nowIso, tokens, users } from "./schema";

const SESSION_DAYS = 30;

export const sessionValues = (userId: string, session: { id: string; tokenHash: string }) => ({
  id: session.id,
  userId,
  kind: "session" as const,
  name: "session",
  tokenHash: session.tokenHash,
  expiresAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+${sql.raw(String(SESSION_DAYS))} days'))`,
});

export async function insertSession(db: Db, userId: string, session: { id: string; tokenHash: string }) {
  await db.insert(tokens).values(sessionValues(userId, session));
}

/** The user behind a token secret's hash, if the token exists and has not expired. */
export async function findUserByTokenHash(db: Db, tokenHash: string) {
  const [row] = await db
    .select({
      tokenId: tokens.id,
      lastUsedAt: tokens.lastUsedAt,
      id: users.id,
      email: users.email,
      createdAt: users.createdAt,
    })
    .from(tokens)
    .innerJoin(users, eq(users.id, tokens.userId))
    .where(and(eq(tokens.tokenHash, tokenHash), or(isNull(tokens.expiresAt), gt(tokens.expiresAt, nowIso))))
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
        or(isNull(tokens.lastUsedAt), sql`${tokens.lastUsedAt} < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 minute')`),
      ),
    );
}

export async function deleteTokenByHash(db: Db, tokenHash: string) {
  await db.delete(tokens).where(eq(tokens.tokenHash, tokenHash));
}

export async function listApiTokens(db: Db, userId: string): Promise<ApiToken[]> {
  return db
    .select({ id: tokens.id, name: tokens.name, createdAt: tokens.createdAt, lastUsedAt: tokens.lastUsedAt })
    .from(tokens)
    .where(and(eq(tokens.userId, userId), eq(tokens.kind, "api")))
    .orderBy(desc(tokens.createdAt), desc(tokens.id));
}

export async function insertApiToken(db: Db, token: { id: string; userId: string; name: string; tokenHash: string }) {
  const [row] = await db
    .insert(tokens)
    .values({ ...token, kind: "api" })
    .returning({ id: tokens.id, name: tokens.name, createdAt: tokens.createdAt });
  return row as { id: string; name: string; createdAt: string };
}

/** Deletes one of the user's API tokens; false when there is no such token of theirs. */
export async function deleteApiToken(db: Db, userId: string, tokenId: string): Promise<boolean> {
  const deleted = await db
    .delete(tokens)
    .where(and(eq(tokens.id, tokenId), eq(tokens.userId, userId), eq(tokens.kind, "api")))
    .returning({ id: tokens.id });
  return deleted.length > 0;
}
