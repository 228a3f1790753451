/**
 * The `webhooks` queue consumer: one attempt per message. Each attempt is signed afresh
 * (Standard Webhooks: same `webhook-id`, the attempt's own timestamp), sent with a 10 s timeout
 * and no redirects, and logged with the answer's status and at most 200 characters of its body.
 * A non-2xx answer, a timeout or a network error is retried with the message's own delay
 * (domain/webhook-retry.ts) until the last attempt; an endpoint failing for days is disabled.
 */
import { getDb } from "../db/client";
import { type AttemptRecord, failDelivery, findDeliveryForSending, recordAttempt } from "../db/webhooks";
import { disabledReason, retryDelaySeconds, shouldDisable } from "../domain/webhook-retry";
import { signWebhook } from "../domain/webhook-signature";
import { checkWebhookUrl } from "../domain/webhook-url";
import type { Config, Env } from "../env";
import { open } from "../lib/secret-box";
import { WebhookMessage } from "../shared/messages";

export const DELIVERY_TIMEOUT_MS = 10_000;
export const EXCERPT_CHARS = 200;

export async function consumeWebhookBatch(batch: MessageBatch<unknown>, env: Env, config: Config) {
  await Promise.all(batch.messages.map((message) => deliverOne(message, env, config.webhooks)));
}

/** Messages the queue gave up on (a consumer that kept crashing): their deliveries are failed. */
export async function consumeWebhookDeadLetters(batch: MessageBatch<unknown>, env: Env) {
  const db = getDb(env.DB);
  for (const message of batch.messages) {
    const parsed = WebhookMessage.safeParse(message.body);
    if (parsed.success) await failDelivery(db, parsed.data.deliveryId, "The delivery could not be attempted again");
  }
  batch.ackAll();
}

async function deliverOne(message: Message<unknown>, env: Env, config: Config["webhooks"]) {
  const parsed = WebhookMessage.safeParse(message.body);
  if (!parsed.success) {
    console.error(JSON.stringify({ message: "dropping malformed webhook message", id: message.id }));
    message.ack();
    return;
  }
  const db = getDb(env.DB);
  try {
    const found = await findDeliveryForSending(db, parsed.data.deliveryId);
    // Deleted with its endpoint, or already settled by an earlier copy of this message.
    if (found?.delivery.status !== "pending") return message.ack();
    const { delivery, webhook } = found;
    const blocked = webhook.disabledAt
      ? "The endpoint is disabled"
      : !config.secretKey
        ? "WEBHOOK_SECRET_KEY is not set, so the delivery cannot be signed"
        : checkWebhookUrl(webhook.url, config.allowInsecure).ok
          ? null
          : "The endpoint's URL is not allowed any more";
    if (blocked || !config.secretKey) {
      await failDelivery(db, delivery.id, blocked ?? "");
      return message.ack();
    }
    const secret = await open(webhook.secretCiphertext, config.secretKey);
    const headers = await signWebhook(secret, delivery.id, Math.floor(Date.now() / 1000), delivery.body);
    const answer = await send(webhook.url, headers, delivery.body);
    const attempts = delivery.attempts + 1;
    const record: AttemptRecord = {
      deliveryId: delivery.id,
      webhookId: webhook.id,
      status: answer.ok ? "delivered" : "pending",
      responseStatus: answer.status,
      responseExcerpt: answer.excerpt,
      error: answer.error,
    };
    if (answer.ok) {
      await recordAttempt(db, record);
      return message.ack();
    }
    const delay = retryDelaySeconds(attempts);
    if (shouldDisable(webhook.failingSince, Date.now())) {
      record.disable = disabledReason(webhook.failingSince as string, answer.error ?? `HTTP ${answer.status}`);
    }
    if (delay === null || record.disable) record.status = "failed";
    await recordAttempt(db, record);
    if (record.status === "pending") message.retry({ delaySeconds: delay as number });
    else message.ack();
  } catch (error) {
    // D1 or the key failed us, not the receiver: try the message again soon.
    console.error(
      JSON.stringify({ message: "webhook delivery error", id: parsed.data.deliveryId, error: String(error) }),
    );
    message.retry({ delaySeconds: 30 });
  }
}

interface Answer {
  ok: boolean;
  status: number | null;
  excerpt: string | null;
  error: string | null;
}

async function send(url: string, headers: Record<string, string>, body: string): Promise<Answer> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json", "user-agent": "Tubelist-Webhooks/1" },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    const excerpt = await readExcerpt(response);
    const ok = response.status >= 200 && response.status < 300;
    return { ok, status: response.status, excerpt, error: ok ? null : `HTTP ${response.status}` };
  } catch (error) {
    const timedOut = (error as Error)?.name === "TimeoutError" || (error as Error)?.name === "AbortError";
    return {
      ok: false,
      status: null,
      excerpt: null,
      error: timedOut
        ? `No answer within ${DELIVERY_TIMEOUT_MS / 1000} s`
        : `Could not connect: ${String(error).slice(0, 150)}`,
    };
  }
}

/** The first characters of the answer, reading no more of it than that needs. */
async function readExcerpt(response: Response): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    while (text.length < EXCERPT_CHARS) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // A body that breaks off mid-way still leaves what arrived.
  } finally {
    reader.cancel().catch(() => {});
  }
  return text === "" ? null : text.slice(0, EXCERPT_CHARS);
}
