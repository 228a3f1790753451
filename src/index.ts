import { app } from "./app";
import type { Env } from "./env";
import { consumeVideoBatch } from "./queue/consumer";
import { consumeDeadLetters } from "./queue/dead-letter";
import { consumeSubscriptionChecks } from "./queue/subscription-checks";
import { consumeWebhookBatch, consumeWebhookDeadLetters } from "./queue/webhook-delivery";
import { runScheduled } from "./scheduled";

export { AttemptCounter } from "./durable/attempt-counter";
export { ProgressHub } from "./durable/progress-hub";
export { UpstreamGovernor } from "./durable/upstream-governor";

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    if (batch.queue.startsWith("webhooks")) {
      if (batch.queue.endsWith("-dlq")) await consumeWebhookDeadLetters(batch, env);
      else await consumeWebhookBatch(batch, env);
    } else if (batch.queue.endsWith("-dlq")) await consumeDeadLetters(batch, env);
    else if (batch.queue === "subscription-checks") await consumeSubscriptionChecks(batch, env);
    else await consumeVideoBatch(batch, env);
  },
  async scheduled(controller, env) {
    await runScheduled(controller, env);
  },
} satisfies ExportedHandler<Env>;
