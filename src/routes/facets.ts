import { createRoute, z } from "@hono/zod-openapi";
import { requireAuth } from "../middleware/auth";
import { videoFacets } from "../services/video-find";
import { Facets } from "../shared/schemas/facets";
import { VideoQuery } from "../shared/schemas/videos";
import { bearerAuth, errorResponses, jsonContent } from "./openapi";
import { ownList } from "./ownership";
import { newRouter } from "./router";

const facets = createRoute({
  method: "get",
  path: "/lists/{id}/facets",
  operationId: "listFacets",
  tags: ["Videos"],
  summary: "Counts of the videos a query selects, by status, channel and field value",
  description:
    "Takes the videos route's query string (`q` and every filter; sort and paging are ignored). " +
    "Enum, boolean and tags fields list their 50 most frequent values; number fields their range.",
  security: bearerAuth,
  middleware: [requireAuth],
  request: { params: z.object({ id: z.string() }), query: VideoQuery },
  responses: { 200: jsonContent(Facets, "The counts"), ...errorResponses(400, 401, 404) },
});

export const facetRoutes = newRouter().openapi(facets, async (c) => {
  const list = await ownList(c, c.req.valid("param").id);
  return c.json(await videoFacets(c.var.db, list, new URL(c.req.url).searchParams), 200);
});
