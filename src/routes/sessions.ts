/** The user's login sessions, and the password change that ends every other one. */
import { z } from "@hono/zod-openapi";
import { deleteSession, listSessions } from "../db/tokens";
import { changePassword, findUserByEmail } from "../db/users";
import { ApiError, notFound } from "../errors";
import { limitPasswordAttempts } from "../middleware/rate-limit";
import { closeCredentialSockets } from "../services/credentials";
import { newPasswordHash, passwordMatches } from "../services/passwords";
import { unpaged } from "../shared/schemas/common";
import { EXAMPLE_IDS } from "../shared/schemas/examples";
import { PasswordChange, Session } from "../shared/schemas/sessions";
import { apiRoute, jsonBody, jsonContent } from "./openapi";
import { newRouter } from "./router";

const common = { access: "user" } as const;

const list = apiRoute({
  ...common,
  operationId: "listSessions",
  tag: "Sessions",
  method: "get",
  path: "/sessions",
  summary: "List the live login sessions, newest first",
  description:
    "A session ends 30 days after sign-in or after 7 days without a request, whichever comes first. `current` marks the session of this request.",
  responses: { 200: jsonContent(unpaged(Session), "Sessions") },
});

const end = apiRoute({
  ...common,
  operationId: "endSession",
  tag: "Sessions",
  method: "delete",
  path: "/sessions/{id}",
  summary: "End a session (sign it out)",
  description: "Its token stops working, and every WebSocket opened with it closes with code 4401.",
  request: { params: z.object({ id: z.string().meta({ example: EXAMPLE_IDS.session }) }) },
  responses: { 204: { description: "Ended" } },
});

const password = apiRoute({
  ...common,
  operationId: "changePassword",
  tag: "Auth",
  method: "post",
  path: "/auth/password",
  summary: "Change the password and end every other session",
  description:
    "The session of this request stays signed in; every other session ends and its WebSockets close with code 4401. API tokens keep working. A wrong `currentPassword` answers 401; attempts count against the account's sign-in limit (429 with Retry-After).",
  request: jsonBody(PasswordChange),
  errors: ["rate_limited"],
  responses: { 204: { description: "Changed" } },
});

export const sessionRoutes = newRouter()
  .openapi(list, async (c) => {
    const rows = await listSessions(c.var.db, c.var.user.id);
    return c.json({ items: rows.map((row) => ({ ...row, current: row.id === c.var.credential.id })) }, 200);
  })
  .openapi(end, async (c) => {
    const { id } = c.req.valid("param");
    if (!(await deleteSession(c.var.db, c.var.user.id, id))) throw notFound("Session");
    await closeCredentialSockets(c.env, c.var.user.id, [id]);
    return c.body(null, 204);
  })
  .openapi(password, async (c) => {
    const { currentPassword, newPassword } = c.req.valid("json");
    const { user, credential, db } = c.var;
    await limitPasswordAttempts(c.env, user.email);
    const row = await findUserByEmail(db, user.email);
    if (!row || !(await passwordMatches(c.var.config.passwordPepper, db, row, currentPassword))) {
      throw new ApiError("unauthorized", "The current password is wrong");
    }
    const passwordHash = await newPasswordHash(c.var.config.passwordPepper, newPassword, user.email, "newPassword");
    const ended = await changePassword(db, user.id, passwordHash, credential.id);
    await closeCredentialSockets(c.env, user.id, ended);
    return c.body(null, 204);
  });
