/**
 * Webhook endpoints and their deliveries. What a request reads or changes is scoped to the owning
 * user (a delivery through its endpoint, found for the user first); the delivery consumer's
 * statements go by delivery id, as it acts for no request.
 */
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Cursor } from "../lib/cursor";
import type { WebhookEvent } from "../shared/constants";
import type { Webhook, WebhookDelivery } from "../shared/schemas/webhooks";
import { type Db, olderThan } from "./client";
import { nowIso, type WebhookDeliveryRow, type WebhookRow, webhookDeliveries, webhooks } from "./schema";

export const toWebhook = (row: WebhookRow): Webhook => ({
  id: row.id,
  url: row.url,
  events: row.events as WebhookEvent[],
  createdAt: row.createdAt,
  disabledAt: row.disabledAt,
  disabledReason: row.disabledReason,
});

export const toDelivery = (row: WebhookDeliveryRow): WebhookDelivery => ({
  id: row.id,
  event: row.event as WebhookDelivery["event"],
  status: row.status,
  attempts: row.attempts,
  responseStatus: row.responseStatus,
  responseExcerpt: row.responseExcerpt,
  error: row.lastError,
  createdAt: row.createdAt,
  deliveredAt: row.deliveredAt,
});

export async function insertWebhook(
  db: Db,
  webhook: { id: string; userId: string; url: string; events: WebhookEvent[]; secretCiphertext: string },
): Promise<WebhookRow> {
  const [row] = await db.insert(webhooks).values(webhook).returning();
  return row as WebhookRow;
}

export const listWebhooks = (db: Db, userId: string) =>
  db.select().from(webhooks).where(eq(webhooks.userId, userId)).orderBy(desc(webhooks.createdAt), desc(webhooks.id));

export async function countWebhooks(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(webhooks)
    .where(eq(webhooks.userId, userId));
  return row?.n ?? 0;
}

export async function findWebhook(db: Db, userId: string, id: string): Promise<WebhookRow | null> {
  const [row] = await db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.id, id), eq(webhooks.userId, userId)))
    .limit(1);
  return row ?? null;
}

export async function deleteWebhook(db: Db, userId: string, id: string): Promise<boolean> {
  // Deliveries first in the same transaction: the cascade is not something D1 promises.
  const [, deleted] = await db.batch([
    db.delete(webhookDeliveries).where(and(eq(webhookDeliveries.webhookId, id), eq(webhookDeliveries.userId, userId))),
    db
      .delete(webhooks)
      .where(and(eq(webhooks.id, id), eq(webhooks.userId, userId)))
      .returning({ id: webhooks.id }),
  ]);
  return deleted.length > 0;
}

/** The user's enabled endpoints that subscribe to `event`. */
export async function webhooksFor(db: Db, userId: string, event: WebhookEvent): Promise<WebhookRow[]> {
  return db
    .select()
    .from(webhooks)
    .where(
      and(
        eq(webhooks.userId, userId),
        isNull(webhooks.disabledAt),
        sql`EXISTS (SELECT 1 FROM json_each(${webhooks.events}) WHERE value = ${event})`,
      ),
    );
}

export interface NewDelivery {
  id: string;
  webhookId: string;
  userId: string;
  event: string;
  body: string;
}

export async function insertDeliveries(db: Db, deliveries: NewDelivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  // 5 columns a row: 20 rows stay under D1's 100 bound parameters per statement.
  const statements = [];
  for (let i = 0; i < deliveries.length; i += 20) {
    statements.push(db.insert(webhookDeliveries).values(deliveries.slice(i, i + 20)));
  }
  await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
}

export async function pageDeliveries(db: Db, webhookId: string, limit: number, after: Cursor | null) {
  return db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.webhookId, webhookId), olderThan(webhookDeliveries, after)))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit + 1);
}

/** A delivery with its endpoint, for the consumer (no user scope: the message came from us). */
export async function findDeliveryForSending(db: Db, deliveryId: string) {
  const [row] = await db
    .select({ delivery: webhookDeliveries, webhook: webhooks })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(eq(webhookDeliveries.id, deliveryId))
    .limit(1);
  return row ?? null;
}

export interface AttemptRecord {
  deliveryId: string;
  webhookId: string;
  status: "pending" | "delivered" | "failed";
  responseStatus: number | null;
  responseExcerpt: string | null;
  error: string | null;
  /** Set when this failure disables the endpoint. */
  disable?: string;
}

/**
 * One attempt's outcome, in one transaction: the delivery's log line, and the endpoint's health
 * (a success clears `failingSince`; a failure starts it if it was clear, or disables the endpoint).
 */
export async function recordAttempt(db: Db, attempt: AttemptRecord): Promise<void> {
  const delivered = attempt.status === "delivered";
  await db.batch([
    db
      .update(webhookDeliveries)
      .set({
        status: attempt.status,
        attempts: sql`${webhookDeliveries.attempts} + 1`,
        responseStatus: attempt.responseStatus,
        responseExcerpt: attempt.responseExcerpt,
        lastError: attempt.error,
        lastAttemptAt: nowIso,
        deliveredAt: delivered ? nowIso : null,
      })
      .where(eq(webhookDeliveries.id, attempt.deliveryId)),
    db
      .update(webhooks)
      .set(
        delivered
          ? { failingSince: null }
          : {
              failingSince: sql`coalesce(${webhooks.failingSince}, ${nowIso})`,
              ...(attempt.disable ? { disabledAt: nowIso, disabledReason: attempt.disable } : {}),
            },
      )
      .where(eq(webhooks.id, attempt.webhookId)),
  ]);
}

/** Gives up on a delivery without an attempt (its endpoint was disabled, or the queue gave up). */
export const failDelivery = (db: Db, deliveryId: string, reason: string) =>
  db
    .update(webhookDeliveries)
    .set({ status: "failed", lastError: reason })
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.status, "pending")));
