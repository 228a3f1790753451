/**
 * Throughput of the big job against the bound that upstream latency and the consumer's configured
 * concurrency set: a batch of B videos makes one round of ⌈B/ids-per-call⌉ parallel `videos.list`
 * calls, then ⌈B/K⌉ AI calls of K videos (K for the bench's fields, src/domain/extraction), in
 * ⌈⌈B/K⌉/AI concurrency⌉ sequential rounds, each call taking the fake's latency L; C batches run
 * at once (observed from the peak of AI calls in flight).
 */
import { processingRun } from "../fixtures/processing-run.ts";
import type { QueueBatch } from "../lib/queue-log.ts";
import { percentile, round, type Summary, summarize } from "../lib/stats.ts";
import type { CallRecord } from "../lib/upstream-probe.ts";
import type { Scenario } from "../scenario.ts";

export default {
  label: "1 throughput",
  summary: "the big job, process → final WebSocket event, against the latency × concurrency bound",
  async run(ctx) {
    const run = await processingRun(ctx);
    const { batchSize, aiConcurrency, idsPerYoutubeCall, aiBatchSize } = ctx.app;
    const seconds = (run.endAt - run.startAt) / 1000;
    const done = (run.final.data.processed ?? 0) + (run.final.data.failed ?? 0);
    const rate = done / seconds;
    const batchMs = run.batches.map((b) => b.ms);
    const busyMs = batchMs.reduce((a, b) => a + b, 0);
    const meanInFlight = busyMs / (run.endAt - run.startAt);
    const peakAi = run.peakInFlight.generateContent;
    // A batch has at most min(⌈B/K⌉, AI concurrency) calls in flight.
    const concurrency = Math.max(1, Math.ceil(peakAi / Math.min(aiConcurrency, Math.ceil(batchSize / aiBatchSize))));
    const phases = batchPhases(run.calls, run.batches, run.processReturned);

    const latency = ctx.config.latencyMs / 1000;
    const aiCallsPerBatch = Math.ceil(batchSize / aiBatchSize);
    const aiRounds = Math.ceil(aiCallsPerBatch / aiConcurrency);
    const batchSeconds = (1 + aiRounds) * latency;
    const bound = (concurrency * batchSize) / batchSeconds;
    const formula =
      `bound = C × B / ((1 + ⌈⌈B/K⌉/${aiConcurrency}⌉) × L) = ${concurrency} × ${batchSize} / ((1 + ${aiRounds}) × ${ctx.config.latencyMs} ms) = ${round(bound, 1)} videos/s; ` +
      `B = batch size, K = ${aiBatchSize} videos per AI call, L = upstream latency, 1 round of ⌈B/${idsPerYoutubeCall}⌉ parallel videos.list calls then ${aiCallsPerBatch} AI calls in ${aiRounds} round(s) of at most ${aiConcurrency}, ` +
      `C = batches in flight at once, observed (peak AI calls in flight ${peakAi}, ${aiCallsPerBatch} per batch)`;

    ctx.add({
      metric: `${run.job.total}-video job, process → final WebSocket event`,
      value: `${round(seconds, 1)} s, ${round(rate, 1)} videos/s`,
      how: "measured",
    });
    ctx.add({
      metric: `bound: C × B / ((1 + ⌈⌈B/K⌉/${aiConcurrency}⌉) × L) = ${concurrency} × ${batchSize} / (${1 + aiRounds} × ${ctx.config.latencyMs} ms), K = ${aiBatchSize}`,
      value: `${round(bound, 1)} videos/s`,
      how: "derived",
    });
    ctx.add({
      metric: "ratio to bound",
      value: `${round((100 * rate) / bound, 1)} %`,
      target: "≥ 80 %",
      met: rate / bound >= 0.8,
      how: "measured",
    });
    ctx.add({
      metric: `batch phases p50: dispatch+D1 read → YouTube → ${aiRounds} AI rounds → D1 write+report`,
      value: phases
        ? `${phases.before.p50} → ${phases.youtube.p50} → ${phases.ai.p50} (ideal ${aiRounds * ctx.config.latencyMs}) → ${phases.after.p50} ms`
        : "n/a (batches overlapped)",
      how: "measured",
    });
    ctx.add({
      metric: "queue batches: count, mean size, p50/p99 ms, mean in flight",
      value: `${run.batches.length}, ${round(run.batches.reduce((a, b) => a + b.size, 0) / Math.max(1, run.batches.length), 1)}, ${percentile(batchMs, 50)}/${percentile(batchMs, 99)} ms (ideal ${Math.round(batchSeconds * 1000)}), ${round(meanInFlight, 2)}`,
      how: "measured",
    });
    ctx.detail("job", {
      id: run.job.id,
      total: run.job.total,
      status: run.final.data.status,
      processed: run.final.data.processed,
      failed: run.final.data.failed,
      seconds: round(seconds, 2),
      processRequestMs: run.processReturned - run.startAt,
      videosPerSecond: round(rate, 2),
      workerdRestarted: run.workerdRestarted,
    });
    ctx.detail("bound", { videosPerSecond: round(bound, 2), formula, observedConcurrency: concurrency });
    ctx.detail("batches", {
      count: run.batches.length,
      sizes: summarize(run.batches.map((b) => b.size)),
      ms: summarize(batchMs),
      idealMs: Math.round(batchSeconds * 1000),
      meanInFlight: round(meanInFlight, 3),
    });
    ctx.detail("phasesMs", phases);
    ctx.detail("upstreamCallMs", {
      peakInFlight: run.peakInFlight,
      generateContent: summarize(run.calls.filter((c) => c.endpoint === "generateContent").map((c) => c.end - c.start)),
      videos: summarize(run.calls.filter((c) => c.endpoint === "videos").map((c) => c.end - c.start)),
    });
    ctx.log(formula);
  },
} satisfies Scenario;

