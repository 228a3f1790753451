/**
 * `POST /mcp`: a Model Context Protocol server over Streamable HTTP, on the official SDK's
 * Web-standard transport. Stateless: each request builds a server for the caller's credential
 * and answers with JSON (no SSE stream, no session), which is all these request/response tools
 * need and leaves nothing to keep between requests. The credential is the API's own bearer token;
 * without a valid one the answer is 401 with `WWW-Authenticate`, as for any API route.
 */
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { ApiError, errorBody, errorResponse } from "../errors";
import { buildMcpServer } from "../mcp/tools";
import { authenticate, bearerSecret } from "../middleware/auth";
import { LIMITS } from "../shared/constants";

const CHALLENGE = { "WWW-Authenticate": 'Bearer realm="tubelist", error="invalid_token"' };

export const mcpRoutes = (version: string) =>
  new Hono<AppEnv>()
    .post("/mcp", async (c) => {
      const { db, config } = c.var;
      let identity: Awaited<ReturnType<typeof authenticate>>;
      try {
        identity = await authenticate(db, bearerSecret(c.req.header("Authorization")), (p) =>
          c.executionCtx.waitUntil(p),
        );
      } catch (error) {
        if (error instanceof ApiError) {
          return errorResponse(c, new ApiError(error.code, error.message, undefined, CHALLENGE));
        }
        throw error;
      }
      const server = buildMcpServer(
        { env: c.env, config, db, userId: identity.user.id, credential: identity.credential },
        version,
      );
      const transport = new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: undefined,
        enableJsonResponse: true,
        maxRequestBodySize: LIMITS.jsonBodyBytes,
      });
      await server.connect(transport);
      return transport.handleRequest(c.req.raw);
    })
    // Stateless: no server-initiated stream to open and no session to end.
    .on(["GET", "DELETE"], "/mcp", (c) =>
      c.json(errorBody("bad_request", "This MCP server is stateless: send JSON-RPC with POST"), 405, { Allow: "POST" }),
    );
