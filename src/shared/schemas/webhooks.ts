/** Webhook endpoints and their delivery log. */
import { z } from "zod";
import { DELIVERY_STATUSES, WEBHOOK_EVENTS, WEBHOOK_TEST_EVENT } from "../constants";
import { isoTime } from "./common";
import { EXAMPLE_IDS, EXAMPLE_TIMES } from "./examples";

const exampleWebhook = {
  id: EXAMPLE_IDS.webhook,
  url: "https://example.com/hooks/tubelist",
  events: ["job.finished" as const, "subscription.added" as const],
  createdAt: EXAMPLE_TIMES.created,
  disabledAt: null,
  disabledReason: null,
};

const WebhookEvent = z.enum(WEBHOOK_EVENTS);

export const Webhook = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(WebhookEvent),
    createdAt: isoTime,
    disabledAt: isoTime
      .nullable()
      .meta({ description: "Set when deliveries kept failing for days; nothing is sent since" }),
    disabledReason: z.string().nullable(),
  })
  .meta({ id: "Webhook", examples: [exampleWebhook] });
export type Webhook = z.infer<typeof Webhook>;

export const CreatedWebhook = Webhook.extend({
  secret: z.string().meta({
    description: "`whsec_` + base64 of the signing key (Standard Webhooks); shown in this response only",
  }),
}).meta({
  id: "CreatedWebhook",
  examples: [{ ...exampleWebhook, secret: "whsec_lcC3+6Mh01XIaZl/FqZjv5HPTQ0RWUVkj0AM4QHfjhw=" }],
});

export const CreateWebhookBody = z
  .object({
    url: z.string().trim().min(1).max(2048),
    events: z
      .array(WebhookEvent)
      .min(1, "Choose at least one event")
      .max(WEBHOOK_EVENTS.length)
      .transform((events) => [...new Set(events)]),
  })
  .meta({ examples: [{ url: exampleWebhook.url, events: ["job.finished"] }] });

export const WebhookDelivery = z
  .object({
    id: z.string().meta({ description: "The `webhook-id` header, the same on every attempt" }),
    event: z.enum([...WEBHOOK_EVENTS, WEBHOOK_TEST_EVENT]),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    responseStatus: z.number().int().nullable(),
    responseExcerpt: z.string().nullable().meta({ description: "At most 200 characters of the last answer" }),
    error: z.string().nullable().meta({ description: "Why the last attempt failed, when it did not get an answer" }),
    createdAt: isoTime,
    deliveredAt: isoTime.nullable(),
  })
  .meta({
    id: "WebhookDelivery",
    examples: [
      {
        id: EXAMPLE_IDS.delivery,
        event: "job.finished",
        status: "delivered",
        attempts: 2,
        responseStatus: 200,
        responseExcerpt: '{"ok":true}',
        error: null,
        createdAt: EXAMPLE_TIMES.finished,
        deliveredAt: "2026-11-23T10:03:33.112Z",
      },
    ],
  });
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;
