/**
 * The hub's outgoing side: every progress event is appended to the log first (so a reconnecting
 * tab can replay it), then sent to every open socket of the user. While a job runs, events are
 * coalesced to at most one per EVENT_INTERVAL_MS; the first event, status changes and the final
 * one go out at once. Each event carries the videos whose status moved since the job's previous
 * event (at most PROGRESS_VIDEOS_MAX; a full list tells the client to re-fetch its rows).
 * Timers and those buffers live in memory only: losing them on eviction is harmless, the next
 * event carries the counts and the client re-reads rows when a job changes status.
 */

import { isJobFinished, PROGRESS_VIDEOS_MAX, progressPercent } from "../shared/constants";
import type { ServerFrame, VideoChange } from "../shared/protocol";
import type { EventLog } from "./event-log";
import type { Outcome } from "./hub-contract";
import type { HubStorage, JobState } from "./hub-storage";

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
  private readonly changes = new Map<string, Map<string, VideoChange>>();

  constructor(
    private readonly store: HubStorage,
    private readonly log: EventLog,
    private readonly sockets: () => WebSocket[],
  ) {}

  /** A video finished: the coalesced event names it and lists its new status. */
  noteOutcome(jobId: string, outcome: Outcome) {
    this.latestVideo.set(jobId, outcome);
    this.noteChange(jobId, {
      id: outcome.videoId,
      status: outcome.status,
      ...(outcome.error ? { error: outcome.error } : {}),
    });
  }

  noteChange(jobId: string, change: VideoChange) {
    const pending = this.changes.get(jobId) ?? new Map<string, VideoChange>();
    // Past the cap the list stays full, which tells the client to re-fetch rather than trust it.
    if (pending.size < PROGRESS_VIDEOS_MAX || pending.has(change.id)) pending.set(change.id, change);
    this.changes.set(jobId, pending);
  }

  /** An event now: starts, status changes, final counts, notes. */
  emit(state: JobState, details: EventDetails) {
    const now = Date.now();
    this.cancelTimer(state.id);
    const videos = [...(this.changes.get(state.id)?.values() ?? [])];
    this.changes.delete(state.id);
    // The final event is the last one a job sends: nothing of it need stay in memory.
    if (isJobFinished(state.status)) this.latestVideo.delete(state.id);
    const event = this.log.append(
      {
        type: "progress",
        jobId: state.id,
        listId: state.listId,
        status: state.status,
        total: state.total,
        processed: state.processed,
        failed: state.failed,
        progress: progressPercent(state.processed, state.failed, state.total),
        pausedReason: state.pausedReason,
        resumesAt: state.resumesAt === null ? null : new Date(state.resumesAt).toISOString(),
        at: new Date(now).toISOString(),
        ...details,
        ...(videos.length > 0 ? { videos } : {}),
      },
      now,
    );
    this.store.touchEvent(state.id, now);
    for (const socket of this.sockets()) send(socket, event);
  }

  /** A progress event now, or at the end of the current interval if one just went out. */
  emitCoalesced(jobId: string) {
    if (this.timers.has(jobId)) return;
    const state = this.store.job(jobId);
    if (!state) return;
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

/** Sends to an open socket; one closing under us is normal during deploys (its client reconnects). */
export function send(socket: WebSocket, frame: ServerFrame) {
  if (socket.readyState !== WebSocket.OPEN) return;
  try {
    socket.send(JSON.stringify(frame));
  } catch (error) {
    console.warn(JSON.stringify({ message: "ProgressHub:send failed", error: String(error) }));
  }
}
