/**
 * Reconnect delays: a random start between 1 and 3 s (so many tabs after a server restart do not
 * reconnect in lockstep), doubling on every failed attempt, never above 30 s.
 */
export const BACKOFF_MIN_MS = 1_000;
export const BACKOFF_JITTER_MS = 2_000;
export const BACKOFF_CAP_MS = 30_000;

export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const start = BACKOFF_MIN_MS + random() * BACKOFF_JITTER_MS;
  return Math.min(BACKOFF_CAP_MS, Math.round(start * 2 ** attempt));
}
