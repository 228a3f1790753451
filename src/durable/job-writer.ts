/**
 * Writes a job's state from the hub to D1 so that no write can be overtaken:
 * - one write in flight per job; whoever asks while one runs waits for it and then writes again
 *   if the job changed meanwhile (single-flight with a follow-up);
 * - each write carries the job's revision and D1 applies it only over an older one;
 * - the job stays dirty until D1 holds its *current* revision: a write that began before a change
 *   (a cancel landing while running counters are on their way) cannot mark the change written.
 * A failed write leaves the job dirty for the alarm to retry; it never throws.
 */
import type { Db } from "../db/client";
import { writeJobState } from "../db/job-progress";
import { toJob } from "../db/jobs";
import { isJobFinished } from "../shared/constants";
import { type HubStorage, isDirty, type JobState } from "./hub-storage";

/** Counters reach D1 at most once a second per job while it runs; status changes go at once. */
export const FLUSH_INTERVAL_MS = 1_000;

export class JobWriter {
  private readonly inFlight = new Map<string, Promise<boolean>>();

  constructor(
    private readonly store: HubStorage,
    private readonly db: () => Db,
  ) {}

  /** Resolves true once D1 holds the job's current revision, false if a write failed. */
  async flush(jobId: string): Promise<boolean> {
    for (;;) {
      const running = this.inFlight.get(jobId);
      if (running) {
        await running;
        continue;
      }
      const state = this.store.job(jobId);
      if (!state || !isDirty(state)) return true;
      const write = this.write(state);
      this.inFlight.set(jobId, write);
      const written = await write;
      this.inFlight.delete(jobId);
      if (!written) return false;
    }
  }

  /**
   * The throttled write for counters: now if no write is in flight and no throttled one began
   * within the interval; otherwise the job stays dirty and the alarm (due at flushedAt +
   * interval) writes it. The throttle's clock moves before the write is awaited, so concurrent
   * reports see it and start no writes of their own. Status changes use `flush` and skip it.
   */
  async flushSoon(jobId: string): Promise<void> {
    const state = this.store.job(jobId);
    if (!state || this.inFlight.has(jobId) || Date.now() - state.flushedAt < FLUSH_INTERVAL_MS) return;
    await this.flushThrottled(jobId);
  }

  /** A write that counts against the throttle: the alarm's, for what flushSoon deferred. */
  async flushThrottled(jobId: string): Promise<boolean> {
    this.store.beginFlush(jobId, Date.now());
    return this.flush(jobId);
  }

  private async write(state: JobState): Promise<boolean> {
    try {
      const row = await writeJobState(this.db(), {
        id: state.id,
        revision: state.revision,
        status: state.status,
        processed: state.processed,
        failed: state.failed,
        errorMessage: state.errorMessage,
        pausedReason: state.pausedReason,
        resumesAt: state.resumesAt === null ? null : new Date(state.resumesAt).toISOString(),
        usage: state.usage,
        finished: isJobFinished(state.status),
        stoppedEarly: state.status === "cancelled" || state.status === "failed",
      });
      if (row) this.store.setBase(state.id, toJob(row));
      this.store.markFlushed(state.id, state.revision, state.status);
      return true;
    } catch (error) {
      console.error(
        JSON.stringify({
          message: "ProgressHub:flush failed; the alarm retries",
          jobId: state.id,
          revision: state.revision,
          error: String(error),
        }),
      );
      return false;
    }
  }
}
