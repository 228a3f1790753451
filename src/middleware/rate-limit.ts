/**
 * Login throttling through Cloudflare's Rate Limiting binding (counted at the edge, per key).
 * Keyed by email and client address, so one attacker cannot lock a victim out from elsewhere.
 */
import type { Env } from "../env";
import { ApiError } from "../errors";

const LOGIN_WINDOW_SECONDS = 60;

export async function limitLoginAttempts(env: Env, email: string, clientAddress: string | undefined) {
  if (!env.LOGIN_LIMITER) return;
  const { success } = await env.LOGIN_LIMITER.limit({ key: `login:${email}:${clientAddress ?? "unknown"}` });
  if (!success) {
    throw new ApiError("rate_limited", "Too many sign-in attempts; wait a minute and try again", undefined, {
      "Retry-After": String(LOGIN_WINDOW_SECONDS),
    });
  }
}
