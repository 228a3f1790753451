import { createRoute, z } from "@hono/zod-openapi";
import { getConnInfo } from "hono/cloudflare-workers";
import { isUniqueViolation } from "../db/client";
import { deleteTokenByHash, insertSession } from "../db/tokens";
import { findUserByEmail, insertUserWithSession, toUser } from "../db/users";
import { ApiError } from "../errors";
import { DUMMY_PASSWORD_HASH, hashPassword, newTokenSecret, sha256Hex, verifyPassword } from "../lib/crypto";
import { newId } from "../lib/ids";
import { requireAuth } from "../middleware/auth";
import { limitLoginAttempts } from "../middleware/rate-limit";
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
  request: jsonBody(Credentials),
  responses: { 201: jsonContent(AuthResult, "Signed up"), ...errorResponses(400, 409, 413, 422) },
});

const login = createRoute({
  method: "post",
  path: "/auth/login",
  tags: ["Auth"],
  summary: "Sign in with email and password",
  request: jsonBody(z.object({ email: z.string().max(254), password: z.string().max(1024) })),
  responses: { 200: jsonContent(AuthResult, "Signed in"), ...errorResponses(400, 401, 422, 429) },
});

const logout = createRoute({
  method: "post",
  path: "/auth/logout",
  tags: ["Auth"],
  summary: "Revoke the token used for this request",
  security: bearerAuth,
  middleware: [requireAuth],
  responses: { 204: { description: "Signed out" }, ...errorResponses(401) },
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
    const { token, session } = await newSession();
    try {
      const user = await insertUserWithSession(
        c.var.db,
        { id: newId("usr"), email: normalizeEmail(email), passwordHash: await hashPassword(password) },
        session,
      );
      return c.json({ user: toUser(user), token }, 201);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ApiError("conflict", "An account with this email already exists");
      throw error;
    }
  })
  .openapi(login, async (c) => {
    const { password } = c.req.valid("json");
    const email = normalizeEmail(c.req.valid("json").email);
    await limitLoginAttempts(c.env, email, getConnInfo(c).remote.address ?? c.req.header("cf-connecting-ip"));
    const user = await findUserByEmail(c.var.db, email);
    // Verify against a dummy hash when the email is unknown, so timing does not reveal accounts.
    const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!user || !valid) throw new ApiError("unauthorized", "Wrong email or password");
    const { token, session } = await newSession();
    await insertSession(c.var.db, user.id, session);
    return c.json({ user: toUser(user), token }, 200);
  })
  .openapi(logout, async (c) => {
    await deleteTokenByHash(c.var.db, c.var.tokenHash);
    return c.body(null, 204);
  })
  .openapi(me, (c) => c.json({ user: c.var.user }, 200));
