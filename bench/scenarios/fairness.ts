/**
 * Fair share between users (issue 9): user B's small job alone, then started while user A's big
 * job runs (A's job is under way: its first videos are counted), each timed from B's
 * `POST /process` to B's final WebSocket event. Once B's job ends, A's is cancelled and the
 * queue drains before the next case, so every case starts from an idle queue.
 *
 *   BENCH_FAIR_SMALL (20)           videos in B's job
 *   BENCH_FAIR_BIG (3000,10000)     sizes of A's jobs, one case each
 *   BENCH_FAIR_ALONE_RUNS (3)       runs of B alone; the median is the reference
 */
import { delay } from "../../test/support/dev-server.ts";
import type { BenchUser, ProgressSocket } from "../lib/api-client.ts";
import { ApiError } from "../lib/api-client.ts";
import { queueQuiet } from "../lib/queue-log.ts";
import { percentile, round } from "../lib/stats.ts";
import { type BenchContext, envNumber, type Scenario } from "../scenario.ts";

/** B's time beside A's job, as a multiple of B alone (issue 9's target). */
const TARGET_RATIO = 3;

async function timeJob(ctx: BenchContext, user: BenchUser, socket: ProgressSocket, listId: string) {
  const start = Date.now();
  const job = await user.process(listId);
  const final = await socket.waitForFinal(job.id, ctx.config.jobTimeoutSeconds * 1000);
  return { seconds: (final.arrival - start) / 1000, status: final.data.status };
}

const doneOf = (socket: ProgressSocket, jobId: string) => {
  const last = socket.jobFrames(jobId).at(-1)?.data;
  return (last?.processed ?? 0) + (last?.failed ?? 0);
};

export default {
  label: "8 fairness",
  summary: "user B's small job alone, then while user A's big jobs run: B's time and the ratio",
  async run(ctx) {
    const small = envNumber("BENCH_FAIR_SMALL", 20);
    const bigs = (process.env.BENCH_FAIR_BIG ?? "3000,10000").split(",").map((n) => Number(n.trim()));
    if (bigs.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error("BENCH_FAIR_BIG: comma-separated sizes");
    const aloneRuns = Math.max(1, envNumber("BENCH_FAIR_ALONE_RUNS", 3));
    const a = await ctx.newUser("fair-a");
    const b = await ctx.newUser("fair-b");

    // Every list up front, so imports never overlap a timed job. B gets a fresh list per run.
    const bLists: string[] = [];
    for (let i = 0; i < aloneRuns + bigs.length; i++) {
      const list = await b.createList(`Bench: B ${i + 1}`);
      await b.importVideos(list.id, small, `f${i}`);
      bLists.push(list.id);
    }
    const aLists: string[] = [];
    for (const [i, size] of bigs.entries()) {
      const list = await a.createList(`Bench: A ${size}`);
      await a.importVideos(list.id, size, `a${i}`);
      aLists.push(list.id);
    }
    const aSocket = await a.openProgress();
    const bSocket = await b.openProgress();
    await queueQuiet(ctx.server);

    const alone: number[] = [];
    for (let i = 0; i < aloneRuns; i++) {
      const run = await timeJob(ctx, b, bSocket, bLists[i] as string);
      alone.push(run.seconds);
      ctx.log(`fairness: B alone ${run.seconds.toFixed(2)} s (${run.status})`);
      await queueQuiet(ctx.server);
    }
    const reference = percentile(alone, 50);
    ctx.add({
      metric: `B's ${small}-video job alone, process → final event (median of ${aloneRuns})`,
      value: `${round(reference, 2)} s (${alone.map((s) => round(s, 2)).join(", ")})`,
      how: "measured",
    });

    const cases: Record<string, unknown>[] = [];
    for (const [i, size] of bigs.entries()) {
      const aJob = await a.process(aLists[i] as string);
      const deadline = Date.now() + ctx.config.jobTimeoutSeconds * 1000;
      while (doneOf(aSocket, aJob.id) === 0 && !aSocket.final(aJob.id) && Date.now() < deadline) await delay(50);
      const aDoneAtStart = doneOf(aSocket, aJob.id);
      const run = await timeJob(ctx, b, bSocket, bLists[aloneRuns + i] as string);
      const aDoneAtEnd = doneOf(aSocket, aJob.id);
      const ratio = run.seconds / reference;
      ctx.log(`fairness: B beside A's ${size} ${run.seconds.toFixed(2)} s = ${ratio.toFixed(1)}× alone`);
      ctx.add({
        metric: `B's job while A's ${size.toLocaleString("en")}-video job runs (ratio to alone; hub window ${ctx.app.hubWindow})`,
        value: `${round(run.seconds, 2)} s (${ratio.toFixed(1)}×)`,
        target: `≤ ${TARGET_RATIO}× alone`,
        met: ratio <= TARGET_RATIO,
        how: "measured",
      });
      try {
        await a.api("POST", `/jobs/${aJob.id}/cancel`);
      } catch (error) {
        // A finished first: nothing to cancel.
        if (!(error instanceof ApiError && error.status === 409)) throw error;
      }
      await aSocket.waitForFinal(aJob.id, ctx.config.jobTimeoutSeconds * 1000);
      await queueQuiet(ctx.server);
      cases.push({
        aVideos: size,
        bSeconds: round(run.seconds, 3),
        bStatus: run.status,
        ratio: round(ratio, 2),
        aDoneWhenBStarted: aDoneAtStart,
        aDoneWhenBFinished: aDoneAtEnd,
      });
    }
    aSocket.close();
    bSocket.close();
    ctx.detail("fairness", {
      hubWindow: ctx.app.hubWindow,
      smallVideos: small,
      aloneSeconds: alone.map((s) => round(s, 3)),
      cases,
    });
  },
} satisfies Scenario;
