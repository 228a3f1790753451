/**
 * What the big job spent per video: YouTube and AI calls (counted by the fake upstream) and D1
 * statements. D1's own counters are per call inside the Worker, so statements are derived: the
 * batch and AI call counts are measured (wrangler's queue log, the fake's counters), and the
 * statements each costs come from the code path (src/db/video-results.ts): per batch a 3-statement
 * read batch, one UPDATE to `processing` and one usage write for its YouTube units; per AI call
 * at most its videos' results and usage, 2 statements, plus one when some of them failed: parts
 * that settle while another is written share its next write, src/queue/group-commit.ts, so this
 * is an upper bound), the hub reads the job's work list from D1 in
 * pages (src/durable/work-loader.ts: ⌊total / page⌋ + 1 reads), and the hub's job-row writes are
 * counted from outside by polling the row and counting its distinct versions. (The reconciler's
 * reads, only when a job stalls, are not counted.)
 */
import { processingRun } from "../fixtures/processing-run.ts";
import { round } from "../lib/stats.ts";
import type { Scenario } from "../scenario.ts";

/** Statements on the processing path, read off src/db/video-results.ts and src/queue/consumer.ts. */
const STATEMENTS_PER_BATCH = { read: 3, mark: 1, youtubeUsage: 1 };
const STATEMENTS_PER_AI_CALL = { usage: 1, results: 1 };

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
      metric: "videos per AI call: most / planned K for the bench's fields",
      value: `${run.upstream.generateContent.maxVideosPerCall} / ${ctx.app.aiBatchSize}`,
      how: "measured",
    });
    ctx.add({
      metric: "AI generateContent calls per video",
      value: `${round(aiPerVideo, 4)} (${calls.generateContent} calls)`,
      target: "≤ 0.1",
      met: aiPerVideo <= 0.1,
      how: "measured",
    });

    const perBatch = STATEMENTS_PER_BATCH.read + STATEMENTS_PER_BATCH.mark + STATEMENTS_PER_BATCH.youtubeUsage;
    const perCall = STATEMENTS_PER_AI_CALL.usage + STATEMENTS_PER_AI_CALL.results;
    const batches = run.batches.length;
    const aiCalls = calls.generateContent;
    const failedParts = Math.min(aiCalls, run.final.data.failed ?? 0);
    const consumerStatements = batches * perBatch + aiCalls * perCall + failedParts;
    const hubWrites = Math.max(0, run.jobRowVersions - 1);
    const hubPageReads = Math.floor(total / ctx.app.hubLoadPage) + 1;
    const d1PerVideo = (consumerStatements + hubPageReads + hubWrites) / total;
    ctx.add({
      metric: "D1 statements per video (processing path, at most)",
      value: `${round(d1PerVideo, 3)} (${batches} batches × ${perBatch} + ${aiCalls} AI calls × ${perCall} + ${failedParts} + ${hubPageReads} hub work-list pages + ${hubWrites} hub job-row writes)`,
      target: "≤ 2",
      met: d1PerVideo <= 2,
      how: "derived",
    });
    ctx.add({
      metric: "D1 statements per batch (consumer)",
      value: `${round(consumerStatements / Math.max(1, batches), 2)} (3 read + 1 mark + 1 YouTube usage + ≤ 2 per AI call)`,
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
