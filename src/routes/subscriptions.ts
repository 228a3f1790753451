import { z } from "@hono/zod-openapi";
import { deleteSubscription, pageSubscriptions, toSubscription } from "../db/subscriptions";
import { notFound } from "../errors";
import { decodeCursor, pageFrom } from "../lib/cursor";
import { checkNow, createSubscription } from "../services/subscriptions";
import { PageQuery, page } from "../shared/schemas/common";
import { EXAMPLE_IDS } from "../shared/schemas/examples";
import { CheckResult, CreateSubscriptionBody, Subscription } from "../shared/schemas/subscriptions";
import { apiRoute, jsonBody, jsonContent } from "./openapi";
import { ownList } from "./ownership";
import { newRouter } from "./router";

const common = { tag: "Subscriptions", access: "user" } as const;
const ListParams = z.object({ id: z.string().meta({ example: EXAMPLE_IDS.list }) });
const IdParams = z.object({ id: z.string().meta({ example: EXAMPLE_IDS.subscription }) });

const create = apiRoute({
  ...common,
  method: "post",
  path: "/lists/{id}/subscriptions",
  operationId: "createSubscription",
  summary: "Follow a channel or playlist: its new videos are added on a schedule",
  description:
    "The same source links as sources/preview. The subscription starts from the source's newest video now (import existing ones with sources/import); every check (hourly, or `check`) adds the videos that entered the source since the last one seen and pass `filters`, and starts a job for them when `autoProcess` is set (unless the list already has one running: they wait for the next check or Process). Filters on duration and Shorts (≤ 180 s) cost one `videos.list` unit per 50 new videos. At most 50 subscriptions per user. Following the same source twice in a list → 409.",
  request: { params: ListParams, ...jsonBody(CreateSubscriptionBody) },
  errors: ["conflict", "invalid_url", "limit_reached", "rate_limited", "upstream_unavailable"],
  responses: { 201: jsonContent(Subscription, "Subscribed") },
});

const listRoute = apiRoute({
  ...common,
  method: "get",
  path: "/lists/{id}/subscriptions",
  operationId: "listSubscriptions",
  summary: "The list's subscriptions, newest first",
  description:
    "Each with its filters, when it was last checked and how many videos that check added; cursor-paginated.",
  request: { params: ListParams, query: PageQuery },
  responses: { 200: jsonContent(page(Subscription), "A page of subscriptions") },
});

const remove = apiRoute({
  ...common,
  method: "delete",
  path: "/subscriptions/{id}",
  operationId: "deleteSubscription",
  summary: "Stop following a source",
  description: "Videos the subscription added stay in the list.",
  request: { params: IdParams },
  responses: { 204: { description: "Removed" } },
});

const check = apiRoute({
  ...common,
  method: "post",
  path: "/subscriptions/{id}/check",
  operationId: "checkSubscription",
  summary: "Check the source for new videos now",
  description:
    "Runs one check at once, as the schedule would: `added` videos, and the job auto-process started (`jobId`, or null). A source that has gone sets the subscription's `error` and answers `added: 0`. A used-up YouTube quota → 429 with Retry-After at the next reset. New videos that would take the list or the user past a videos cap → 422 `limit_reached`, nothing added, and the reason kept in the subscription's `error` until a check has room.",
  request: { params: IdParams },
  errors: ["rate_limited", "upstream_unavailable", "limit_reached"],
  responses: { 200: jsonContent(CheckResult, "What the check added") },
});

export const subscriptionRoutes = newRouter()
  .openapi(create, async (c) => {
    const list = await ownList(c, c.req.valid("param").id);
    const row = await createSubscription(c.env, c.var.config, c.var.db, list, c.var.user.id, c.req.valid("json"));
    return c.json(toSubscription(row), 201);
  })
  .openapi(listRoute, async (c) => {
    const list = await ownList(c, c.req.valid("param").id);
    const query = c.req.valid("query");
    const rows = await pageSubscriptions(c.var.db, list.id, query.limit, decodeCursor(query.cursor));
    const { items, nextCursor } = pageFrom(rows, query.limit, (row) => ({ k: row.createdAt, id: row.id }));
    return c.json({ items: items.map(toSubscription), nextCursor }, 200);
  })
  .openapi(remove, async (c) => {
    if (!(await deleteSubscription(c.var.db, c.var.user.id, c.req.valid("param").id))) {
      throw notFound("Subscription");
    }
    return c.body(null, 204);
  })
  .openapi(check, async (c) =>
    c.json(await checkNow(c.env, c.var.config, c.var.db, c.var.user.id, c.req.valid("param").id), 200),
  );
