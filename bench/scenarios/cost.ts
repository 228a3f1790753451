/**
 * What the big job spent per video: YouTube and AI calls (counted by the fake upstream) and D1
 * statements. D1's own counters are per call inside the Worker, so statements are derived: the
 * batch count is measured (wrangler's queue log), each batch's statements come from its code path
 * (src/db/video-results.ts: a 3-statement read batch, one UPDATE to `processing`, one write batch,
 * plus one statement when the batch has failures), the hub reads the job's work list from D1 in
 * pages (src/durable/work-loader.ts: ⌊total / page⌋ + 1 reads), and the hub's job-row writes are
 * counted from outside by polling the row and counting its distinct versions. (The reconciler's
 * reads, only when a job stalls, are not counted.)
 */
import { processingRun } from "../fixtures/processing-run.ts";
import { round } from "../lib/stats.ts";
import type { Scenario } from "../scenario.ts";

/** Statements per consumer batch on the processing path, read off src/db/video-results.ts. */
const STATEMENTS_PER_BATCH = { read: 3, mark: 1, write: 1 };

export default {
  label: "2 upstream cost",
  summary: "YouTube calls, AI calls and D1 statements per video of the big job",
  async run(ctx) {
    const run = await processingRun(ctx);
    const { calls, videos } = run.upstream;
    const total = run.job.total;
    const ytPerVideo = calls.videos / total;
    const aiPerVideo = calls.generateContent / total;
    ctx.add({
      metric: "YouTube videos.list calls per video",
      value: `${round(ytPerVideo, 4)} (${calls.videos} calls, ≤ ${videos.maxIdsPerCall} ids each)`,
      target: `≤ ${round(1 / ctx.app.idsPerYoutubeCall, 4)}`,
      met: ytPerVideo <= 1 / ctx.app.idsPerYoutubeCall,
      how: "measured",
    });
    ctx.add({
      metric: "AI generateContent calls per video",
      value: `${round(aiPerVideo, 4)} (${calls.generateContent} calls)`,
      target: "≤ 1",
      met: aiPerVideo <= 1,
      how: "measured",
    });

    const perBatch = STATEMENTS_PER_BATCH.read + STATEMENTS_PER_BATCH.mark + STATEMENTS_PER_BATCH.write;
    const batches = run.batches.length;
    const failedBatches = Math.min(batches, run.final.data.failed ?? 0);
    const consumerStatements = batches * perBatch + failedBatches;
    const hubWrites = Math.max(0, run.jobRowVersions - 1);
    const hubPageReads = Math.floor(total / ctx.app.hubLoadPage) + 1;
    const d1PerVideo = (consumerStatements + hubPageReads + hubWrites) / total;
    ctx.add({
      metric: "D1 statements per video (processing path)",
      value: `${round(d1PerVideo, 3)} (${batches} batches × ${perBatch} + ${failedBatches} + ${hubPageReads} hub work-list pages + ${hubWrites} hub job-row writes)`,
      target: "≤ 2",
      met: d1PerVideo <= 2,
      how: "derived",
    });
    ctx.add({
      metric: "D1 statements per batch (consumer)",
      value: `${round(consumerStatements / Math.max(1, batches), 2)} (3 read + 1 mark + 1 write)`,
      how: "derived",
    });
    ctx.detail("upstream", { calls, idsRequested: videos.idsRequested, maxIdsPerCall: videos.maxIdsPerCall });
    ctx.detail("d1", {
      consumerStatementsDerived: consumerStatements,
      hubWorkListPagesDerived: hubPageReads,
      hubJobRowWritesObserved: hubWrites,
    });
  },
} satisfies Scenario;
