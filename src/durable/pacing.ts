/**
 * The upstream governor's arithmetic, pure so it can be reasoned about and tested alone.
 *
 * Requests and input tokens are each paced with GCRA (the generic cell rate algorithm): a
 * "theoretical arrival time" moves forward by one emission interval per request (per token for
 * tokens), and a caller is given the first moment both allow. A caller who would wait longer than
 * it can afford is refused without reserving anything, so refusals cost the others nothing.
 *
 * Adaptation: a throttle answer (429, rateLimitExceeded) cuts the rate by a quarter, at most once
 * per burst of refusals, and blocks every caller until its RetryInfo / Retry-After has passed;
 * the rate then recovers linearly over minutes, because an upstream that counts a sliding minute
 * only forgives an excess a minute later. A throttle that names the limit it enforces (Gemini's
 * QuotaFailure `quotaValue`) below the configured one is believed instead: permits are paced to
 * the named limit from then on (for an hour, renewed each time it is named, so a raised quota is
 * noticed), with no cut, since the spacing now matches the upstream's own count. A daily quota answer refuses every caller until reset,
 * except one probe every few minutes, so a quota raised or reset early is noticed.
 */

/** The limits configured for one upstream credential. */
export interface Pace {
  perMinute: number;
  tokensPerMinute?: number;
  /** Requests that may start back to back before spacing applies (per-second limits allow some). */
  burst?: number;
}

export interface Cost {
  /** Estimated input tokens of the request, for a tokens-per-minute limit. */
  tokens?: number;
}

export type Permit =
  /** `probe`: let through despite a used-up quota, to see whether it is back. */
  | { granted: true; waitMs: number; probe?: boolean }
  | { granted: false; reason: "rate_limit" | "quota"; retryAt: number; message: string };

/** Per-minute limits an upstream named when it refused. */
export interface NamedLimits {
  perMinute?: number;
  tokensPerMinute?: number;
}

export type Settlement =
  | { kind: "ok"; estimatedTokens?: number; actualTokens?: number; probe?: boolean }
  | { kind: "throttled"; retryAfterMs?: number; limits?: NamedLimits }
  | { kind: "quota"; resumesAt: number; message: string };

export interface PaceState {
  /** Theoretical arrival time of the next request, epoch ms. */
  tat: number;
  tokenTat: number;
  /** Share of the configured rate in force right after the last cut. */
  factorAtCut: number;
  cutAt: number;
  blockedUntil: number;
  quotaUntil: number;
  quotaMessage: string;
  /** When the next caller may go through despite the quota, to see whether it is back. */
  quotaProbeAt: number;
  /** Limits the upstream named below the configured ones (0: none), and when it last named them. */
  namedPerMinute: number;
  namedTokensPerMinute: number;
  namedAt: number;
  /** Counters for benchmarks and tests. */
  granted: number;
  refused: number;
  throttled: number;
}

export const initialPaceState = (): PaceState => ({
  tat: 0,
  tokenTat: 0,
  factorAtCut: 1,
  // Long before any clock reading, so the first throttle is never taken for part of an earlier burst.
  cutAt: Number.MIN_SAFE_INTEGER,
  blockedUntil: 0,
  quotaUntil: 0,
  quotaMessage: "",
  quotaProbeAt: 0,
  namedPerMinute: 0,
  namedTokensPerMinute: 0,
  namedAt: 0,
  granted: 0,
  refused: 0,
  throttled: 0,
});

/**
 * Paced a little under the configured limit: an upstream counting a sliding minute sees requests
 * arrive with varying network delay, and exact spacing would put one request too many in some
 * minute.
 */
export const HEADROOM = 0.97;
const CUT = 0.75;
const MIN_FACTOR = 0.1;
/** Share of the configured rate won back per minute without a throttle answer. */
const RECOVERY_PER_MINUTE = 0.1;
/** Throttle answers this close to the last cut belong to the same burst: one cut for all. */
const SAME_BURST_MS = 5_000;
const QUOTA_PROBE_INTERVAL_MS = 10 * 60_000;
/** How long a limit the upstream named is believed without hearing it again. */
const NAMED_LIMIT_TTL_MS = 60 * 60_000;

/** The configured limits, lowered to what the upstream last named while that is fresh. */
export function effectivePace(state: PaceState, pace: Pace, now: number): Pace {
  if (now - state.namedAt > NAMED_LIMIT_TTL_MS) return pace;
  const lower = (configured: number | undefined, named: number) =>
    named > 0 && (configured === undefined || named < configured) ? named : configured;
  return {
    ...pace,
    perMinute: lower(pace.perMinute, state.namedPerMinute) as number,
    tokensPerMinute: lower(pace.tokensPerMinute, state.namedTokensPerMinute),
  };
}

/**
 * The state after a throttle that named `limits`: fresh named limits, and whether they are lower
 * than those in force (then the refusal is explained, and needs no cut).
 */
