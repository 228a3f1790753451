/**
 * A job under an upstream per-minute request limit (issue 10). The fake upstream accepts at most
 * R generateContent requests in any sliding minute and refuses the rest as Gemini does (429
 * RESOURCE_EXHAUSTED, a per-minute QuotaFailure and a RetryInfo, no Retry-After). The app runs in
 * a `wrangler dev` of its own (ctx.startServer) so its GEMINI_RPM can differ from the big job's:
 *   - `exact`: GEMINI_RPM = R, the governor paces every call under the limit;
 *   - `over`: GEMINI_RPM = 2R, so the governor learns the real limit from the refusals.
 * Bound: R × K videos per minute, K = videos per AI call for the bench's fields. Targets: the
 * job (process → final WebSocket event) at ≥ 90 % of the bound, refused requests ≤ 25 % of
 * accepted, no video failed or left with empty fields.
 *
 *   BENCH_RATE_RPM (60)        R, the fake's limit
 *   BENCH_RATE_MINUTES (2.5)   the job's length at the bound: R × K × minutes videos
 *   BENCH_RATE_CASES (exact,over)
 */
import { ApiError, BenchUser, type ProgressSocket } from "../lib/api-client.ts";
import { round } from "../lib/stats.ts";
import { type BenchContext, envNumber, type Scenario } from "../scenario.ts";

const CASES = { exact: 1, over: 2 } as const;
type CaseName = keyof typeof CASES;

interface Page {
  items: { fields?: Record<string, unknown> | null; status: string }[];
  nextCursor: string | null;
}

/** Videos of the list whose fields came back empty, read through the API. */
async function emptyVideos(user: BenchUser, listId: string): Promise<number> {
  let empty = 0;
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: "200", ...(cursor ? { cursor } : {}) });
    const page: Page = await user.api<Page>("GET", `/lists/${listId}/videos?${query}`);
    empty += page.items.filter((video) => Object.keys(video.fields ?? {}).length === 0).length;
    cursor = page.nextCursor;
  } while (cursor);
  return empty;
}

async function runCase(ctx: BenchContext, name: CaseName, rpm: number, videos: number) {
  const configured = rpm * CASES[name];
  const server = await ctx.startServer(`rate-${name}`, { GEMINI_RPM: String(configured) });
  let socket: ProgressSocket | undefined;
  try {
    const user = await BenchUser.register(server.url, `rate-${name}`);
    const list = await user.createList(`Bench: rate limit (${name})`);
    await user.importVideos(list.id, videos, `r${name[0]}`);
    socket = await user.openProgress();
    ctx.fake.reset();
    ctx.fake.setFaults({ geminiRpm: rpm });
    const startAt = Date.now();
    const job = await user.process(list.id);
    const final = await socket.waitForFinal(job.id, ctx.config.jobTimeoutSeconds * 1000, (done) =>
      ctx.log(`rate ${name}: ${done}/${job.total}`),
    );
    const minutes = (Date.now() - startAt) / 60_000;
    const stats = ctx.fake.stats();
    const paused = socket.jobFrames(job.id).filter((frame) => frame.data.status === "paused").length;
    const status = await user.api<{ processed: number; failed: number; needsRerun: number }>(
      "GET",
      `/lists/${list.id}/processing-status`,
    );
    return {
      configured,
      total: job.total,
      minutes,
      status: final.data.status,
      processed: final.data.processed ?? 0,
      failed: final.data.failed ?? 0,
      processedAtCurrentVersion: status.processed,
      empty: await emptyVideos(user, list.id),
      accepted: stats.limits.accepted,
      refused: stats.limits.refusedPerMinute,
      videosPerCall: stats.generateContent.videos / Math.max(1, stats.limits.accepted),
      pausedFrames: paused,
    };
  } finally {
    socket?.close();
    ctx.fake.reset();
    await server.stop();
  }
}

export default {
  label: "9 rate limit",
  summary: "a job under an upstream limit of R AI requests/min: throughput vs R × K, refused requests, failures",
  async run(ctx) {
    const rpm = envNumber("BENCH_RATE_RPM", 60);
    const k = ctx.app.aiBatchSize;
    const perMinuteBound = rpm * k;
    // Whole consumer batches, so every AI call but none carries K videos.
    const batches = Math.max(
      1,
      Math.round((perMinuteBound * envNumber("BENCH_RATE_MINUTES", 2.5)) / ctx.app.batchSize),
    );
    const videos = batches * ctx.app.batchSize;
    const names = (process.env.BENCH_RATE_CASES ?? "exact,over").split(",").map((n) => n.trim()) as CaseName[];
    for (const name of names) {
      if (!(name in CASES)) throw new Error(`BENCH_RATE_CASES: unknown case ${name}; known: exact, over`);
      ctx.log(`rate ${name}: ${videos} videos, fake limit ${rpm}/min, GEMINI_RPM ${rpm * CASES[name]}, K ${k}`);
      let result: Awaited<ReturnType<typeof runCase>>;
      try {
        result = await runCase(ctx, name, rpm, videos);
      } catch (error) {
        if (error instanceof ApiError) throw new Error(`rate ${name}: ${error.message}`);
        throw error;
      }
      const rate = (result.processed + result.failed) / result.minutes;
      const ratio = rate / perMinuteBound;
      const refusedShare = result.refused / Math.max(1, result.accepted);
      const clean = result.failed === 0 && result.empty === 0 && result.processedAtCurrentVersion === result.total;
      const setting = `GEMINI_RPM ${result.configured}, limit ${rpm}/min`;
      ctx.add({
        metric: `${setting}: ${result.total}-video job, process → final event`,
        value: `${round(result.minutes, 2)} min, ${round(rate, 0)} videos/min (bound R × K = ${rpm} × ${k} = ${perMinuteBound})`,
        how: "measured",
      });
      ctx.add({
        metric: `${setting}: throughput / bound`,
        value: `${round(100 * ratio, 1)} %`,
        target: "≥ 90 %",
        met: ratio >= 0.9,
        how: "measured",
      });
      ctx.add({
        metric: `${setting}: AI requests refused (429) / accepted`,
        value: `${result.refused} / ${result.accepted} = ${round(100 * refusedShare, 1)} %`,
        target: "≤ 25 %",
        met: refusedShare <= 0.25,
        how: "measured",
      });
      ctx.add({
        metric: `${setting}: videos failed / left empty / processed at the current version`,
        value: `${result.failed} / ${result.empty} / ${result.processedAtCurrentVersion} of ${result.total} (job ${result.status}${result.pausedFrames ? `, parked ${result.pausedFrames}×` : ""})`,
        target: `0 / 0 / ${result.total}`,
        met: clean,
        how: "measured",
      });
      ctx.detail(name, { rpm, k, perMinuteBound, ...result, videosPerMinute: round(rate, 1) });
    }
  },
} satisfies Scenario;
