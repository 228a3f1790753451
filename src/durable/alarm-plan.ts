/**
 * When the hub's single alarm should next fire: the earliest of every job's pending write,
 * stall check and parked resume, and the next pruning of history.
 */
import type { EventLog } from "./event-log";
import type { HubStorage } from "./hub-storage";
import { FLUSH_INTERVAL_MS } from "./job-writer";

export const HISTORY_RETENTION_MS = 30 * 24 * 60 * 60_000;
/** How long to wait before trying D1 or the queue again after a failure. */
export const ALARM_RETRY_MS = 5_000;

/**
 * The next alarm time, or null when nothing needs one. With `retrySoon` (something failed) it is
 * exactly ALARM_RETRY_MS away: soon enough to recover, late enough not to spin.
 */
export function nextAlarmAt(
  store: HubStorage,
  log: EventLog,
  options: { now: number; stallMs: number; retrySoon: boolean },
): number | null {
  const { now, stallMs, retrySoon } = options;
  const times: number[] = [];
  for (const state of store.jobs("dirty")) times.push(state.flushedAt + FLUSH_INTERVAL_MS);
  for (const state of store.jobs("active")) {
    if (state.status === "running") times.push(state.lastReportAt + stallMs);
    else if (state.pausedReason !== "user" && state.resumesAt !== null) times.push(state.resumesAt);
  }
  const oldest = log.oldestAt();
  if (oldest !== null) times.push(Math.max(oldest + HISTORY_RETENTION_MS, now + 60 * 60_000));
  const floor = retrySoon ? now + ALARM_RETRY_MS : now + 10;
  if (retrySoon) times.push(floor);
  return times.length === 0 ? null : Math.max(floor, Math.min(...times));
}
