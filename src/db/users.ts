import { eq } from "drizzle-orm";
import type { User } from "../shared/schemas/users";
import type { Db } from "./client";
import { tokens, type UserRow, users } from "./schema";
import { sessionValues } from "./tokens";

export const toUser = (row: Pick<UserRow, "id" | "email" | "createdAt">): User => ({
  id: row.id,
  email: row.email,
  createdAt: row.createdAt,
});

/** Creates the user and their first session in one transaction: no user without a way in. */
export async function insertUserWithSession(
  db: Db,
  user: { id: string; email: string; passwordHash: string },
  session: { id: string; tokenHash: string },
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
