import { isJobFinished } from "../../../src/shared/constants";
import type { ProgressEvent } from "../../../src/shared/protocol";
import type { Job } from "../../../src/shared/schemas/jobs";
import { jobs, jobsKnown, type LiveJob } from "../store/server-state";
import { noteProgress } from "./job-rate";

/**
 * How socket snapshots, progress events and REST answers merge into the store's jobs. Pages read
 * the store to show live state; transitions (started, finished…) feed the announcer and toasts.
 */
export type { LiveJob };

export type JobTransition = { kind: "started" | "finished"; job: LiveJob };

/** Finished jobs stay on the dashboard this long, then leave it. */
export const FINISHED_JOB_VISIBLE_MS = 5 * 60_000;

const transitionListeners = new Set<(transition: JobTransition) => void>();
const eventListeners = new Set<(event: ProgressEvent) => void>();

export function onJobTransition(listener: (transition: JobTransition) => void) {
  transitionListeners.add(listener);
  return () => transitionListeners.delete(listener);
}

/** Raw progress events, for views that react to individual videos (the video table). */
export function onProgressEvent(listener: (event: ProgressEvent) => void) {
  eventListeners.add(listener);
  return () => eventListeners.delete(listener);
}

function emit(transition: JobTransition) {
  for (const listener of [...transitionListeners]) listener(transition);
}

/** A snapshot is the server's truth at connect time; jobs it no longer lists have aged out. */
export function applySnapshot(snapshot: Job[]) {
  const previous = jobs.value;
  const next: Record<string, LiveJob> = {};
  for (const job of snapshot) {
    const before = previous[job.id];
    const merged: LiveJob = {
      ...job,
      currentTitle: before?.currentTitle ?? null,
      lastMessage: before?.lastMessage ?? null,
    };
    next[job.id] = merged;
    if (before && !isJobFinished(before.status) && isJobFinished(job.status)) emit({ kind: "finished", job: merged });
  }
  // Keep jobs this tab started or fetched that the snapshot omits only because they are older.
  for (const [id, job] of Object.entries(previous)) {
    if (!next[id] && isJobFinished(job.status) && isRecent(job)) next[id] = job;
  }
  jobs.value = next;
  jobsKnown.value = true;
}

export function applyEvent(event: ProgressEvent) {
  const before = jobs.value[event.jobId];
  if (!before || !isStale(before, event)) {
    const job = mergeEvent(before, event);
    if (job.status === "running") noteProgress(job.id, Date.parse(event.at), job.processed + job.failed);
    jobs.value = { ...jobs.value, [job.id]: job };
    if (!before && !isJobFinished(job.status)) emit({ kind: "started", job });
    if (before && !isJobFinished(before.status) && isJobFinished(job.status)) emit({ kind: "finished", job });
  }
  for (const listener of [...eventListeners]) listener(event);
}

/** A job learned from a REST answer (the process dialog, the jobs page). */
export function upsertJob(job: Job) {
  const before = jobs.value[job.id];
  if (before && before.updatedAt > job.updatedAt) return;
  const merged: LiveJob = {
    ...job,
    currentTitle: before?.currentTitle ?? null,
    lastMessage: before?.lastMessage ?? null,
  };
  jobs.value = { ...jobs.value, [job.id]: merged };
  if (!before && !isJobFinished(job.status)) emit({ kind: "started", job: merged });
  if (before && !isJobFinished(before.status) && isJobFinished(job.status)) emit({ kind: "finished", job: merged });
}

export function clearJobs() {
  jobs.value = {};
  jobsKnown.value = false;
}

/**
 * Replayed events can be older than the snapshot sent just before them. Counts only grow and a
 * finished job never runs again, so an event that would move either backwards is history.
 */
function isStale(job: LiveJob, event: ProgressEvent): boolean {
  if (isJobFinished(job.status) && !isJobFinished(event.status)) return true;
  if (event.processed + event.failed < job.processed + job.failed) return true;
  return event.at < job.updatedAt;
}

function mergeEvent(before: LiveJob | undefined, event: ProgressEvent): LiveJob {
  const finished = isJobFinished(event.status);
  return {
    id: event.jobId,
    listId: event.listId,
    force: before?.force ?? false,
    pipelineVersion: before?.pipelineVersion ?? "",
    createdAt: before?.createdAt ?? event.at,
    startedAt: before?.startedAt ?? event.at,
    errorMessage: event.error ?? (finished ? (before?.errorMessage ?? null) : null),
    pausedReason: event.pausedReason ?? null,
    resumesAt: event.resumesAt ?? null,
    usage: before?.usage ?? { youtubeUnits: 0, aiCalls: 0, inputTokens: 0, outputTokens: 0, thinkingTokens: 0 },
    status: event.status,
    total: event.total,
    processed: event.processed,
    failed: event.failed,
    progress: event.progress,
    finishedAt: finished ? (before?.finishedAt ?? event.at) : null,
    updatedAt: event.at,
    currentTitle: event.title ?? before?.currentTitle ?? null,
    lastMessage: event.message,
  };
}

export function isRecent(job: Job, now = Date.now()): boolean {
  if (!isJobFinished(job.status)) return true;
  const finishedAt = Date.parse(job.finishedAt ?? job.updatedAt);
  return Number.isNaN(finishedAt) || now - finishedAt < FINISHED_JOB_VISIBLE_MS;
}
