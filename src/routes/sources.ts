import { z } from "@hono/zod-openapi";
import { importSource, previewSource } from "../services/source-import";
import { EXAMPLE_IDS } from "../shared/schemas/examples";
import { SourceBody, SourceImportBody, SourceImportResult, SourcePreview } from "../shared/schemas/sources";
import { apiRoute, jsonBody, jsonContent } from "./openapi";
import { ownList } from "./ownership";
import { newRouter } from "./router";

const common = { tag: "Sources", access: "user" } as const;
const ListParams = z.object({ id: z.string().meta({ example: EXAMPLE_IDS.list }) });

const SOURCE_FORMS =
  "Accepted: a playlist URL (`list=`, also a watch URL carrying one), a channel URL (`/channel/UC…`), a handle (`@name`, `youtube.com/@name`), `/c/NAME` and `/user/NAME` URLs, or a bare channel or playlist id.";

const preview = apiRoute({
  ...common,
  method: "post",
  path: "/lists/{id}/sources/preview",
  operationId: "previewSource",
  summary: "What a playlist or channel holds, and how much of it the list already has",
  description: `${SOURCE_FORMS} Costs 2–3 YouTube quota units. \`alreadyInList\` is counted over the source's first page (\`sampled\`, up to 50 of its videos). Unknown or private source → 404; a link that is no playlist or channel (a single video, another site) → 422 \`invalid_url\`.`,
  request: { params: ListParams, ...jsonBody(SourceBody) },
  errors: ["invalid_url", "rate_limited", "upstream_unavailable"],
  responses: { 200: jsonContent(SourcePreview, "The source") },
});

const importRoute = apiRoute({
  ...common,
  method: "post",
  path: "/lists/{id}/sources/import",
  operationId: "importSource",
  summary: "Add a playlist's or channel's newest videos to the list",
  description: `${SOURCE_FORMS} Takes up to \`limit\` (1–5,000, default 500) of the source's newest available videos (private and deleted placeholders are skipped), reading \`playlistItems.list\` 50 at a time (1 quota unit each). Videos are added as bulk add adds them (pending; those already in the list count as duplicates), all at once after every page was read: a failed import adds nothing. Calls share the YouTube key's budget with processing: a YouTube throttle is waited out; a used-up daily quota → 429 \`rate_limited\` with Retry-After at the next reset (midnight Pacific time), and a throttle that does not let up → 429 with Retry-After. The units spent (every request sent) count in today's \`GET /api/usage\`.`,
  request: { params: ListParams, ...jsonBody(SourceImportBody) },
  errors: ["invalid_url", "limit_reached", "rate_limited", "upstream_unavailable"],
  responses: { 200: jsonContent(SourceImportResult, "What was added") },
});

export const sourceRoutes = newRouter()
  .openapi(preview, async (c) => {
    const list = await ownList(c, c.req.valid("param").id);
    const { url } = c.req.valid("json");
    return c.json(
      await previewSource(c.env, c.var.config, c.var.db, { listId: list.id, userId: c.var.user.id }, url),
      200,
    );
  })
  .openapi(importRoute, async (c) => {
    const list = await ownList(c, c.req.valid("param").id);
    const body = c.req.valid("json");
    return c.json(
      await importSource(c.env, c.var.config, c.var.db, { listId: list.id, userId: c.var.user.id }, body),
      200,
    );
  });
