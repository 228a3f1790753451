/**
 * Hands every due subscription to the check queue, one message each. The claim moves each
 * one's next check an interval ahead in the same statement, so a subscription is checked at
 * most once per interval however the ticks overlap, and at most `perTick` checks leave per
 * minute: thousands of subscriptions made at once are spread over the following minutes, and
 * keep that spread, since each next check is counted from its own claim.
 */
import { getDb } from "../db/client";
import { claimDueSubscriptions } from "../db/subscriptions";
import type { Config, Env } from "../env";
import type { SubscriptionCheckMessage } from "../shared/messages";

/** Queues.sendBatch takes at most 100 messages. */
const SEND_BATCH = 100;

export async function dispatchSubscriptionChecks(env: Env, config: Config): Promise<void> {
  // Without a key nothing can be checked; claiming would only push every check an interval on.
  if (!config.youtube.apiKey) return;
  const { intervalSeconds, perTick } = config.subscriptions;
  const due = await claimDueSubscriptions(getDb(env.DB), intervalSeconds, perTick);
  for (let i = 0; i < due.length; i += SEND_BATCH) {
    const messages = due.slice(i, i + SEND_BATCH).map(({ id }) => ({
      body: { kind: "subscription-check", subscriptionId: id } satisfies SubscriptionCheckMessage,
    }));
    await env.SUBSCRIPTION_CHECKS.sendBatch(messages);
  }
}
