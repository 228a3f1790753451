/**
 * Calls through the upstream governor: ask for a permit, wait it out when it is short, make the
 * call, say how it went. A throttle answer is waited out and tried again (the governor has slowed
 * everyone down meanwhile); a wait longer than the caller can afford, or a used-up daily quota,
 * becomes `MustWait`, which the queue turns into a parked job instead of burning deliveries.
 */
import { nextQuotaReset } from "../domain/quota-reset";
import type { Env } from "../env";
import { UpstreamError } from "../providers/upstream-error";
import type { Cost, Pace } from "./pacing";

export type Upstream = "gemini" | "workers-ai" | "youtube" | "oembed";

/** The job cannot go on before `resumesAt`: it waits, parked, instead of failing. */
export class MustWait extends Error {
  constructor(
    readonly reason: "rate_limit" | "quota",
    readonly resumesAt: number,
    message: string,
  ) {
    super(message);
    this.name = "MustWait";
  }
}

/** Throttle answers waited out within one call before the job parks instead. */
const THROTTLED_RETRIES = 3;
const PARK_AFTER_THROTTLES_MS = 60_000;

async function credentialHash(credential: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(credential));
  return [...new Uint8Array(digest).slice(0, 8)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The governor of one upstream credential; the key itself never leaves this Worker. */
export async function governorFor(env: Env, upstream: Upstream, credential: string) {
  const name = `${upstream}:${await credentialHash(credential)}`;
  return env.UPSTREAM_GOVERNOR.get(env.UPSTREAM_GOVERNOR.idFromName(name));
}
export type Governor = Awaited<ReturnType<typeof governorFor>>;

export interface GovernedOptions<T> {
  governor: Governor;
  pace: Pace;
  cost?: Cost;
  /** The longest this caller waits for a permit before parking its job instead. */
  maxWaitMs: number;
  /** The real input token count of a result, to correct the estimate in `cost`. */
  tokensOf?: (result: T) => number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function governed<T>(call: () => Promise<T>, options: GovernedOptions<T>): Promise<T> {
  const { governor, pace, cost = {}, maxWaitMs } = options;
  for (let throttles = 0; ; ) {
    const permit = await governor.acquire(pace, cost, maxWaitMs);
    if (!permit.granted) throw new MustWait(permit.reason, permit.retryAt, permit.message);
    if (permit.waitMs > 0) await sleep(permit.waitMs);
    try {
      const result = await call();
      const actualTokens = options.tokensOf?.(result);
      // A plain success tells the governor nothing (the permit was already counted): no round trip.
      if (permit.probe || (cost.tokens !== undefined && actualTokens !== undefined)) {
        await governor.settle(pace, { kind: "ok", estimatedTokens: cost.tokens, actualTokens, probe: permit.probe });
      }
      return result;
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      if (error.kind === "throttled") {
        const retryAfterMs = error.retryAfterSeconds === undefined ? undefined : error.retryAfterSeconds * 1000;
        await governor.settle(pace, { kind: "throttled", retryAfterMs, limits: error.limits });
        if (++throttles <= THROTTLED_RETRIES) continue;
        throw new MustWait(
          "rate_limit",
          Date.now() + Math.max(retryAfterMs ?? 0, PARK_AFTER_THROTTLES_MS),
          error.message,
        );
      }
      if (error.kind === "quota") {
        const resumesAt = nextQuotaReset(error.quotaResets ?? "midnight-pacific", Date.now());
        await governor.settle(pace, { kind: "quota", resumesAt, message: error.message });
        throw new MustWait("quota", resumesAt, error.message);
      }
      throw error;
    }
  }
}
