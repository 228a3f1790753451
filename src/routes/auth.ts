import { createRoute, z } from "@hono/zod-openapi";
import { isUniqueViolation } from "../db/client";
import { deleteToken, insertSession } from "../db/tokens";
import { findUserByEmail, insertUserWithSession, toUser } from "../db/users";
import { ApiError } from "../errors";
import { newTokenSecret, sha256Hex } from "../lib/crypto";
import { newId } from "../lib/ids";
import { requireAuth } from "../middleware/auth";
import { limitLoginAttempts, limitRegistrations } from "../middleware/rate-limit";
import { closeCredentialSockets } from "../services/credentials";
import { newPasswordHash, passwordMatches } from "../services/passwords";
import { AuthResult, Credentials, User } from "../shared/schemas/users";
import { bearerAuth, errorResponses, jsonBody, jsonContent } from "./openapi";
import { newRouter } from "./router";

const normalizeEmail = (email: string) => email.trim().toLowerCase();

async function newSession() {
  const token = newTokenSecret();
  return { token, session: { id: newId("tok"), tokenHash: await sha256Hex(token) } };
}

const register = createRoute({
  method: "post",
  path: "/auth/register",
  tags: ["Auth"],
  summary: "Create an account and sign in",
  description:
    "The password must be at least 8 characters and not easy to guess (common passwords, words, names, keyboard patterns and the email itself are refused with 422). Limited per client address (429 with Retry-After).",
  request: jsonBody(Credentials),
  responses: { 201: jsonContent(AuthResult, "Signed up"), ...errorResponses(400, 409, 413, 422, 429) },
});

const login = createRoute({
  method: "post",
  path: "/auth/login",
  tags: ["Auth"],
  summary: "Sign in with email and password",
  description:
    "Limited per email across all clients and per client address across all emails; either answers 429 with Retry-After, even for the right password.",
  request: jsonBody(z.object({ email: z.string().max(254), password: z.string().max(1024) })),
  responses: { 200: jsonContent(AuthResult, "Signed in"), ...errorResponses(400, 401, 422, 429) },
});

const logout = createRoute({
  method: "post",
  path: "/auth/logout",
  tags: ["Auth"],
  summary: "Revoke the token used for this request",
  description: "The token stops working, and every WebSocket opened with it closes with code 4401.",
  security: bearerAuth,
  middleware: [requireAuth],
  responses: { 204: { description: "Signed out" }, ...errorResponses(401, 403) },
});

const me = createRoute({
  method: "get",
  path: "/me",
  tags: ["Auth"],
  summary: "The signed-in user",
  security: bearerAuth,
  middleware: [requireAuth],
  responses: { 200: jsonContent(z.object({ user: User }), "The user"), ...errorResponses(401) },
});

export const authRoutes = newRouter()
  .openapi(register, async (c) => {
    const { email, password } = c.req.valid("json");
    await limitRegistrations(c);
    const passwordHash = await newPasswordHash(c.env, password, email, "password");
    const { token, session } = await newSession();
    try {
      const user = await insertUserWithSession(c.var.db, { id: newId("usr"), email, passwordHash }, session);
      return c.json({ user: toUser(user), token }, 201);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ApiError("conflict", "An account with this email already exists");
      throw error;
    }
  })
  .openapi(login, async (c) => {
    const { password } = c.req.valid("json");
    const email = normalizeEmail(c.req.valid("json").email);
    await limitLoginAttempts(c, email);
    const user = await findUserByEmail(c.var.db, email);
    if (!(await passwordMatches(c.env, c.var.db, user, password, (p) => c.executionCtx.waitUntil(p))) || !user) {
      throw new ApiError("unauthorized", "Wrong email or password");
    }
    const { token, session } = await newSession();
    await insertSession(c.var.db, user.id, session);
    return c.json({ user: toUser(user), token }, 200);
  })
  .openapi(logout, async (c) => {
    await deleteToken(c.var.db, c.var.credential.id);
    await closeCredentialSockets(c.env, c.var.user.id, [c.var.credential.id]);
    return c.body(null, 204);
  })
  .openapi(me, (c) => c.json({ user: c.var.user }, 200));
