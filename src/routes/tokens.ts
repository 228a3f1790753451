import { z } from "@hono/zod-openapi";
import { deleteApiToken, insertApiToken, listApiTokens } from "../db/tokens";
import { notFound } from "../errors";
import { newTokenSecret, sha256Hex } from "../lib/crypto";
import { newId } from "../lib/ids";
import { checkNewApiToken } from "../services/caps";
import { closeCredentialSockets } from "../services/credentials";
import { unpaged } from "../shared/schemas/common";
import { EXAMPLE_IDS } from "../shared/schemas/examples";
import { ApiToken, CreatedToken, CreateTokenBody } from "../shared/schemas/users";
import { apiRoute, jsonBody, jsonContent } from "./openapi";
import { newRouter } from "./router";

const common = { tag: "API tokens", access: "user" } as const;

const listTokens = apiRoute({
  ...common,
  operationId: "listTokens",
  method: "get",
  path: "/tokens",
  summary: "List API tokens",
  description: "Names, scopes and last use of the user's API tokens; their secrets are never shown again.",
  responses: { 200: jsonContent(unpaged(ApiToken), "Tokens") },
});

const createToken = apiRoute({
  ...common,
  operationId: "createToken",
  method: "post",
  path: "/tokens",
  summary: "Create an API token; the secret is in this response only",
  description:
    "`scope: read` makes a token that may only GET (any other method answers 403 forbidden); `expiresAt` makes it stop working at that time.",
  request: jsonBody(CreateTokenBody),
  errors: ["limit_reached"],
  responses: { 201: jsonContent(CreatedToken, "Created") },
});

const revokeToken = apiRoute({
  ...common,
  operationId: "revokeToken",
  method: "delete",
  path: "/tokens/{id}",
  summary: "Revoke an API token",
  description: "The token stops working, and every WebSocket opened with it closes with code 4401.",
  request: { params: z.object({ id: z.string().meta({ example: EXAMPLE_IDS.apiToken }) }) },
  responses: { 204: { description: "Revoked" } },
});

export const tokenRoutes = newRouter()
  .openapi(listTokens, async (c) => c.json({ items: await listApiTokens(c.var.db, c.var.user.id) }, 200))
  .openapi(createToken, async (c) => {
    await checkNewApiToken(c.var.config.caps, c.var.db, c.var.user.id);
    const { name, scope, expiresAt } = c.req.valid("json");
    const token = newTokenSecret();
    const { lastUsedAt: _never, ...row } = await insertApiToken(c.var.db, {
      id: newId("tok"),
      userId: c.var.user.id,
      name,
      scope,
      expiresAt: expiresAt ?? null,
      tokenHash: await sha256Hex(token),
    });
    return c.json({ ...row, token }, 201);
  })
  .openapi(revokeToken, async (c) => {
    const { id } = c.req.valid("param");
    if (!(await deleteApiToken(c.var.db, c.var.user.id, id))) throw notFound("Token");
    await closeCredentialSockets(c.env, c.var.user.id, [id]);
    return c.body(null, 204);
  });
