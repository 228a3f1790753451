/**
 * Limits on signing in and signing up, each answering 429 `rate_limited` with Retry-After:
 * - per client address, across all emails: Cloudflare's rate-limiting binding. It counts per
 *   Cloudflare location, which is enough here: one address reaches us through one location.
 * - per email, across all addresses: an AttemptCounter Durable Object per email, because an
 *   attack on one account from many addresses arrives at many locations (see attempt-counter.ts).
 * On sign-in the cheap per-address check runs first, so a flood from one address never reaches
 * the object, D1 or the password hash (a password change is made signed in, and counts per email).
 */
import type { Context } from "hono";
import type { AppEnv, Env } from "../env";
import { ApiError } from "../errors";

/** The bindings' windows (wrangler.toml `[[ratelimits]]`: the period can only be 10 or 60 s). */
const ADDRESS_WINDOW_SECONDS = 60;
/** Login and password checks per email: 10 in any 15 minutes. */
const EMAIL_ATTEMPTS = 10;
const EMAIL_WINDOW_MS = 15 * 60_000;

/**
 * The caller's address as Cloudflare saw it (`CF-Connecting-IP` is set by Cloudflare and cannot
 * be forged through it). An IPv6 client usually holds a whole /64, so that is what counts.
 */
export function clientAddress(c: Context<AppEnv>): string {
  const address = c.req.header("cf-connecting-ip")?.trim().toLowerCase() ?? "";
  if (address === "") return "unknown";
  // IPv4, also when written as IPv6 (::ffff:192.0.2.1): the address itself.
  if (address.includes(".")) return address.slice(address.lastIndexOf(":") + 1);
  return ipv6Slash64(address);
}

function ipv6Slash64(address: string): string {
  const [head = "", tail] = address.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const groups =
    tail === undefined
      ? headGroups
      : [...headGroups, ...Array(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill("0"), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

async function byAddress(limiter: RateLimit | undefined, key: string, message: string) {
  if (!limiter) return;
  const { success } = await limiter.limit({ key });
  if (!success) throw tooMany(message, ADDRESS_WINDOW_SECONDS);
}

/** One attempt at proving to know the password of `email` (sign-in or password change). */
export async function limitPasswordAttempts(env: Env, email: string) {
  const counter = env.ATTEMPT_COUNTER.get(env.ATTEMPT_COUNTER.idFromName(`password:${email}`));
  const verdict = await counter.hit(EMAIL_ATTEMPTS, EMAIL_WINDOW_MS);
  if (!verdict.allowed) {
    throw tooMany("Too many sign-in attempts for this account; try again later", verdict.retryAfterSeconds);
  }
}

export async function limitLoginAttempts(c: Context<AppEnv>, email: string) {
  await byAddress(c.env.LOGIN_LIMITER, `login:${clientAddress(c)}`, "Too many sign-in attempts from your network");
  await limitPasswordAttempts(c.env, email);
}

export async function limitRegistrations(c: Context<AppEnv>) {
  await byAddress(c.env.REGISTER_LIMITER, `register:${clientAddress(c)}`, "Too many sign-ups from your network");
}

const tooMany = (message: string, retryAfterSeconds: number) =>
  new ApiError("rate_limited", `${message}; wait ${retryAfterSeconds} s and try again`, undefined, {
    "Retry-After": String(retryAfterSeconds),
  });
