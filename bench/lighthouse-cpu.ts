/**
 * Blocking time read from the main thread's CPU time instead of its wall time, for comparing
 * runs on a shared machine. Lighthouse's simulated TBT multiplies each task's observed wall time
 * by 4; a task that a neighbour's process preempted has a longer wall time than the work it did,
 * so the same build scores worse as the load average rises. The trace also records each task's
 * thread time (`tdur`), which preemption does not stretch: the same sum over it (tasks after the
 * first contentful paint, ×4, less 50 ms each) follows what the page does, not what the machine
 * does. It is an estimate beside Lighthouse's figure, not a replacement: Lighthouse also models
 * the network and the order of the tasks.
 */

interface TraceEvent {
  name: string;
  ph?: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** Lighthouse's mobile preset: simulated CPU 4× slower than the machine it runs on. */
const CPU_SLOWDOWN = 4;
const LONG_TASK_MS = 50;

export interface CpuBlocking {
  /** Σ max(0, 4 × task CPU − 50 ms) over the main thread's tasks after the first contentful paint. */
  tbtMs: number;
  /** The longest of those tasks, 4 × its CPU time. */
  longestTaskMs: number;
}

export function cpuBlocking(trace: { traceEvents: TraceEvent[] } | TraceEvent[]): CpuBlocking | null {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const fcp = events.find((e) => e.name === "firstContentfulPaint");
  if (!fcp) return null;
  // The page's main thread: the renderer main thread that ran the most tasks (Lighthouse's own
  // about:blank and the previous page ran on others).
  const busy = new Map<string, number>();
  for (const e of events) {
    if (e.name === "RunTask") busy.set(`${e.pid}:${e.tid}`, (busy.get(`${e.pid}:${e.tid}`) ?? 0) + (e.dur ?? 0));
  }
  const mains = events
    .filter((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain")
    .map((e) => `${e.pid}:${e.tid}`);
  const main = mains.sort((a, b) => (busy.get(b) ?? 0) - (busy.get(a) ?? 0))[0];
  let tbtMs = 0;
  let longestTaskMs = 0;
  for (const e of events) {
    if (e.name !== "RunTask" || `${e.pid}:${e.tid}` !== main || e.ts < fcp.ts) continue;
    const ms = ((e.tdur ?? e.dur ?? 0) / 1000) * CPU_SLOWDOWN;
    longestTaskMs = Math.max(longestTaskMs, ms);
    if (ms > LONG_TASK_MS) tbtMs += ms - LONG_TASK_MS;
  }
  return { tbtMs: Math.round(tbtMs), longestTaskMs: Math.round(longestTaskMs) };
}
