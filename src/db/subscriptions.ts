/** Subscriptions: the rows, their pages, and the due-check claims of the Cron Trigger. */
import { and, count, desc, eq, sql } from "drizzle-orm";
import type { Cursor } from "../lib/cursor";
import type { Subscription } from "../shared/schemas/subscriptions";
import { type Db, olderThan } from "./client";
import { isoFromNow, nowIso, type SubscriptionRow, subscriptions } from "./schema";

export function toSubscription(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    listId: row.listId,
    kind: row.kind,
    sourceId: row.sourceId,
    title: row.title,
    autoProcess: row.autoProcess,
    filters: row.filters,
    lastCheckedAt: row.lastCheckedAt,
    lastAddedCount: row.lastAddedCount,
    error: row.error,
    createdAt: row.createdAt,
  };
}

export type NewSubscription = typeof subscriptions.$inferInsert;

/** `firstCheckInSeconds`: when its first check is due, counted on D1's clock. */
export async function insertSubscription(
  db: Db,
  row: Omit<NewSubscription, "nextCheckAt">,
  firstCheckInSeconds: number,
): Promise<SubscriptionRow> {
  const [inserted] = await db
    .insert(subscriptions)
    .values({ ...row, nextCheckAt: isoFromNow(`+${firstCheckInSeconds} seconds`) })
    .returning();
  return inserted as SubscriptionRow;
}

export async function findSubscription(db: Db, userId: string, id: string): Promise<SubscriptionRow | null> {
  const row = await db.query.subscriptions.findFirst({
    where: and(eq(subscriptions.id, id), eq(subscriptions.userId, userId)),
  });
  return row ?? null;
}

export async function findSubscriptionById(db: Db, id: string): Promise<SubscriptionRow | null> {
  return (await db.query.subscriptions.findFirst({ where: eq(subscriptions.id, id) })) ?? null;
}

/** A list's subscriptions, newest first. */
export async function pageSubscriptions(db: Db, listId: string, limit: number, after: Cursor | null) {
  return db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.listId, listId), olderThan(subscriptions, after)))
    .orderBy(desc(subscriptions.createdAt), desc(subscriptions.id))
    .limit(limit + 1);
}

export async function deleteSubscription(db: Db, userId: string, id: string): Promise<boolean> {
  const deleted = await db
    .delete(subscriptions)
    .where(and(eq(subscriptions.id, id), eq(subscriptions.userId, userId)))
    .returning({ id: subscriptions.id });
  return deleted.length > 0;
}

export async function countSubscriptions(db: Db, userId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(subscriptions).where(eq(subscriptions.userId, userId));
  return row?.n ?? 0;
}

/**
 * Claims up to `max` subscriptions due by now, oldest due first, and moves each one's next
 * check `intervalSeconds` ahead in the same statement, so two overlapping ticks never claim the
 * same subscription twice and a claimed check that is lost waits at most one interval.
 */
export async function claimDueSubscriptions(
  db: Db,
  intervalSeconds: number,
  max: number,
): Promise<{ id: string; userId: string }[]> {
  return db
    .update(subscriptions)
    .set({ nextCheckAt: isoFromNow(`+${intervalSeconds} seconds`) })
    .where(
      sql`${subscriptions.id} IN (SELECT ${subscriptions.id} FROM ${subscriptions} WHERE ${subscriptions.nextCheckAt} <= ${nowIso} ORDER BY ${subscriptions.nextCheckAt} LIMIT ${max})`,
    )
    .returning({ id: subscriptions.id, userId: subscriptions.userId });
}

/** What a check learnt. `error` set means the check failed and `seen*` stay as they were. */
export async function recordCheck(
  db: Db,
  id: string,
  outcome: {
    seenUntil?: string | null;
    seenTotal?: number | null;
    addedCount: number | null;
    waitingVideoIds?: string[];
    error: string | null;
  },
): Promise<SubscriptionRow | null> {
  const [row] = await db
    .update(subscriptions)
    .set({
      ...(outcome.seenUntil !== undefined ? { seenUntil: outcome.seenUntil } : {}),
      ...(outcome.seenTotal !== undefined ? { seenTotal: outcome.seenTotal } : {}),
      lastCheckedAt: nowIso,
      ...(outcome.addedCount !== null ? { lastAddedCount: outcome.addedCount } : {}),
      ...(outcome.waitingVideoIds !== undefined ? { waitingVideoIds: outcome.waitingVideoIds } : {}),
      error: outcome.error,
    })
    .where(eq(subscriptions.id, id))
    .returning();
  return row ?? null;
}

/** Moves a subscription's next check, e.g. past a used-up daily quota. */
export async function deferCheck(db: Db, id: string, seconds: number): Promise<void> {
  await db
    .update(subscriptions)
    .set({ nextCheckAt: isoFromNow(`+${seconds} seconds`) })
    .where(eq(subscriptions.id, id));
}
