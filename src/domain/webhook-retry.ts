/**
 * When a failed webhook attempt is tried again, and when an endpoint is given up on.
 * Delays grow ×6 from 5 s and are capped at the queue's longest delay (12 h): 5 s, 30 s, 3 min,
 * 18 min, 1.8 h, 10.8 h, 12 h, so the eighth and last attempt comes about 25 h after the first.
 */
export const MAX_QUEUE_DELAY_SECONDS = 12 * 60 * 60;
export const RETRY_DELAYS_SECONDS = [5, 30, 180, 1_080, 6_480, 38_880, MAX_QUEUE_DELAY_SECONDS] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

/** An endpoint whose deliveries have all failed for this long is disabled. */
export const DISABLE_AFTER_MS = 3 * 24 * 60 * 60 * 1000;

/** Seconds to wait after the `attempts`-th failed attempt, or null when that was the last. */
export const retryDelaySeconds = (attempts: number): number | null => RETRY_DELAYS_SECONDS[attempts - 1] ?? null;

/** Failing since `failingSince` (ISO, null when the last attempt succeeded): time to give up? */
export const shouldDisable = (failingSince: string | null, now: number) =>
  failingSince !== null && now - Date.parse(failingSince) >= DISABLE_AFTER_MS;

export const disabledReason = (failingSince: string, lastFailure: string) =>
  `Disabled: every delivery failed since ${failingSince} (last: ${lastFailure}). Delete it and add it again once the receiver works.`;
