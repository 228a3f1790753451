/**
 * The big job's progress traffic on one WebSocket: frames per job and per second (the API
 * promises at most ~4 per second per job, plus status changes), and how late a frame counts a
 * finished video. A video's completion is the commit of its result row (`processedAt`, set by
 * the write statement; `updatedAt` for failed videos), read back through the export; a video is
 * "in" the first frame whose processed + failed reaches its rank in completion order. workerd
 * and the bench share one machine, so one clock.
 */
import { processingRun } from "../fixtures/processing-run.ts";
import { maxInWindow, percentile, round, summarize } from "../lib/stats.ts";
import type { Scenario } from "../scenario.ts";

export default {
  label: "3 progress traffic",
  summary: "WebSocket frames of the big job: rate, and completion → frame latency",
  async run(ctx) {
    const run = await processingRun(ctx);
    const frames = run.frames;
    const first = frames[0];
    if (!first) throw new Error("the job sent no progress frame");
    const span = (run.endAt - first.arrival) / 1000;
    const statuses: string[] = [];
    for (const f of frames) if (statuses.at(-1) !== f.data.status) statuses.push(f.data.status ?? "");
    const perSecond = (frames.length - statuses.length) / span;
    const peakWindow = maxInWindow(
      frames.map((f) => f.arrival),
      1_000,
    );
    ctx.add({
      metric: "WebSocket frames per job",
      value: `${frames.length} (${statuses.length} status: ${statuses.join(" → ")})`,
      how: "measured",
    });
    ctx.add({
      metric: "frames/s per job (mean, excl. status; peak in any 1 s)",
      value: `${round(perSecond, 2)}; peak ${peakWindow}`,
      target: "≤ 4/s + status changes",
      met: perSecond <= 4 && peakWindow <= 4 + statuses.length,
      how: "measured",
    });

    const exported = await run.list.user.api<
      { id: string; status: string; processedAt: string | null; updatedAt: string }[]
    >("GET", `/lists/${run.list.listId}/videos/export?format=json`);
    const completions = exported
      .filter((v) => v.status === "completed" || v.status === "failed")
      .map((v) => ({ id: v.id, at: Date.parse(v.processedAt ?? v.updatedAt) }))
      .sort((a, b) => a.at - b.at);
    const completedAt = new Map(completions.map((c) => [c.id, c.at]));
    const counts = frames.map((f) => ({ arrival: f.arrival, count: (f.data.processed ?? 0) + (f.data.failed ?? 0) }));
    const lagAll: number[] = [];
    let cursor = 0;
    completions.forEach((c, i) => {
      while (cursor < counts.length && (counts[cursor]?.count ?? 0) < i + 1) cursor++;
      const frame = counts[cursor];
      if (frame) lagAll.push(frame.arrival - c.at);
    });
    const lagNamed = frames
      .filter((f) => f.data.videoId && completedAt.has(f.data.videoId))
      .map((f) => f.arrival - (completedAt.get(f.data.videoId as string) as number));
    const transport = frames.filter((f) => f.data.at).map((f) => f.arrival - Date.parse(f.data.at as string));
    ctx.add({
      metric: "completion → first frame counting it, all videos (p50/p99)",
      value: `${percentile(lagAll, 50)} / ${percentile(lagAll, 99)} ms (n=${lagAll.length})`,
      how: "measured",
    });
    ctx.add({
      metric: "completion → frame naming it (videoId) (p50/p99)",
      value: `${percentile(lagNamed, 50)} / ${percentile(lagNamed, 99)} ms (n=${lagNamed.length})`,
      how: "measured",
    });
    ctx.add({
      metric: "event `at` → frame arrival (p50/p99)",
      value: `${percentile(transport, 50)} / ${percentile(transport, 99)} ms`,
      how: "measured",
    });
    ctx.detail("frames", {
      count: frames.length,
      statusChanges: statuses,
      perSecondExclStatus: round(perSecond, 3),
      peakIn1s: peakWindow,
      completionToFrameMs: summarize(lagAll),
      completionToNamedFrameMs: summarize(lagNamed),
      atToArrivalMs: summarize(transport),
    });
  },
} satisfies Scenario;
