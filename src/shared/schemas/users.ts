/** Users, sign-in and API tokens. */
import { z } from "zod";
import { isoTime } from "./common";

export const User = z.object({ id: z.string(), email: z.string(), createdAt: isoTime }).meta({ id: "User" });
export type User = z.infer<typeof User>;

export const Credentials = z.object({
  // Trimmed and lower-cased before the format check, as login does: " Ada@x.com " is ada@x.com.
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)).meta({ example: "ada@example.com" }),
  password: z.string().min(8, "Password must be at least 8 characters").max(1024),
});

export const AuthResult = z.object({ user: User, token: z.string() }).meta({ id: "AuthResult" });

export const ApiToken = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: isoTime,
    lastUsedAt: isoTime.nullable(),
  })
  .meta({ id: "ApiToken" });
export type ApiToken = z.infer<typeof ApiToken>;

export const CreateTokenBody = z.object({ name: z.string().trim().min(1).max(100) });
export const CreatedToken = z
  .object({ id: z.string(), name: z.string(), token: z.string(), createdAt: isoTime })
  .meta({ id: "CreatedToken" });
