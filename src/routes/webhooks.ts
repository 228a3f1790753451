import { z } from "@hono/zod-openapi";
import { deleteWebhook, findWebhook, listWebhooks, pageDeliveries, toDelivery, toWebhook } from "../db/webhooks";
import { ApiError, notFound } from "../errors";
import { decodeCursor, pageFrom } from "../lib/cursor";
import { sendTestEvent } from "../services/events";
import { createWebhook } from "../services/webhooks";
import { PageQuery, page, unpaged } from "../shared/schemas/common";
import { EXAMPLE_IDS } from "../shared/schemas/examples";
import { CreatedWebhook, CreateWebhookBody, Webhook, WebhookDelivery } from "../shared/schemas/webhooks";
import { apiRoute, jsonBody, jsonContent } from "./openapi";
import { newRouter } from "./router";

const common = { tag: "Webhooks", access: "user" } as const;
const WebhookParams = z.object({ id: z.string().meta({ example: EXAMPLE_IDS.webhook }) });

const SIGNING =
  "Each delivery is a POST of `{type, timestamp, data}` signed with the Standard Webhooks scheme: " +
  "`webhook-id` (the same on every attempt), `webhook-timestamp` (seconds) and `webhook-signature: " +
  "v1,<base64 HMAC-SHA256(secret, id.timestamp.body)>`. A non-2xx answer or no answer within 10 s " +
  "is retried after 5 s, 30 s, 3 min, 18 min, 1.8 h, 10.8 h and 12 h; an endpoint whose deliveries " +
  "all fail for 3 days is disabled (`disabledAt`, `disabledReason`).";

const createHook = apiRoute({
  ...common,
  method: "post",
  path: "/webhooks",
  operationId: "createWebhook",
  summary: "Add a webhook endpoint; its secret is in this response only",
  description: `\`https\` URLs to public hosts only (\`http://127.0.0.1\` and \`localhost\` with ALLOW_INSECURE_WEBHOOKS=true). At most 10 per user (422 limit_reached). ${SIGNING}`,
  request: jsonBody(CreateWebhookBody),
  errors: ["limit_reached"],
  responses: { 201: jsonContent(CreatedWebhook, "Created") },
});

const listHooks = apiRoute({
  ...common,
  method: "get",
  path: "/webhooks",
  operationId: "listWebhooks",
  summary: "The user's webhook endpoints",
  description: "URLs, events and whether each is disabled; secrets are never shown again.",
  responses: { 200: jsonContent(unpaged(Webhook), "Endpoints") },
});

const removeHook = apiRoute({
  ...common,
  method: "delete",
  path: "/webhooks/{id}",
  operationId: "deleteWebhook",
  summary: "Delete a webhook endpoint and its delivery log",
  description: "Attempts still queued for it are dropped.",
  request: { params: WebhookParams },
  responses: { 204: { description: "Deleted" } },
});

const testHook = apiRoute({
  ...common,
  method: "post",
  path: "/webhooks/{id}/test",
  operationId: "testWebhook",
  summary: "Send a webhook.test event to this endpoint now",
  description: `Queued like any event (retried, logged in the deliveries). ${SIGNING}`,
  request: { params: WebhookParams },
  errors: ["conflict"],
  responses: {
    202: jsonContent(
      z.object({ deliveryId: z.string() }).meta({ examples: [{ deliveryId: EXAMPLE_IDS.delivery }] }),
      "Queued",
    ),
  },
});

const listDeliveries = apiRoute({
  ...common,
  method: "get",
  path: "/webhooks/{id}/deliveries",
  operationId: "listWebhookDeliveries",
  summary: "The endpoint's deliveries, newest first",
  description: "Each with its status, attempts, the last answer's status and at most 200 characters of its body.",
  request: { params: WebhookParams, query: PageQuery },
  responses: { 200: jsonContent(page(WebhookDelivery), "A page of deliveries") },
});

export const webhookRoutes = newRouter()
  .openapi(createHook, async (c) => {
    const { row, secret } = await createWebhook(c.var.config, c.var.db, c.var.user.id, c.req.valid("json"));
    return c.json({ ...toWebhook(row), secret }, 201);
  })
  .openapi(listHooks, async (c) => c.json({ items: (await listWebhooks(c.var.db, c.var.user.id)).map(toWebhook) }, 200))
  .openapi(removeHook, async (c) => {
    if (!(await deleteWebhook(c.var.db, c.var.user.id, c.req.valid("param").id))) throw notFound("Webhook");
    return c.body(null, 204);
  })
  .openapi(testHook, async (c) => {
    const webhook = await findWebhook(c.var.db, c.var.user.id, c.req.valid("param").id);
    if (!webhook) throw notFound("Webhook");
    if (webhook.disabledAt) throw new ApiError("conflict", "This endpoint is disabled; add it again to use it");
    return c.json({ deliveryId: await sendTestEvent(c.env, webhook) }, 202);
  })
  .openapi(listDeliveries, async (c) => {
    const webhook = await findWebhook(c.var.db, c.var.user.id, c.req.valid("param").id);
    if (!webhook) throw notFound("Webhook");
    const { limit, cursor } = c.req.valid("query");
    const rows = await pageDeliveries(c.var.db, webhook.id, limit, decodeCursor(cursor));
    const { items, nextCursor } = pageFrom(rows, limit, (row) => ({ k: row.createdAt, id: row.id }));
    return c.json({ items: items.map(toDelivery), nextCursor }, 200);
  });