function withNamedLimits(state: PaceState, pace: Pace, limits: NamedLimits | undefined, now: number) {
  if (!limits || (limits.perMinute === undefined && limits.tokensPerMinute === undefined)) {
    return { state, lowered: false };
  }
  const current = effectivePace(state, pace, now);
  const lowersRequests = limits.perMinute !== undefined && limits.perMinute < current.perMinute;
  const lowersTokens =
    limits.tokensPerMinute !== undefined &&
    (current.tokensPerMinute === undefined || limits.tokensPerMinute < current.tokensPerMinute);
  const fresh = now - state.namedAt <= NAMED_LIMIT_TTL_MS;
  return {
    state: {
      ...state,
      namedPerMinute: limits.perMinute ?? (fresh ? state.namedPerMinute : 0),
      namedTokensPerMinute: limits.tokensPerMinute ?? (fresh ? state.namedTokensPerMinute : 0),
      namedAt: now,
    },
    lowered: lowersRequests || lowersTokens,
  };
}

export function rateFactor(state: PaceState, now: number): number {
  const recovered = state.factorAtCut + (RECOVERY_PER_MINUTE * Math.max(0, now - state.cutAt)) / 60_000;
  return Math.min(1, recovered);
}

const requestInterval = (pace: Pace, factor: number) => 60_000 / (pace.perMinute * HEADROOM * factor);
const tokenInterval = (pace: Pace, factor: number) =>
  pace.tokensPerMinute ? 60_000 / (pace.tokensPerMinute * HEADROOM * factor) : 0;

export function reserve(
  state: PaceState,
  pace: Pace,
  cost: Cost,
  now: number,
  maxWaitMs: number,
): { state: PaceState; permit: Permit } {
  if (state.quotaUntil > now) {
    if (now >= state.quotaProbeAt) {
      return {
        state: { ...state, quotaProbeAt: now + QUOTA_PROBE_INTERVAL_MS, granted: state.granted + 1 },
        permit: { granted: true, waitMs: 0, probe: true },
      };
    }
    const permit: Permit = { granted: false, reason: "quota", retryAt: state.quotaUntil, message: state.quotaMessage };
    return { state: { ...state, refused: state.refused + 1 }, permit };
  }
  const factor = rateFactor(state, now);
  pace = effectivePace(state, pace, now);
  const interval = requestInterval(pace, factor);
  const tolerance = (Math.max(1, pace.burst ?? 1) - 1) * interval;
  const perToken = tokenInterval(pace, factor);
  const at = Math.max(now, state.tat - tolerance, perToken > 0 ? state.tokenTat : 0, state.blockedUntil);
  if (at - now > maxWaitMs) {
    const permit: Permit = {
      granted: false,
      reason: "rate_limit",
      retryAt: Math.ceil(at),
      message: "Waiting for the upstream rate limit",
    };
    return { state: { ...state, refused: state.refused + 1 }, permit };
  }
  return {
    state: {
      ...state,
      tat: Math.max(state.tat, at) + interval,
      tokenTat: perToken > 0 ? Math.max(state.tokenTat, at) + (cost.tokens ?? 0) * perToken : state.tokenTat,
      granted: state.granted + 1,
    },
    // (The epsilon keeps float residue of the spacing from turning "now" into a 1 ms wait.)
    permit: { granted: true, waitMs: Math.max(0, Math.ceil(at - now - 1e-6)) },
  };
}

export function settle(state: PaceState, pace: Pace, outcome: Settlement, now: number): PaceState {
  switch (outcome.kind) {
    case "ok": {
      // A probe that went through means the quota is back, whatever time it was expected. (Calls
      // let through before the quota ran out say nothing about it.)
      const open = outcome.probe ? { ...state, quotaUntil: 0, quotaProbeAt: 0 } : state;
      const perToken = tokenInterval(effectivePace(open, pace, now), rateFactor(open, now));
      if (perToken === 0 || outcome.actualTokens === undefined || outcome.estimatedTokens === undefined) return open;
      // The reservation used an estimate; charge the real count from here on.
      return { ...open, tokenTat: open.tokenTat + (outcome.actualTokens - outcome.estimatedTokens) * perToken };
    }
    case "throttled": {
      const named = withNamedLimits(state, pace, outcome.limits, now);
      const throttled = named.state.throttled + 1;
      if (named.lowered) {
        // Paced to the named limit from now on. The calls already in flight were paced to the
        // old one and will be refused alike: they belong to this burst, which cuts nothing.
        return {
          ...named.state,
          factorAtCut: rateFactor(state, now),
          cutAt: now,
          blockedUntil: Math.max(state.blockedUntil, now + (outcome.retryAfterMs ?? 0)),
          throttled,
        };
      }
      const sameBurst = now - state.cutAt < SAME_BURST_MS;
      const factor = sameBurst ? state.factorAtCut : Math.max(MIN_FACTOR, rateFactor(state, now) * CUT);
      const retryAfter = outcome.retryAfterMs ?? requestInterval(effectivePace(named.state, pace, now), factor);
      return {
        ...named.state,
        factorAtCut: factor,
        cutAt: sameBurst ? state.cutAt : now,
        blockedUntil: Math.max(state.blockedUntil, now + retryAfter),
        throttled,
      };
    }
    case "quota":
      return {
        ...state,
        quotaUntil: Math.max(state.quotaUntil, outcome.resumesAt),
        quotaMessage: outcome.message,
        quotaProbeAt: Math.max(state.quotaProbeAt, now + QUOTA_PROBE_INTERVAL_MS),
      };
  }
}
