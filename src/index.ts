import { app } from "./app";
import { type Env, readConfig } from "./env";
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
  // Each entry point parses the configuration once and hands it down (env.ts readConfig).
  async queue(batch, env) {
    const config = readConfig(env);
    if (batch.queue.startsWith("webhooks")) {
      if (batch.queue.endsWith("-dlq")) await consumeWebhookDeadLetters(batch, env);
      else await consumeWebhookBatch(batch, env, config);
    } else if (batch.queue.endsWith("-dlq")) await consumeDeadLetters(batch, env);
    else if (batch.queue === "subscription-checks") await consumeSubscriptionChecks(batch, env, config);
    else await consumeVideoBatch(batch, env, config);
  },
  async scheduled(controller, env) {
    await runScheduled(controller, env, readConfig(env));
  },
} satisfies ExportedHandler<Env>;
