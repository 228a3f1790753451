/**
 * Queue batches as wrangler dev logs them at log level "info", one line per consumer invocation:
 * `QUEUE videos 100/100 (712ms)` (acknowledged / delivered, wall time of the invocation).
 */
import type { DevServer } from "../../test/support/dev-server.ts";
import { delay } from "../../test/support/dev-server.ts";

export interface QueueBatch {
  queue: string;
  acked: number;
  size: number;
  ms: number;
  /** Date.now() when wrangler printed the line. */
  loggedAt: number;
}

const LINE = /QUEUE (\S+) (\d+)\/(\d+) \((\d+)ms\)/;

/** Batches of `queue` logged from line `fromLine` on (`server.lines.length` marks "now"). */
export function queueBatches(server: DevServer, fromLine: number, queue = "videos"): QueueBatch[] {
  const batches: QueueBatch[] = [];
  for (let i = fromLine; i < server.lines.length; i++) {
    const m = LINE.exec(server.lines[i] as string);
    if (m && m[1] === queue)
      batches.push({
        queue,
        acked: Number(m[2]),
        size: Number(m[3]),
        ms: Number(m[4]),
        loggedAt: server.lineTimes[i] as number,
      });
  }
  return batches;
}

/** Waits until no queue batch has been logged for `quietMs` (bounded by `timeoutMs`). */
export async function queueQuiet(server: DevServer, quietMs = 3_000, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastSeen = Date.now();
  let lines = server.lines.length;
  while (Date.now() < deadline) {
    for (; lines < server.lines.length; lines++) if (LINE.test(server.lines[lines] as string)) lastSeen = Date.now();
    if (Date.now() - lastSeen >= quietMs) return;
    await delay(200);
  }
  throw new Error(`the queue was still busy after ${timeoutMs / 1000} s`);
}
