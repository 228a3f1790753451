/**
 * Memory of the local runtime while a job runs: workerd's RSS from /proc every second (the
 * figure the bench always reported) and the V8 heap of every isolate through the inspector every
 * two seconds; plus "live" readings of the app's isolate (garbage-collected first) and, once RSS
 * has been read, one heap snapshot per isolate, the app's broken down.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type HeapSummary, summarizeHeapSnapshot } from "./heap-snapshot.ts";
import { collectGarbage, heapSnapshot, heapUsage, type Isolate } from "./inspector.ts";
import { rssMiB, rssSplitMiB, workerdPids } from "./processes.ts";

export interface RssSample {
  t: number;
  /** VmRSS of every workerd process of the group, summed. */
  mib: number;
  /** The same, split: anonymous (heaps, malloc) and file-backed. */
  anonMib: number;
  fileMib: number;
  pids: number[];
}

/** Per isolate id: V8's used and reserved heap, bytes. */
export type Heaps = Record<string, { usedBytes: number; totalBytes: number }>;

export interface HeapSample {
  t: number;
  /** Not collected first: used includes garbage not yet collected. */
  heaps: Heaps;
}

export function readRss(groupId: number): RssSample {
  const pids = workerdPids(groupId);
  let mib = 0;
  let anonMib = 0;
  let fileMib = 0;
  for (const pid of pids) {
    mib += rssMiB(pid) ?? 0;
    const split = rssSplitMiB(pid);
    anonMib += split?.anon ?? 0;
    fileMib += split?.file ?? 0;
  }
  return { t: Date.now(), mib, anonMib, fileMib, pids };
}

async function readHeaps(isolates: Isolate[]): Promise<HeapSample> {
  const heaps: HeapSample["heaps"] = {};
  await Promise.all(
    isolates.map(async (isolate) => {
      try {
        heaps[isolate.id] = await heapUsage(isolate.session);
      } catch {
        // A busy or gone isolate misses one sample.
      }
    }),
  );
  return { t: Date.now(), heaps };
}

export interface MemorySampler {
  stop(): Promise<{ rss: RssSample[]; heaps: HeapSample[] }>;
}

export function sampleMemory(groupId: number, isolates: Isolate[]): MemorySampler {
  const rss: RssSample[] = [readRss(groupId)];
  const heaps: HeapSample[] = [];
  const rssTimer = setInterval(() => rss.push(readRss(groupId)), 1_000);
  let heapRead: Promise<unknown> = readHeaps(isolates).then((s) => heaps.push(s));
  const heapTimer = setInterval(() => {
    heapRead = heapRead.then(() => readHeaps(isolates).then((s) => heaps.push(s)));
  }, 2_000);
  return {
    async stop() {
      clearInterval(rssTimer);
      clearInterval(heapTimer);
      rss.push(readRss(groupId));
      await heapRead;
      heaps.push(await readHeaps(isolates));
      return { rss, heaps };
    },
  };
}

/** The app's isolate garbage-collected (woken by `wake`, a request to the Worker), then read, with RSS. */
export async function readAppLive(groupId: number, app: Isolate, wake: () => Promise<unknown>) {
  await collectGarbage(app.session, wake);
  return { t: Date.now(), heap: await heapUsage(app.session), rss: readRss(groupId) };
}

export interface Snapshots {
  /** Per isolate id, right after the full collection the snapshot made. */
  heaps: Heaps;
  /** The app isolate's snapshot, with what the ProgressHub instances retain. */
  app: HeapSummary | null;
}

/** Classes whose retained size is reported: the Durable Object shares the app's isolate locally. */
export const RETAINED_CLASSES = ["ProgressHub"];

/**
 * One heap snapshot per isolate (each collects garbage first), then each heap is read; the app's
 * snapshot is summarised, and saved as `<keepDir>/<label>.heapsnapshot` (opens in DevTools) when
 * asked. Snapshots grow workerd's RSS (see heapSnapshot): read RSS before this, never after.
 */
export async function readSnapshots(isolates: Isolate[], label: string, keepDir?: string): Promise<Snapshots> {
  const heaps: Heaps = {};
  let app: HeapSummary | null = null;
  for (const isolate of isolates) {
    try {
      const snapshot = await heapSnapshot(isolate.session);
      if (isolate.ours) {
        app = summarizeHeapSnapshot(snapshot, RETAINED_CLASSES);
        if (keepDir) await writeFile(join(keepDir, `${label}.heapsnapshot`), snapshot);
      }
      heaps[isolate.id] = await heapUsage(isolate.session);
    } catch {
      // Left out of the sums; the app's absence shows as app: null.
    }
  }
  return { heaps, app };
}
