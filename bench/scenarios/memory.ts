/**
 * Memory during the big job, attributed. workerd's RSS (the figure the bench always reported)
 * is the whole local runtime: the app's isolate, which locally also hosts the ProgressHub Durable
 * Object (one isolate per script; deployed, the Worker and each hub get their own, 128 MB each),
 * every simulator Miniflare adds (D1, the queue broker, the observability collector, the
 * outbound-fetch service …) and native memory (SQLite page caches, the allocator). The inspector
 * reads each isolate's V8 heap separately; a heap snapshot of the app's isolate gives what the
 * ProgressHub instances retain (the hub's share) and the rest (the Worker's, plus the module
 * code both load).
 */

import { delay } from "../../test/support/dev-server.ts";
import { processingRun } from "../fixtures/processing-run.ts";
import type { BenchUser } from "../lib/api-client.ts";
import type { Isolate } from "../lib/inspector.ts";
import { type Heaps, type RssSample, readAppLive } from "../lib/memory.ts";
import { MiB, round } from "../lib/stats.ts";
import type { BenchContext, Scenario } from "../scenario.ts";

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const KiB = (bytes: number) => Math.round(bytes / 1024);
/** Reserved (what the process pays for) and used heap, summed over the app's isolate or every other. */
const heapTotals = (heaps: Heaps, appId: string) => {
  const entries = Object.entries(heaps);
  const app = heaps[appId];
  const sims = entries.filter(([id]) => id !== appId).map(([, h]) => h);
  return {
    appUsed: app?.usedBytes ?? Number.NaN,
    appTotal: app?.totalBytes ?? Number.NaN,
    simsUsed: sum(sims.map((h) => h.usedBytes)),
    simsTotal: sum(sims.map((h) => h.totalBytes)),
    simulators: sims.length,
  };
};

/** Videos in the job whose live heap is read while it runs (a second job: forced GCs stay out of the big one). */
const LIVE_JOB_VIDEOS = 2_000;

/**
 * The app isolate's live heap while the consumer works: a second job on a fresh list, the isolate
 * garbage-collected and read every 5 s until it ends. Not done during the big job, whose RSS a
 * forced GC would lower.
 */
async function liveWhileProcessing(ctx: BenchContext, user: BenchUser) {
  const app = ctx.isolates.find((i) => i.ours) as Isolate;
  const groupId = ctx.server.child.pid as number;
  const wake = () => fetch(`${ctx.server.url}/api/health`).then((r) => r.arrayBuffer());
  const list = await user.createList("Bench: memory");
  await user.importVideos(list.id, LIVE_JOB_VIDEOS, "m");
  const socket = await user.openProgress();
  const job = await user.process(list.id);
  const readings: Awaited<ReturnType<typeof readAppLive>>[] = [];
  try {
    const deadline = Date.now() + ctx.config.jobTimeoutSeconds * 1000;
    while (!socket.final(job.id)) {
      if (Date.now() > deadline) throw new Error(`memory: job ${job.id} did not finish in time`);
      readings.push(await readAppLive(groupId, app, wake));
      await delay(5_000);
    }
  } finally {
    socket.close();
  }
  return readings;
}

const rssText = (s: RssSample) => `${round(s.mib)} MiB (anon ${round(s.anonMib)}, file ${round(s.fileMib)})`;

