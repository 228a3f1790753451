import { z } from "@hono/zod-openapi";
import { videoFacets } from "../services/video-find";
import { EXAMPLE_IDS } from "../shared/schemas/examples";
import { Facets } from "../shared/schemas/facets";
import { VideoQuery } from "../shared/schemas/videos";
import { apiRoute, jsonContent } from "./openapi";
import { ownList } from "./ownership";
import { newRouter } from "./router";

const facets = apiRoute({
  operationId: "listFacets",
  tag: "Videos",
  access: "user",
  method: "get",
  path: "/lists/{id}/facets",
  summary: "Counts of the videos a query selects, by status, channel and field value",
  description:
    "Takes the videos route's query string (`q` and every filter; sort and paging are ignored). " +
    "Enum, boolean and tags fields list their 50 most frequent values; number fields their range.",
  request: { params: z.object({ id: z.string().meta({ example: EXAMPLE_IDS.list }) }), query: VideoQuery },
  responses: { 200: jsonContent(Facets, "The counts") },
});

export const facetRoutes = newRouter().openapi(facets, async (c) => {
  const list = await ownList(c, c.req.valid("param").id);
  return c.json(await videoFacets(c.var.db, list, new URL(c.req.url).searchParams), 200);
});
