/**
 * The `subscription-checks` consumer: one check per message, the batch's checks side by side.
 * A used-up daily quota moves the subscription's next check past the reset (retrying sooner
 * would fail the same way); a videos cap reached is recorded by the check itself and not
 * retried; other upstream trouble retries the message with a delay, and the last attempt records
 * the reason on the subscription, which the next interval checks again.
 */
import { getDb } from "../db/client";
import { deferCheck, findSubscriptionById, recordCheck } from "../db/subscriptions";
import type { Config, Env } from "../env";
import { ApiError } from "../errors";
import { checkSubscription } from "../services/subscription-check";
import { SubscriptionCheckMessage } from "../shared/messages";

const RETRY_DELAY_SECONDS = 60;
/** The attempt that records the failure and gives up; below the consumer's max_retries (3), so no check is dropped unrecorded. */
export const CHECK_ATTEMPTS = 3;

export async function consumeSubscriptionChecks(batch: MessageBatch<unknown>, env: Env, config: Config): Promise<void> {
  const db = getDb(env.DB);
  await Promise.all(
    batch.messages.map(async (message) => {
      const parsed = SubscriptionCheckMessage.safeParse(message.body);
      if (!parsed.success) {
        console.error(JSON.stringify({ message: "subscription check message dropped", body: message.body }));
        return message.ack();
      }
      const subscription = await findSubscriptionById(db, parsed.data.subscriptionId);
      // Removed (or its list deleted) since it was claimed.
      if (!subscription) return message.ack();
      try {
        await checkSubscription(env, config, db, subscription);
        message.ack();
      } catch (error) {
        if (error instanceof ApiError && error.code === "rate_limited") {
          const seconds = Number(error.headers?.["Retry-After"] ?? RETRY_DELAY_SECONDS);
          await deferCheck(db, subscription.id, seconds);
          return message.ack();
        }
        // Over a cap: the check recorded why, and checking again sooner cannot help.
        if (error instanceof ApiError && error.code === "limit_reached") return message.ack();
        console.error(
          JSON.stringify({
            message: "subscription check failed",
            subscriptionId: subscription.id,
            error: String(error),
          }),
        );
        if (message.attempts >= CHECK_ATTEMPTS) {
          await recordCheck(db, subscription.id, { addedCount: null, error: errorText(error) });
          return message.ack();
        }
        message.retry({ delaySeconds: RETRY_DELAY_SECONDS });
      }
    }),
  );
}

const errorText = (error: unknown) =>
  error instanceof ApiError ? error.message : "The check failed on our side; it has been logged";