export default {
  label: "6 memory",
  summary: "workerd RSS during the big job, and the V8 heap of the app's isolate and of each simulator",
  async run(ctx) {
    const run = await processingRun(ctx);
    const appId = `core:user:${ctx.app.workerName}`;

    // ── RSS, as always measured: every workerd process of wrangler's group, summed.
    const mibs = run.rss.map((s) => s.mib);
    const startMib = mibs[0] ?? Number.NaN;
    const peakMib = Math.max(...mibs);
    const endMib = mibs.at(-1) ?? Number.NaN;
    const pids = run.rss[0]?.pids.length ?? 0;
    ctx.add({
      metric: `workerd RSS, ${pids} processes summed (start / peak / end, ${run.rss.length} samples${run.workerdRestarted ? ", RESTARTED" : ""})`,
      value: `${round(startMib)} / ${round(peakMib)} / ${round(endMib)} MiB`,
      target: "flat",
      met: peakMib - startMib < 0.25 * startMib + 64,
      how: "measured",
    });

    // ── The app's isolate: live (after GC) before and after, used and reserved during.
    const { before, after } = run.appLive;
    const during = run.heaps.map((s) => s.heaps[appId]).filter((h) => h !== undefined);
    const peakUsed = Math.max(...during.map((h) => h.usedBytes));
    const peakReserved = Math.max(...during.map((h) => h.totalBytes));
    const growth = after.heap.usedBytes - before.heap.usedBytes;
    ctx.add({
      metric: "app isolate (Worker + ProgressHub) JS heap, live after GC: before / after the job",
      value: `${MiB(before.heap.usedBytes)} / ${MiB(after.heap.usedBytes)} MiB`,
      target: "no growth per job (< 4 MiB)",
      met: growth < 4 * 2 ** 20,
      how: "measured",
    });
    ctx.add({
      metric: `app isolate JS heap during the job, not collected first (${during.length} samples): peak used / peak reserved`,
      value: `${MiB(peakUsed)} / ${MiB(peakReserved)} MiB`,
      target: "< 128 MB (a deployed isolate's limit)",
      met: peakReserved < 128e6,
      how: "measured",
    });
    const liveDuring = await liveWhileProcessing(ctx, run.list.user);
    const peakLive = Math.max(...liveDuring.map((r) => r.heap.usedBytes));
    ctx.add({
      metric: `app isolate JS heap live while a ${LIVE_JOB_VIDEOS}-video job runs (GC every 5 s, ${liveDuring.length} readings): peak`,
      value: `${MiB(peakLive)} MiB (${MiB(peakLive - before.heap.usedBytes)} above idle)`,
      target: "< 128 MB",
      met: peakLive < 128e6,
      how: "measured",
    });
    const summary = run.snapshots.app;
    const hub = summary?.retained.ProgressHub;
    ctx.add({
      metric: "app heap snapshot after the job: live; retained by ProgressHub instances; largest kinds",
      value: summary
        ? `${MiB(summary.liveBytes)} MiB; hub ${KiB(hub?.bytes ?? 0)} KiB (${hub?.instances ?? 0} instance); ` +
          summary.top
            .slice(0, 3)
            .map((g) => `${g.name} ${MiB(g.bytes)}`)
            .join(", ")
        : "n/a (no snapshot)",
      how: "measured",
    });

    // ── Simulators, and what is left for native memory.
    const first = heapTotals(run.heaps[0]?.heaps ?? {}, appId);
    const last = heapTotals(run.heaps.at(-1)?.heaps ?? {}, appId);
    const live = heapTotals(run.snapshots.heaps, appId);
    ctx.add({
      metric: `simulator isolates (${last.simulators}) JS heap used: job start / end (not collected) / after GC`,
      value: `${MiB(first.simsUsed)} / ${MiB(last.simsUsed)} / ${MiB(live.simsUsed)} MiB`,
      how: "measured",
    });
    const startHeaps = run.heaps[0]?.heaps ?? {};
    const endHeaps = run.heaps.at(-1)?.heaps ?? {};
    const byIsolate = Object.keys(endHeaps)
      .map((id) => ({ id, growth: (endHeaps[id]?.usedBytes ?? 0) - (startHeaps[id]?.usedBytes ?? 0) }))
      .sort((a, b) => b.growth - a.growth);
    ctx.add({
      metric: "largest JS heap growth by isolate, job start → end (MiB, not collected)",
      value: byIsolate
        .slice(0, 4)
        .map((i) => `${i.id} ${i.growth >= 0 ? "+" : ""}${MiB(i.growth)}`)
        .join(", "),
      how: "measured",
    });
    const rssGrowth = endMib - startMib;
    const appReservedGrowth = MiB(last.appTotal - first.appTotal);
    const simsReservedGrowth = MiB(last.simsTotal - first.simsTotal);
    ctx.add({
      metric: "RSS growth start → end = app heap reserved + simulator heaps reserved + the rest (native)",
      value: `${round(rssGrowth)} = ${appReservedGrowth} + ${simsReservedGrowth} + ${round(rssGrowth - appReservedGrowth - simsReservedGrowth)} MiB`,
      how: "measured",
    });
    ctx.add({
      metric: "workerd RSS at the job's end → after the app's isolate was garbage-collected",
      value: `${rssText(run.rss.at(-1) as RssSample)} → ${rssText(after.rss)}`,
      how: "measured",
    });

    ctx.detail(
      "rssMiB",
      run.rss.map((s) => ({
        t: round((s.t - run.startAt) / 1000, 1),
        mib: round(s.mib, 1),
        anon: round(s.anonMib, 1),
      })),
    );
    ctx.detail(
      "appHeapMiB",
      run.heaps.map((s) => ({
        t: round((s.t - run.startAt) / 1000, 1),
        used: MiB(s.heaps[appId]?.usedBytes ?? Number.NaN),
        reserved: MiB(s.heaps[appId]?.totalBytes ?? Number.NaN),
      })),
    );
    const perIsolate = (heaps: Heaps) =>
      Object.fromEntries(
        Object.entries(heaps).map(([id, h]) => [id, { used: MiB(h.usedBytes), reserved: MiB(h.totalBytes) }]),
      );
    ctx.detail("heapsMiB", {
      jobStart: perIsolate(startHeaps),
      jobEnd: perIsolate(endHeaps),
      afterGc: perIsolate(run.snapshots.heaps),
    });
    ctx.detail("appLive", {
      before: { usedMiB: MiB(before.heap.usedBytes), rssMiB: round(before.rss.mib) },
      whileProcessing: liveDuring.map((r) => MiB(r.heap.usedBytes)),
      after: { usedMiB: MiB(after.heap.usedBytes), rssMiB: round(after.rss.mib) },
    });
    ctx.detail(
      "appSnapshot",
      summary && {
        liveMiB: MiB(summary.liveBytes),
        nodes: summary.nodes,
        retained: summary.retained,
        top: summary.top.map((g) => ({ ...g, mib: MiB(g.bytes) })),
      },
    );
  },
} satisfies Scenario;
