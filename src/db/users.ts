import { eq } from "drizzle-orm";
import type { User } from "../shared/schemas/users";
import type { Db } from "./client";
import { tokens, type UserRow, users } from "./schema";
import { deleteOtherSessions, type NewSession, sessionValues } from "./tokens";

export const toUser = (row: Pick<UserRow, "id" | "email" | "createdAt">): User => ({
  id: row.id,
  email: row.email,
  createdAt: row.createdAt,
});

/** Creates the user and their first session in one transaction: no user without a way in. */
export async function insertUserWithSession(
  db: Db,
  user: { id: string; email: string; passwordHash: string },
  session: NewSession,
): Promise<UserRow> {
  const [inserted] = await db.batch([
    db.insert(users).values(user).returning(),
    db.insert(tokens).values(sessionValues(user.id, session)),
  ]);
  return inserted[0] as UserRow;
}

export async function findUserByEmail(db: Db, email: string) {
  return db.query.users.findFirst({ where: eq(users.email, email) });
}

/** Stores a hash in today's format for a password that just verified against an older one. */
export async function updatePasswordHash(db: Db, userId: string, passwordHash: string) {
  await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

/**
 * The new password and the end of every other session, in one transaction: nobody keeps a
 * session opened with the old password. Returns the ended sessions' ids (their sockets close too).
 */
export async function changePassword(db: Db, userId: string, passwordHash: string, keepSessionId: string) {
  const [, ended] = await db.batch([
    db.update(users).set({ passwordHash }).where(eq(users.id, userId)),
    deleteOtherSessions(db, userId, keepSessionId),
  ]);
  return ended.map((row) => row.id);
}
