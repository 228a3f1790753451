import { createRoute } from "@hono/zod-openapi";
import { requireAuth } from "../middleware/auth";
import { searchVideos } from "../services/video-find";
import { page } from "../shared/schemas/common";
import { SearchHit, SearchQuery } from "../shared/schemas/search";
import { bearerAuth, errorResponses, jsonContent } from "./openapi";
import { newRouter } from "./router";

const search = createRoute({
  method: "get",
  path: "/search",
  operationId: "searchVideos",
  tags: ["Videos"],
  summary: "Full-text search across every list of the user, most relevant first",
  description:
    "Word prefixes, case and accent insensitive, over title, description, channel, tags, chapter " +
    "titles and text/tags field values. Each hit names its list and says where it matched.",
  security: bearerAuth,
  middleware: [requireAuth],
  request: { query: SearchQuery },
  responses: { 200: jsonContent(page(SearchHit), "A page of hits"), ...errorResponses(400, 401) },
});

export const searchRoutes = newRouter().openapi(search, async (c) =>
  c.json(await searchVideos(c.var.db, c.var.user.id, c.req.valid("query")), 200),
);
