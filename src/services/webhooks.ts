/**
 * Creating webhook endpoints: the URL policy, the per-user cap, and a fresh signing secret that
 * is returned once and stored sealed (lib/secret-box.ts).
 */
import type { Db } from "../db/client";
import { insertWebhook } from "../db/webhooks";
import { newWebhookSecret } from "../domain/webhook-signature";
import { checkWebhookUrl } from "../domain/webhook-url";
import type { Config } from "../env";
import { ApiError } from "../errors";
import { newId } from "../lib/ids";
import { seal } from "../lib/secret-box";
import type { WebhookEvent } from "../shared/constants";
import { checkNewWebhook } from "./caps";

export async function createWebhook(
  config: Pick<Config, "webhooks" | "caps">,
  db: Db,
  userId: string,
  body: { url: string; events: WebhookEvent[] },
) {
  const { secretKey, allowInsecure } = config.webhooks;
  const verdict = checkWebhookUrl(body.url, allowInsecure);
  if (!verdict.ok) {
    throw new ApiError("validation_failed", verdict.reason, [{ path: "url", message: verdict.reason }]);
  }
  if (!secretKey) {
    throw new ApiError("internal", "Webhooks are not configured on this server (WEBHOOK_SECRET_KEY is missing)");
  }
  await checkNewWebhook(config.caps, db, userId);
  const secret = newWebhookSecret();
  const row = await insertWebhook(db, {
    id: newId("whk"),
    userId,
    url: verdict.url,
    events: body.events,
    secretCiphertext: await seal(secret, secretKey),
  });
  return { row, secret };
}
