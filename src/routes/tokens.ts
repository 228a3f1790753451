import { createRoute, z } from "@hono/zod-openapi";
import { deleteApiToken, insertApiToken, listApiTokens } from "../db/tokens";
import { notFound } from "../errors";
import { newTokenSecret, sha256Hex } from "../lib/crypto";
import { newId } from "../lib/ids";
import { requireAuth } from "../middleware/auth";
import { ApiToken, CreatedToken, CreateTokenBody } from "../shared/schemas/users";
import { bearerAuth, errorResponses, jsonBody, jsonContent } from "./openapi";
import { newRouter } from "./router";

const common = { tags: ["API tokens"], security: bearerAuth, middleware: [requireAuth] };

const listTokens = createRoute({
  ...common,
  method: "get",
  path: "/tokens",
  summary: "List API tokens (secrets are never shown again)",
  responses: { 200: jsonContent(z.object({ items: z.array(ApiToken) }), "Tokens"), ...errorResponses(401) },
});

const createToken = createRoute({
  ...common,
  method: "post",
  path: "/tokens",
  summary: "Create an API token; the secret is in this response only",
  request: jsonBody(CreateTokenBody),
  responses: { 201: jsonContent(CreatedToken, "Created"), ...errorResponses(400, 401, 422) },
});

const revokeToken = createRoute({
  ...common,
  method: "delete",
  path: "/tokens/{id}",
  summary: "Revoke an API token",
  request: { params: z.object({ id: z.string() }) },
  responses: { 204: { description: "Revoked" }, ...errorResponses(401, 404) },
});

export const tokenRoutes = newRouter()
  .openapi(listTokens, async (c) => c.json({ items: await listApiTokens(c.var.db, c.var.user.id) }, 200))
  .openapi(createToken, async (c) => {
    const token = newTokenSecret();
    const row = await insertApiToken(c.var.db, {
      id: newId("tok"),
      userId: c.var.user.id,
      name: c.req.valid("json").name,
      tokenHash: await sha256Hex(token),
    });
    return c.json({ ...row, token }, 201);
  })
  .openapi(revokeToken, async (c) => {
    if (!(await deleteApiToken(c.var.db, c.var.user.id, c.req.valid("param").id))) throw notFound("Token");
    return c.body(null, 204);
  });
