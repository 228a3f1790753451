/**
 * Passwords, from the request's side: a new one must not be easy to guess, and a right one
 * stored in an older hash format (before the pepper, fewer iterations) is re-hashed on the spot.
 */
import type { Db } from "../db/client";
import type { UserRow } from "../db/schema";
import { updatePasswordHash } from "../db/users";
import { ApiError } from "../errors";
import { dummyPasswordHash, hashPassword, PepperMissingError, verifyPassword } from "../lib/crypto";
import { emailParts, passwordWeakness } from "../lib/password-strength";

/**
 * The hash to store for a new password, or 422 naming `field` when it is too easy to guess.
 * `pepper` is Config.passwordPepper, here and in `passwordMatches`.
 */
export async function newPasswordHash(
  pepper: string | null,
  password: string,
  email: string,
  field: string,
): Promise<string> {
  const weakness = await passwordWeakness(password, emailParts(email));
  if (weakness)
    throw new ApiError("validation_failed", "The request body is not valid", [{ path: field, message: weakness }]);
  return hashPassword(password, pepper);
}

/**
 * Whether `password` is the user's. Without a user it still spends a whole hash, so timing does
 * not tell which emails have accounts. With `rehashIn`, a right password stored in an older
 * format is stored again in today's (left out where the request replaces the password anyway).
 */
export async function passwordMatches(
  pepper: string | null,
  db: Db,
  user: Pick<UserRow, "id" | "passwordHash"> | undefined,
  password: string,
  rehashIn?: (promise: Promise<unknown>) => void,
): Promise<boolean> {
  try {
    const { valid, needsRehash } = await verifyPassword(
      password,
      user?.passwordHash ?? dummyPasswordHash(pepper),
      pepper,
    );
    if (user && needsRehash && rehashIn) {
      rehashIn(hashPassword(password, pepper).then((hash) => updatePasswordHash(db, user.id, hash)));
    }
    return Boolean(user) && valid;
  } catch (error) {
    if (!(error instanceof PepperMissingError)) throw error;
    console.error(
      JSON.stringify({ message: "password check impossible: PASSWORD_PEPPER is not set", userId: user?.id }),
    );
    throw new ApiError("internal", "Signing in is unavailable right now; it has been logged");
  }
}
