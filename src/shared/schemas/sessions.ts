/** Login sessions a user can see and end, and the password change that ends the others. */
import { z } from "zod";
import { isoTime } from "./common";
import { EXAMPLE_IDS, EXAMPLE_TIMES } from "./examples";
import { Password } from "./users";

export const Session = z
  .object({
    id: z.string(),
    createdAt: isoTime,
    lastUsedAt: isoTime.nullable(),
    current: z.boolean().meta({ description: "The session this request was made with" }),
  })
  .meta({
    id: "Session",
    examples: [
      { id: EXAMPLE_IDS.session, createdAt: EXAMPLE_TIMES.created, lastUsedAt: EXAMPLE_TIMES.updated, current: true },
    ],
  });
export type Session = z.infer<typeof Session>;

export const PasswordChange = z
  .object({
    currentPassword: z.string().max(1024),
    newPassword: Password,
  })
  .meta({
    examples: [{ currentPassword: "correct horse battery staple", newPassword: "plaid kettle orbit nineteen" }],
  });