/**
 * Splits each queue batch into phases from outside, when batches run one at a time (as the local
 * queue delivers them): its videos.list calls start together, its AI calls follow, and wrangler
 * logs the batch when the consumer returns. Phases: before = previous batch logged (or process
 * answered) → first videos.list call (dispatch, D1 read, UPDATE to processing); youtube = first
 * videos.list start → first AI start; ai = first AI start → last AI end; after = last AI end →
 * batch logged (D1 write batch, hub report, acks).
 */
function batchPhases(calls: CallRecord[], batches: QueueBatch[], startedAt: number) {
  const sorted = [...calls].sort((a, b) => a.start - b.start);
  const groups: CallRecord[][] = [];
  let current: CallRecord[] | null = null;
  for (const call of sorted) {
    if (call.endpoint === "videos" && (!current || current.some((c) => c.endpoint === "generateContent"))) {
      current = [];
      groups.push(current);
    }
    current?.push(call);
  }
  if (groups.length !== batches.length || groups.length === 0) return null;
  const before: number[] = [];
  const youtube: number[] = [];
  const ai: number[] = [];
  const after: number[] = [];
  groups.forEach((group, i) => {
    const yt = group.filter((c) => c.endpoint === "videos");
    const model = group.filter((c) => c.endpoint === "generateContent");
    const ytStart = Math.min(...yt.map((c) => c.start));
    const aiStart = model.length ? Math.min(...model.map((c) => c.start)) : Math.max(...yt.map((c) => c.end));
    const aiEnd = model.length ? Math.max(...model.map((c) => c.end)) : aiStart;
    before.push(ytStart - (i === 0 ? startedAt : (batches[i - 1]?.loggedAt as number)));
    youtube.push(aiStart - ytStart);
    ai.push(aiEnd - aiStart);
    after.push((batches[i]?.loggedAt as number) - aiEnd);
  });
  return {
    before: summarize(before) as Summary,
    youtube: summarize(youtube) as Summary,
    ai: summarize(ai) as Summary,
    after: summarize(after) as Summary,
  };
}
