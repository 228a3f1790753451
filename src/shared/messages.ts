/** Queue messages: one video of one job on `videos`; one due subscription on `subscription-checks`. */
import { z } from "zod";

export const VideoMessage = z.object({
  kind: z.literal("video"),
  jobId: z.string().min(1),
  userId: z.string().min(1),
  listId: z.string().min(1),
  videoId: z.string().min(1),
  youtubeId: z.string().regex(/^[A-Za-z0-9_-]{11}$/),
});
export type VideoMessage = z.infer<typeof VideoMessage>;

/** The one message type on the `webhooks` queue: one delivery, whose row in D1 holds the payload. */
export const WebhookMessage = z.object({ kind: z.literal("webhook"), deliveryId: z.string().min(1) });
export type WebhookMessage = z.infer<typeof WebhookMessage>;
export const SubscriptionCheckMessage = z.object({
  kind: z.literal("subscription-check"),
  subscriptionId: z.string().min(1),
});
export type SubscriptionCheckMessage = z.infer<typeof SubscriptionCheckMessage>;
