/**
 * How fast a running job moves, from the progress this tab has seen: videos settled per minute
 * over the last couple of minutes, and the time left at that pace. Samples live per job for the
 * tab's lifetime, so a card that re-mounts (navigation) keeps its estimate.
 */

interface Sample {
  at: number;
  done: number;
}

/** Pace is measured over this much recent history: long enough to smooth batches, short enough to follow a change. */
const WINDOW_MS = 120_000;
/** Less history than this says little about the pace. */
const MIN_SPAN_MS = 5_000;
const MAX_SAMPLES = 120;

const samples = new Map<string, Sample[]>();

export function noteProgress(jobId: string, at: number, done: number) {
  const list = samples.get(jobId) ?? [];
  const last = list[list.length - 1];
  if (last && done < last.done) list.length = 0; // A restart (retry) counts afresh.
  if (last && last.done === done && list.length > 1) return; // Idle time stays in the window via the first sample.
  list.push({ at, done });
  while (list.length > MAX_SAMPLES || (list.length > 2 && (list[1] as Sample).at < at - WINDOW_MS)) list.shift();
  samples.set(jobId, list);
}

export function forgetProgress(jobId: string) {
  samples.delete(jobId);
}

export interface Pace {
  perMinute: number;
  /** Milliseconds until every video is settled at this pace. */
  remainingMs: number;
}

/** The job's recent pace, or null while there is too little to tell. */
export function paceOf(jobId: string, total: number, done: number): Pace | null {
  const list = samples.get(jobId);
  if (!list || list.length < 2) return null;
  const first = list[0] as Sample;
  const last = list[list.length - 1] as Sample;
  const span = last.at - first.at;
  const moved = last.done - first.done;
  if (span < MIN_SPAN_MS || moved <= 0) return null;
  const perMs = moved / span;
  return { perMinute: perMs * 60_000, remainingMs: Math.max(0, total - done) / perMs };
}
