/**
 * The hub's outgoing side: every progress event is appended to the log first (so a reconnecting
 * tab can replay it), then sent to every socket of the user. While a job runs, events are
 * coalesced to at most one per EVENT_INTERVAL_MS; the first event, status changes and the final
 * one go out at once. Timers live in memory only: losing one on eviction is harmless, the next
 * report or the final event carries the counts.
 */

import { isJobFinished, progressPercent } from "../shared/constants";
import type { ServerFrame } from "../shared/protocol";
import type { HubStorage, JobState, Outcome } from "./hub-storage";

/** At most ~4 progress frames per second per job while it runs. */
const EVENT_INTERVAL_MS = 250;

export interface EventDetails {
  message: string;
  videoId?: string;
  title?: string;
  error?: string;
}

export class ProgressFeed {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly latestVideo = new Map<string, Outcome>();

  constructor(
    private readonly store: HubStorage,
    private readonly sockets: () => WebSocket[],
  ) {}

  /** Remembers the video a coalesced event will name. */
  noteVideo(jobId: string, outcome: Outcome) {
    this.latestVideo.set(jobId, outcome);
  }

  /** An event now: starts, status changes, final counts, notes. */
  emit(state: JobState, details: EventDetails) {
    const now = Date.now();
    this.cancelTimer(state.id);
    // The final event is the last one a job sends: nothing of it need stay in memory.
    if (isJobFinished(state.status)) this.latestVideo.delete(state.id);
    const event = this.store.appendEvent(
      {
        type: "progress",
        jobId: state.id,
        listId: state.listId,
        status: state.status,
        total: state.total,
        processed: state.processed,
        failed: state.failed,
        progress: progressPercent(state.processed, state.failed, state.total),
        at: new Date(now).toISOString(),
        ...details,
      },
      now,
    );
    this.store.touchEvent(state.id, now);
    for (const socket of this.sockets()) send(socket, event);
  }

  /** A progress event now, or at the end of the current interval if one just went out. */
  emitCoalesced(jobId: string) {
    if (this.timers.has(jobId)) return;
    const state = this.store.job(jobId) as JobState;
    const wait = state.lastEventAt + EVENT_INTERVAL_MS - Date.now();
    if (wait <= 0) return this.emitProgress(jobId);
    this.timers.set(
      jobId,
      setTimeout(() => {
        this.timers.delete(jobId);
        this.emitProgress(jobId);
      }, wait),
    );
  }

  private emitProgress(jobId: string) {
    const state = this.store.job(jobId);
    if (!state || isJobFinished(state.status)) return;
    const latest = this.latestVideo.get(jobId);
    this.emit(state, {
      message: `${state.processed + state.failed} of ${state.total} done`,
      ...(latest ? { videoId: latest.videoId } : {}),
      ...(latest?.title ? { title: latest.title } : {}),
      ...(latest?.error ? { error: latest.error } : {}),
    });
  }

  private cancelTimer(jobId: string) {
    const timer = this.timers.get(jobId);
    if (timer) clearTimeout(timer);
    this.timers.delete(jobId);
  }
}

export function send(socket: WebSocket, frame: ServerFrame) {
  try {
    socket.send(JSON.stringify(frame));
  } catch {
    // A socket closing under us is normal during deploys; its client reconnects with `after`.
  }
}
