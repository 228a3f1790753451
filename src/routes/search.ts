import { searchVideos } from "../services/video-find";
import { page } from "../shared/schemas/common";
import { SearchHit, SearchQuery } from "../shared/schemas/search";
import { apiRoute, jsonContent } from "./openapi";
import { newRouter } from "./router";

const search = apiRoute({
  operationId: "searchVideos",
  tag: "Videos",
  access: "user",
  method: "get",
  path: "/search",
  summary: "Full-text search across every list of the user, most relevant first",
  description:
    "Word prefixes, case and accent insensitive, over title, description, channel, tags, chapter " +
    "titles and text/tags field values. Each hit names its list and says where it matched.",
  request: { query: SearchQuery },
  responses: { 200: jsonContent(page(SearchHit), "A page of hits") },
});

export const searchRoutes = newRouter().openapi(search, async (c) =>
  c.json(await searchVideos(c.var.db, c.var.user.id, c.req.valid("query")), 200),
);
