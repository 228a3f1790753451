/**
 * Events for webhooks. Emitting writes one delivery row per subscribed endpoint (its exact,
 * signed-as-is body) and puts one message per delivery on the `webhooks` queue; the consumer
 * (queue/webhook-delivery.ts) sends, retries and logs. Callers on a hot path (the hub finishing
 * a job) use the `emit…` functions, which never throw: a lost event is logged, and never fails
 * or holds up what caused it.
 */
import { getDb } from "../db/client";
import type { WebhookRow } from "../db/schema";
import { insertDeliveries, type NewDelivery, webhooksFor } from "../db/webhooks";
import type { Env } from "../env";
import { newId } from "../lib/ids";
import { WEBHOOK_TEST_EVENT, type WebhookEvent } from "../shared/constants";
import type { WebhookMessage } from "../shared/messages";
import type { Job } from "../shared/schemas/jobs";
import type { Subscription } from "../shared/schemas/subscriptions";
import type { Video } from "../shared/schemas/videos";

/** What `subscription.added` carries: the subscription and the videos its check added. */
export interface SubscriptionAddedPayload {
  subscription: Subscription;
  videos: Video[];
}

/** The Standard Webhooks payload shape: `{type, timestamp, data}`. */
export const eventBody = (type: string, data: unknown) =>
  JSON.stringify({ type, timestamp: new Date().toISOString(), data });

export async function emitJobFinished(env: Env, userId: string, job: Job): Promise<void> {
  await emitSafely(env, userId, "job.finished", job);
}

export async function emitSubscriptionAdded(
  env: Env,
  userId: string,
  payload: SubscriptionAddedPayload,
): Promise<void> {
  await emitSafely(env, userId, "subscription.added", payload);
}

/** A `webhook.test` event to one endpoint, whatever it subscribes to. Throws if it cannot be queued. */
export async function sendTestEvent(env: Env, webhook: WebhookRow): Promise<string> {
  const [id] = await enqueue(env, [webhook], WEBHOOK_TEST_EVENT, {
    webhookId: webhook.id,
    message: "A test event from Tubelist",
  });
  return id as string;
}

async function emitSafely(env: Env, userId: string, event: WebhookEvent, data: unknown) {
  try {
    const endpoints = await webhooksFor(getDb(env.DB), userId, event);
    if (endpoints.length > 0) await enqueue(env, endpoints, event, data);
  } catch (error) {
    console.error(JSON.stringify({ message: "webhook event lost", event, userId, error: String(error) }));
  }
}

async function enqueue(env: Env, endpoints: WebhookRow[], event: string, data: unknown): Promise<string[]> {
  const body = eventBody(event, data);
  const deliveries: NewDelivery[] = endpoints.map((webhook) => ({
    id: newId("msg"),
    webhookId: webhook.id,
    userId: webhook.userId,
    event,
    body,
  }));
  await insertDeliveries(getDb(env.DB), deliveries);
  const messages: MessageSendRequest<WebhookMessage>[] = deliveries.map((delivery) => ({
    body: { kind: "webhook", deliveryId: delivery.id },
  }));
  for (let i = 0; i < messages.length; i += 100) await env.WEBHOOKS_QUEUE.sendBatch(messages.slice(i, i + 100));
  return deliveries.map((delivery) => delivery.id);
}
