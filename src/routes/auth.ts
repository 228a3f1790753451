import { z } from "@hono/zod-openapi";
import { isUniqueViolation } from "../db/client";
import { deleteToken, insertSession } from "../db/tokens";
import { findUserByEmail, insertUserWithSession, toUser } from "../db/users";
import { ApiError } from "../errors";
import { newTokenSecret, sha256Hex } from "../lib/crypto";
import { newId } from "../lib/ids";
import { limitLoginAttempts, limitRegistrations } from "../middleware/rate-limit";
import { closeCredentialSockets } from "../services/credentials";
import { newPasswordHash, passwordMatches } from "../services/passwords";
import { examplesOf } from "../shared/schemas/common";
import { AuthResult, Credentials, User } from "../shared/schemas/users";
import { apiRoute, jsonBody, jsonContent } from "./openapi";
import { newRouter } from "./router";

const normalizeEmail = (email: string) => email.trim().toLowerCase();

async function newSession() {
  const token = newTokenSecret();
  return { token, session: { id: newId("tok"), tokenHash: await sha256Hex(token) } };
}

const register = apiRoute({
  operationId: "register",
  access: "public",
  tag: "Auth",
  method: "post",
  path: "/auth/register",
  summary: "Create an account and sign in",
  description:
    "The password must be at least 8 characters and not easy to guess (common passwords, words, names, keyboard patterns and the email itself are refused with 422). Limited per client address (429 with Retry-After).",
  request: jsonBody(Credentials),
  errors: ["conflict", "rate_limited"],
  responses: { 201: jsonContent(AuthResult, "Signed up") },
});

const login = apiRoute({
  operationId: "login",
  access: "public",
  tag: "Auth",
  method: "post",
  path: "/auth/login",
  summary: "Sign in with email and password",
  description:
    "Limited per email across all clients and per client address across all emails; either answers 429 with Retry-After, even for the right password.",
  request: jsonBody(
    z
      .object({ email: z.string().max(254), password: z.string().max(1024) })
      .meta({ examples: [{ email: "ada@example.com", password: "correct horse battery staple" }] }),
  ),
  errors: ["unauthorized", "rate_limited"],
  responses: { 200: jsonContent(AuthResult, "Signed in") },
});

const logout = apiRoute({
  operationId: "logout",
  access: "user",
  tag: "Auth",
  method: "post",
  path: "/auth/logout",
  summary: "Revoke the token used for this request",
  description: "The token stops working, and every WebSocket opened with it closes with code 4401.",
  responses: { 204: { description: "Signed out" } },
});

const me = apiRoute({
  operationId: "getMe",
  access: "user",
  tag: "Auth",
  method: "get",
  path: "/me",
  summary: "The signed-in user",
  description: "Who the token belongs to; a cheap way to check that a token still works.",
  responses: {
    200: jsonContent(
      z.object({ user: User }).meta({ examples: examplesOf(User).map((user) => ({ user })) }),
      "The user",
    ),
  },
});

export const authRoutes = newRouter()
  .openapi(register, async (c) => {
    const { email, password } = c.req.valid("json");
    await limitRegistrations(c);
    const passwordHash = await newPasswordHash(c.var.config.passwordPepper, password, email, "password");
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
    if (
      !(await passwordMatches(c.var.config.passwordPepper, c.var.db, user, password, (p) =>
        c.executionCtx.waitUntil(p),
      )) ||
      !user
    ) {
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
