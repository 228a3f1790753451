/** Users, sign-in and API tokens. */
import { z } from "zod";
import { TOKEN_SCOPES } from "../constants";
import { isoTime } from "./common";
import { EXAMPLE_IDS, EXAMPLE_TIMES } from "./examples";

const exampleUser = { id: EXAMPLE_IDS.user, email: "ada@example.com", createdAt: EXAMPLE_TIMES.created };
/** A bearer secret as newSecret() makes it: `tl_` and 256 random bits, base64url. */
const exampleSecret = "tl_ZKjO4ljmaFrogQ4m9eAHv_GIq4jggFSbxI-tCO_XOjM";

export const User = z
  .object({ id: z.string(), email: z.string(), createdAt: isoTime })
  .meta({ id: "User", examples: [exampleUser] });
export type User = z.infer<typeof User>;

/** The shape of a new password; whether it is too common is checked by the server, not here. */
export const Password = z.string().min(8, "Password must be at least 8 characters").max(1024);

export const Credentials = z
  .object({
    // Trimmed and lower-cased before the format check, as login does: " Ada@x.com " is ada@x.com.
    email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
    password: Password,
  })
  .meta({ examples: [{ email: "ada@example.com", password: "correct horse battery staple" }] });

export const AuthResult = z
  .object({ user: User, token: z.string() })
  .meta({ id: "AuthResult", examples: [{ user: exampleUser, token: exampleSecret }] });

const TokenScope = z.enum(TOKEN_SCOPES).meta({
  description: "`read`: GET requests only (anything else answers 403 forbidden); `write`: everything",
});

export const ApiToken = z
  .object({
    id: z.string(),
    name: z.string(),
    scope: TokenScope,
    createdAt: isoTime,
    lastUsedAt: isoTime.nullable(),
    expiresAt: isoTime.nullable(),
  })
  .meta({
    id: "ApiToken",
    examples: [
      {
        id: EXAMPLE_IDS.apiToken,
        name: "Nightly export",
        scope: "read",
        createdAt: EXAMPLE_TIMES.created,
        lastUsedAt: EXAMPLE_TIMES.updated,
        expiresAt: "2027-11-23T00:00:00.000Z",
      },
    ],
  });
export type ApiToken = z.infer<typeof ApiToken>;

export const CreateTokenBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    scope: TokenScope.default("write"),
    expiresAt: z.iso
      .datetime({ offset: true })
      .transform((value) => new Date(value).toISOString())
      .refine((value) => Date.parse(value) > Date.now(), "expiresAt must be in the future")
      .optional()
      .meta({ description: "When the token stops working; without it, it works until revoked" }),
  })
  .meta({ examples: [{ name: "Nightly export", scope: "read", expiresAt: "2027-11-23T00:00:00.000Z" }] });
export const CreatedToken = ApiToken.omit({ lastUsedAt: true })
  .extend({ token: z.string().meta({ description: "The secret, shown in this response only" }) })
  .meta({
    id: "CreatedToken",
    examples: [
      {
        id: EXAMPLE_IDS.apiToken,
        name: "Nightly export",
        scope: "read",
        createdAt: EXAMPLE_TIMES.created,
        expiresAt: "2027-11-23T00:00:00.000Z",
        token: exampleSecret,
      },
    ],
  });
