/**
 * `npm run bench`: starts the fake upstream (fixed latency) and `wrangler dev` on free loopback
 * ports with a private persist dir, runs every scenario, prints a table and writes
 * bench/results.json. Everything it starts is stopped when it ends, fails or is interrupted.
 *
 *   BENCH_VIDEOS (10000)        videos in the import and the processing job
 *   BENCH_LATENCY_MS (50)       fake upstream latency per call
 *   BENCH_LOAD_SECONDS (30)     duration of the API load scenario
 *   BENCH_CLIENTS (50)          concurrent clients in the API load scenario
 *   BENCH_JOB_TIMEOUT_S (420)   give up on the job after this long
 *
 * Measured means observed from outside the Worker (client clocks, the fake's counters, wrangler's
 * queue log lines, /proc, the Durable Object's SQLite file). Derived means computed from a
 * measured count and the code path; each derived figure says so.
 */

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { type DevServer, delay, freePort, migrateLocalD1, startDevServer } from "../test/support/dev-server.ts";
import { startFakeUpstream } from "../test/support/fake-upstream.ts";
import { cpuSeconds, groupPids, removeOnExit, rssMiB, workerdPids } from "./lib/processes.ts";
import { maxInWindow, percentile, round, seeded } from "./lib/stats.ts";
import { type CallRecord, probeUpstream } from "./lib/upstream-probe.ts";

const ROOT = resolve(import.meta.dirname, "..");
const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`);
  return value;
};
const CONFIG = {
  videos: env("BENCH_VIDEOS", 10_000),
  latencyMs: env("BENCH_LATENCY_MS", 50),
  loadSeconds: env("BENCH_LOAD_SECONDS", 30),
  clients: env("BENCH_CLIENTS", 50),
  jobTimeoutSeconds: env("BENCH_JOB_TIMEOUT_S", 420),
};
/** The consumer's settings, as configured in wrangler.toml and src/queue/video-work.ts. */
const BATCH_SIZE = 100;
const IDS_PER_YOUTUBE_CALL = 50;
const AI_CONCURRENCY = 6;
const FINISHED = new Set(["completed", "completed_with_errors", "failed", "cancelled"]);

interface Row {
  scenario: string;
  metric: string;
  value: number | string;
  target?: string;
  met?: boolean;
  how: "measured" | "derived";
}
const rows: Row[] = [];
const add = (row: Row) => rows.push(row);

// ─── HTTP helpers ──────────────────────────────────────────────────────────────────────────
let base = "";
let token = "";
async function api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const init: RequestInit = {
    method,
    headers: { authorization: `Bearer ${token}`, ...headers },
    signal: AbortSignal.timeout(120_000),
  };
  if (typeof body === "string") init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)["content-type"] = "application/json";
  }
  const response = await fetch(`${base}/api${path}`, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** 11-character YouTube ids, deterministic, never starting with the fake's "private" prefix. */
const youtubeId = (prefix: string, n: number) => `${prefix}${n.toString(36).padStart(10, "0")}`;

// ─── Main ──────────────────────────────────────────────────────────────────────────────────
async function main() {
  const started = Date.now();
  details.loadAverageAtStart = loadavg().map((l) => round(l, 2));
  // Hard stop: the whole bench must end by itself (exit kills the wrangler process group).
  setTimeout(
    () => {
      console.error("bench: overall time limit reached, stopping");
      process.exit(2);
    },
    (CONFIG.jobTimeoutSeconds + CONFIG.loadSeconds + 300) * 1000,
  ).unref();

  if (!existsSync(join(ROOT, "dist/web"))) throw new Error("dist/web is missing: run `npm run build` first");
  const persistTo = await mkdtemp(join(tmpdir(), "tubelist-bench-"));
  removeOnExit(persistTo);
  // The Worker runs from a snapshot, not the working tree: wrangler dev reloads on every file
  // change, and others edit src/ while the bench runs (a reload drops the queue mid-job).
  const app = await snapshotApp(persistTo);
  let wrangler: DevServer | undefined;
  const fake = await startFakeUpstream({ port: await freePort(), latencyMs: CONFIG.latencyMs });
  const probe = probeUpstream(fake.server);
  try {
    log(`fake upstream ${fake.url} (latency ${CONFIG.latencyMs} ms); persist dir ${persistTo}`);
    await migrateLocalD1(join(persistTo, "state"), { cwd: app.dir, logLevel: "info" });
    wrangler = await startDevServer({
      cwd: app.dir,
      // "info": wrangler logs each queue batch, which the throughput scenario reads.
      logLevel: "info",
      persistTo: join(persistTo, "state"),
      vars: {
        YOUTUBE_API_KEY: "bench-youtube-key",
        YOUTUBE_API_BASE: `${fake.url}/youtube/v3`,
        YOUTUBE_OEMBED_URL: `${fake.url}/oembed`,
        GEMINI_API_KEY: "bench-gemini-key",
        GEMINI_API_BASE: fake.url,
        GEMINI_MODEL: "gemini-2.5-flash",
        AI_PROVIDER: "gemini",
      },
    });
    base = wrangler.url;
    log(`wrangler dev ${base}`);

    const auth = await api<{ token: string }>("POST", "/auth/register", {
      email: `bench-${Date.now()}@example.com`,
      password: "bench password 1",
    });
    token = auth.token;
    const fields = [
      { key: "level", label: "Level", type: "enum", options: ["intro", "intermediate", "deep"] },
      { key: "speakers", label: "Speakers", type: "tags" },
    ];
    const list = await api<{ id: string }>("POST", "/lists", { name: "Bench: 10k", fields });

    await importScenario(list.id);
    const job = await throughputScenario(list.id, wrangler, fake, probe);
    await loadScenario(list.id, fields, wrangler);
    await wrangler.stop();
    wrangler = undefined;
    await storageScenario(join(persistTo, "state"), job);
  } finally {
    await wrangler?.stop();
    await fake.close().catch(() => {});
    await rm(persistTo, { recursive: true, force: true }).catch(() => {});
  }

  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    loadAverageAtEnd: loadavg().map((l) => round(l, 2)),
    runtime: "wrangler dev (local workerd, D1, Queues, Durable Objects)",
  };
  printTable();
  const results = {
    ranAt: new Date().toISOString(),
    source: appSource,
    durationSeconds: round((Date.now() - started) / 1000, 1),
    config: {
      ...CONFIG,
      batchSize: BATCH_SIZE,
      idsPerYoutubeCall: IDS_PER_YOUTUBE_CALL,
      aiConcurrency: AI_CONCURRENCY,
    },
    machine,
    rows,
    details,
  };
  await writeFile(join(ROOT, "bench/results.json"), `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote bench/results.json (${results.durationSeconds} s)`);
}

const details: Record<string, unknown> = {};
let appSource: Record<string, string> = {};

/**
 * A copy of the app for wrangler dev to run: by default the committed HEAD (`git archive`),
 * or the working tree with BENCH_SOURCE=worktree; node_modules is linked, dist/web copied.
 */
async function snapshotApp(tmp: string) {
  const dir = join(tmp, "app");
  await mkdir(dir, { recursive: true });
  const paths = ["src", "migrations", "wrangler.toml", "tsconfig.json", "package.json"];
  const git = (...args: string[]) => execFileSync("git", ["-C", ROOT, ...args], { encoding: "utf8" }).trim();
  const commit = git("rev-parse", "HEAD");
  if (process.env.BENCH_SOURCE === "worktree") {
    for (const path of paths) await cp(join(ROOT, path), join(dir, path), { recursive: true });
    appSource = { commit, tree: "working tree (may include uncommitted changes)" };
  } else {
    execFileSync("sh", ["-c", `git -C "${ROOT}" archive HEAD ${paths.join(" ")} | tar -x -C "${dir}"`]);
    appSource = { commit, tree: "HEAD (git archive)" };
  }
  await symlink(join(ROOT, "node_modules"), join(dir, "node_modules"));
  await cp(join(ROOT, "dist/web"), join(dir, "dist/web"), { recursive: true });
  log(`app snapshot: ${appSource.tree} at ${commit.slice(0, 10)}`);
  return { dir };
}
const log = (message: string) => console.log(`[bench +${((Date.now() - t0) / 1000).toFixed(1)}s] ${message}`);
const t0 = Date.now();

// ─── 4. Import ─────────────────────────────────────────────────────────────────────────────
async function importScenario(listId: string) {
  const csv = `url,note\n${Array.from({ length: CONFIG.videos }, (_, i) => `https://youtu.be/${youtubeId("b", i)},row ${i}`).join("\n")}\n`;
  const start = performance.now();
  const result = await api<{ added: number; duplicates: number; invalid: unknown[] }>(
    "POST",
    `/lists/${listId}/videos/import`,
    csv,
    { "content-type": "text/csv" },
  );
  const seconds = (performance.now() - start) / 1000;
  log(`import: ${result.added} added in ${seconds.toFixed(2)} s`);
  if (result.added !== CONFIG.videos) throw new Error(`import added ${result.added}, expected ${CONFIG.videos}`);
  add({
    scenario: "4 import",
    metric: `${CONFIG.videos}-row CSV, one request`,
    value: `${round(seconds, 2)} s`,
    target: "< 5 s",
    met: seconds < 5,
    how: "measured",
  });
  add({ scenario: "4 import", metric: "rows/s", value: Math.round(CONFIG.videos / seconds), how: "measured" });
  details.import = { rows: CONFIG.videos, bytes: csv.length, seconds: round(seconds, 3), added: result.added };
}

// ─── 1, 2, 3, 6b. The 10,000-video job ─────────────────────────────────────────────────────
interface Frame {
  arrival: number;
  data: {
    type: string;
    seq?: number;
    jobId?: string;
    status?: string;
    processed?: number;
    failed?: number;
    total?: number;
    at?: string;
    videoId?: string;
  };
}

async function throughputScenario(
  listId: string,
  wrangler: DevServer,
  fake: Awaited<ReturnType<typeof startFakeUpstream>>,
  probe: ReturnType<typeof probeUpstream>,
) {
  // The socket first, so the job's first event is seen.
  const frames: Frame[] = [];
  const { ticket } = await api<{ ticket: string }>("POST", "/ws/ticket");
  const socket = new WebSocket(`${base.replace("http", "ws")}/api/ws/progress?ticket=${encodeURIComponent(ticket)}`);
  await new Promise<void>((resolveOpen, reject) => {
    const timer = setTimeout(() => reject(new Error("progress socket: no snapshot within 10 s")), 10_000);
    socket.addEventListener("message", (event) => {
      const data = JSON.parse(String(event.data));
      frames.push({ arrival: Date.now(), data });
      if (data.type === "snapshot") {
        clearTimeout(timer);
        resolveOpen();
      }
    });
    socket.addEventListener("error", () => reject(new Error("progress socket error")));
  });

  // Worker memory: VmRSS of the workerd process(es) in wrangler's process group, every second.
  // Rescanned every sample: a changed set means workerd restarted (which would void the run).
  const pids = wrangler.child.pid ? workerdPids(wrangler.child.pid) : [];
  const pidSets = new Set<string>();
  const rss: { t: number; mib: number }[] = [];
  const sampleRss = () => {
    const now = wrangler.child.pid ? workerdPids(wrangler.child.pid) : [];
    pidSets.add(now.join(","));
    const total = now.reduce((sum, pid) => sum + (rssMiB(pid) ?? 0), 0);
    if (total > 0) rss.push({ t: Date.now(), mib: total });
  };
  sampleRss();
  const rssTimer = setInterval(sampleRss, 1_000);

  fake.reset();
  probe.reset();
  const logStart = wrangler.lines.length;
  const startAt = Date.now();
  const job = await api<{ id: string; total: number }>("POST", `/lists/${listId}/process`, {});
  const processReturned = Date.now();
  log(`job ${job.id}: ${job.total} videos queued in ${processReturned - startAt} ms`);

  // The hub's D1 writes of the job row, seen from outside: poll the row, count distinct versions.
  const jobVersions = new Set<string>();
  let polling = true;
  const poller = (async () => {
    while (polling) {
      try {
        const page = await api<{ items: { id: string; updatedAt: string; processed: number; failed: number }[] }>(
          "GET",
          `/jobs?listId=${listId}&limit=1`,
        );
        const row = page.items.find((item) => item.id === job.id);
        if (row) jobVersions.add(`${row.updatedAt}|${row.processed}|${row.failed}`);
      } catch {
        // A slow poll is not a failure of the job.
      }
      await delay(200);
    }
  })();

  // Wait for the job's final event, bounded.
  const deadline = startAt + CONFIG.jobTimeoutSeconds * 1000;
  let final: Frame | undefined;
  let lastReport = 0;
  while (!final && Date.now() < deadline) {
    final = frames.find((f) => f.data.jobId === job.id && FINISHED.has(f.data.status ?? ""));
    if (Date.now() - lastReport > 10_000) {
      const last = frames.at(-1)?.data;
      log(`  … ${(last?.processed ?? 0) + (last?.failed ?? 0)} / ${job.total}`);
      lastReport = Date.now();
    }
    if (!final) await delay(50);
  }
  clearInterval(rssTimer);
  sampleRss();
  await delay(1_200); // let the final flush land before the last poll
  polling = false;
  await poller;
  socket.close();
  if (!final) throw new Error(`job did not finish within ${CONFIG.jobTimeoutSeconds} s`);
  const endAt = final.arrival;
  const seconds = (endAt - startAt) / 1000;
  const done = (final.data.processed ?? 0) + (final.data.failed ?? 0);
  log(
    `job ${final.data.status}: ${final.data.processed} processed, ${final.data.failed} failed in ${seconds.toFixed(1)} s`,
  );

  // ── Queue batches, from wrangler's own log lines ("QUEUE videos 100/100 (712ms)").
  const batches: { acked: number; size: number; ms: number; loggedAt: number }[] = [];
  for (let i = logStart; i < wrangler.lines.length; i++) {
    const m = /QUEUE videos (\d+)\/(\d+) \((\d+)ms\)/.exec(wrangler.lines[i] as string);
    if (m)
      batches.push({
        acked: Number(m[1]),
        size: Number(m[2]),
        ms: Number(m[3]),
        loggedAt: wrangler.lineTimes[i] as number,
      });
  }
  const batchMs = batches.map((b) => b.ms);
  const busyMs = batchMs.reduce((a, b) => a + b, 0);
  const meanConcurrency = busyMs / (endAt - startAt);
  const calls = probe.calls();
  const aiCalls = calls.filter((c) => c.endpoint === "generateContent");
  const ytCalls = calls.filter((c) => c.endpoint === "videos");
  const peakAi = probe.maxInFlight("generateContent");
  const observedConcurrency = Math.max(1, Math.ceil(peakAi / AI_CONCURRENCY));
  const phases = batchPhases(calls, batches, processReturned);

  // ── 1. Throughput vs the bound set by upstream latency and configured concurrency.
  const latency = CONFIG.latencyMs / 1000;
  const youtubeRounds = Math.ceil(BATCH_SIZE / IDS_PER_YOUTUBE_CALL) > 0 ? 1 : 0; // chunks run in parallel
  const aiRounds = Math.ceil(BATCH_SIZE / AI_CONCURRENCY);
  const batchSeconds = (youtubeRounds + aiRounds) * latency;
  const bound = (observedConcurrency * BATCH_SIZE) / batchSeconds;
  const rate = done / seconds;
  const formula =
    `bound = C × B / ((1 + ⌈B/${AI_CONCURRENCY}⌉) × L) = ${observedConcurrency} × ${BATCH_SIZE} / ((1 + ${aiRounds}) × ${CONFIG.latencyMs} ms) = ${round(bound, 1)} videos/s; ` +
    `B = batch size, L = upstream latency, 1 round of ⌈B/${IDS_PER_YOUTUBE_CALL}⌉ parallel videos.list calls then ⌈B/${AI_CONCURRENCY}⌉ sequential rounds of ${AI_CONCURRENCY} AI calls, ` +
    `C = batches in flight at once, observed (peak AI calls in flight ${peakAi} / ${AI_CONCURRENCY})`;
  add({
    scenario: "1 throughput",
    metric: `${job.total}-video job, process → final WebSocket event`,
    value: `${round(seconds, 1)} s, ${round(rate, 1)} videos/s`,
    how: "measured",
  });
  add({
    scenario: "1 throughput",
    metric: "bound from latency × concurrency",
    value: `${round(bound, 1)} videos/s (C=${observedConcurrency})`,
    how: "derived",
  });
  add({
    scenario: "1 throughput",
    metric: "ratio to bound",
    value: `${round((100 * rate) / bound, 1)} %`,
    target: "≥ 80 %",
    met: rate / bound >= 0.8,
    how: "measured",
  });
  add({
    scenario: "1 throughput",
    metric: "batch phases p50 ms: gap+D1 read+mark → YouTube → AI rounds → D1 write+report",
    value: phases
      ? `${phases.before.p50} → ${phases.youtube.p50} → ${phases.ai.p50} (ideal ${aiRounds * CONFIG.latencyMs}) → ${phases.after.p50}`
      : "n/a (batches overlapped)",
    how: "measured",
  });
  add({
    scenario: "1 throughput",
    metric: "queue batches: count, mean size, p50/p99 ms, mean in flight",
    value: `${batches.length}, ${round(batches.reduce((a, b) => a + b.size, 0) / Math.max(1, batches.length), 1)}, ${percentile(batchMs, 50)}/${percentile(batchMs, 99)} ms (ideal ${Math.round(batchSeconds * 1000)}), ${round(meanConcurrency, 2)}`,
    how: "measured",
  });

  // ── 2. Upstream cost.
  const stats = fake.stats();
  const ytPerVideo = stats.calls.videos / job.total;
  const aiPerVideo = stats.calls.generateContent / job.total;
  add({
    scenario: "2 upstream cost",
    metric: "YouTube videos.list calls per video",
    value: `${round(ytPerVideo, 4)} (${stats.calls.videos} calls, ≤ ${stats.videos.maxIdsPerCall} ids each)`,
    target: "≤ 0.02",
    met: ytPerVideo <= 0.02,
    how: "measured",
  });
  add({
    scenario: "2 upstream cost",
    metric: "AI generateContent calls per video",
    value: `${round(aiPerVideo, 4)} (${stats.calls.generateContent} calls)`,
    target: "1",
    met: aiPerVideo <= 1,
    how: "measured",
  });
  // D1 statements: not observable from outside the Worker (D1's meta is per call, inside it). The
  // number of batches is measured (wrangler's queue log), the statements per batch come from the
  // code path (src/db/video-results.ts): a 3-statement read batch, 1 UPDATE to processing, a write
  // batch of 1 statement (+1 only if the batch has failures). The hub's job-row writes are counted
  // from outside by polling the row and counting distinct versions.
  const failedBatches = Math.min(batches.length, final.data.failed ?? 0);
  const consumerStatements = batches.length * (3 + 1 + 1) + failedBatches;
  const hubWrites = Math.max(0, jobVersions.size - 1); // the first version is the row process wrote
  const d1PerVideo = (consumerStatements + hubWrites) / job.total;
  add({
    scenario: "2 upstream cost",
    metric: "D1 statements per video (processing path)",
    value: `${round(d1PerVideo, 3)} (${batches.length} batches × 5 + ${failedBatches} + ${hubWrites} hub job-row writes)`,
    target: "≤ 2",
    met: d1PerVideo <= 2,
    how: "derived",
  });
  add({
    scenario: "2 upstream cost",
    metric: "D1 statements per batch (consumer)",
    value: `${round(consumerStatements / Math.max(1, batches.length), 2)} (3 read + 1 mark + 1 write)`,
    how: "derived",
  });

  // ── 3. Progress traffic.
  const jobFrames = frames.filter((f) => f.data.type === "progress" && f.data.jobId === job.id);
  const first = jobFrames[0] as Frame;
  const span = (endAt - first.arrival) / 1000;
  const statuses: string[] = [];
  for (const f of jobFrames) if (statuses.at(-1) !== f.data.status) statuses.push(f.data.status ?? "");
  const statusChanges = statuses.length;
  const perSecond = (jobFrames.length - statusChanges) / span;
  const peakWindow = maxInWindow(
    jobFrames.map((f) => f.arrival),
    1_000,
  );
  add({
    scenario: "3 progress traffic",
    metric: "WebSocket frames per job",
    value: `${jobFrames.length} (${statusChanges} status: ${statuses.join(" → ")})`,
    how: "measured",
  });
  add({
    scenario: "3 progress traffic",
    metric: "frames/s per job (mean, excl. status; peak in any 1 s)",
    value: `${round(perSecond, 2)}; peak ${peakWindow}`,
    target: "≤ 4/s + status changes",
    met: perSecond <= 4 && peakWindow <= 4 + statusChanges,
    how: "measured",
  });

  // Latency from a video's completion to the frame that counts it. Completion = the commit of its
  // result row (D1 `processedAt`, set by the write statement; `updatedAt` for failed videos),
  // read back through the export. A video is "in" the first frame whose processed + failed reaches
  // its rank in completion order. Same machine, same clock for workerd and this process.
  const exported = await api<{ id: string; status: string; processedAt: string | null; updatedAt: string }[]>(
    "GET",
    `/lists/${listId}/videos/export?format=json`,
  );
  const completions = exported
    .filter((v) => v.status === "completed" || v.status === "failed")
    .map((v) => ({ id: v.id, at: Date.parse(v.processedAt ?? v.updatedAt) }))
    .sort((a, b) => a.at - b.at);
  const completedAt = new Map(completions.map((c) => [c.id, c.at]));
  const countFrames = jobFrames.map((f) => ({
    arrival: f.arrival,
    count: (f.data.processed ?? 0) + (f.data.failed ?? 0),
  }));
  const lagAll: number[] = [];
  let cursor = 0;
  completions.forEach((c, i) => {
    while (cursor < countFrames.length && (countFrames[cursor]?.count ?? 0) < i + 1) cursor++;
    const frame = countFrames[cursor];
    if (frame) lagAll.push(frame.arrival - c.at);
  });
  const lagNamed = jobFrames
    .filter((f) => f.data.videoId && completedAt.has(f.data.videoId))
    .map((f) => f.arrival - (completedAt.get(f.data.videoId as string) as number));
  const transport = jobFrames.filter((f) => f.data.at).map((f) => f.arrival - Date.parse(f.data.at as string));
  add({
    scenario: "3 progress traffic",
    metric: "completion → first frame counting it, all videos (p50/p99)",
    value: `${percentile(lagAll, 50)} / ${percentile(lagAll, 99)} ms (n=${lagAll.length})`,
    how: "measured",
  });
  add({
    scenario: "3 progress traffic",
    metric: "completion → frame naming it (videoId) (p50/p99)",
    value: `${percentile(lagNamed, 50)} / ${percentile(lagNamed, 99)} ms (n=${lagNamed.length})`,
    how: "measured",
  });
  add({
    scenario: "3 progress traffic",
    metric: "event `at` → frame arrival (p50/p99)",
    value: `${percentile(transport, 50)} / ${percentile(transport, 99)} ms`,
    how: "measured",
  });

  // ── 6b. Worker memory during the job.
  const mibs = rss.map((s) => s.mib);
  const startMib = mibs[0] ?? Number.NaN;
  const peakMib = Math.max(...mibs);
  const endMib = mibs.at(-1) ?? Number.NaN;
  add({
    scenario: "6 memory/storage",
    metric: `workerd RSS, ${pids.length} processes summed (start / peak / end, ${rss.length} samples${pidSets.size > 1 ? ", RESTARTED" : ""})`,
    value: `${round(startMib)} / ${round(peakMib)} / ${round(endMib)} MiB`,
    target: "flat",
    met: peakMib - startMib < 0.25 * startMib + 64,
    how: "measured",
  });

  details.job = {
    id: job.id,
    total: job.total,
    status: final.data.status,
    processed: final.data.processed,
    failed: final.data.failed,
    seconds: round(seconds, 2),
    processRequestMs: processReturned - startAt,
    videosPerSecond: round(rate, 2),
    boundVideosPerSecond: round(bound, 2),
    boundFormula: formula,
    observedConcurrency,
    peakInFlight: { generateContent: peakAi, videos: probe.maxInFlight("videos") },
    meanBatchesInFlight: round(meanConcurrency, 3),
    batches: {
      count: batches.length,
      sizes: summarize(batches.map((b) => b.size)),
      ms: summarize(batchMs),
      idealMs: Math.round(batchSeconds * 1000),
    },
    upstream: {
      calls: stats.calls,
      maxIdsPerCall: stats.videos.maxIdsPerCall,
      aiCallMs: summarize(aiCalls.map((c) => c.end - c.start)),
      youtubeCallMs: summarize(ytCalls.map((c) => c.end - c.start)),
    },
    phasesMs: phases,
    d1: { consumerStatementsDerived: consumerStatements, hubJobRowWritesObserved: hubWrites },
    frames: {
      count: jobFrames.length,
      statusChanges: statuses,
      perSecondExclStatus: round(perSecond, 3),
      peakIn1s: peakWindow,
      completionToFrameMs: summarize(lagAll),
      completionToNamedFrameMs: summarize(lagNamed),
      atToArrivalMs: summarize(transport),
    },
    rssMiB: rss.map((s) => ({ t: round((s.t - startAt) / 1000, 1), mib: round(s.mib, 1) })),
    workerdPids: pids,
    workerdRestarted: pidSets.size > 1,
  };
  console.log(`\n${formula}\n`);
  return { id: job.id, total: job.total, frames: jobFrames.length };
}

/**
 * Splits each queue batch into phases from outside, when batches run one at a time (as the local
 * queue delivers them): its videos.list calls start together, its AI calls follow, and wrangler
 * logs the batch when the consumer returns. Phases: before = previous batch logged (or process
 * answered) → first videos.list call (dispatch, D1 read, UPDATE to processing); youtube = first
 * videos.list start → first AI start; ai = first AI start → last AI end; after = last AI end →
 * batch logged (D1 write batch, hub report, acks).
 */
function batchPhases(calls: CallRecord[], batches: { loggedAt: number }[], startedAt: number) {
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

type Summary = NonNullable<ReturnType<typeof summarize>>;

function summarize(values: number[]) {
  if (values.length === 0) return null;
  return {
    n: values.length,
    min: Math.min(...values),
    p50: percentile(values, 50),
    p90: percentile(values, 90),
    p99: percentile(values, 99),
    max: Math.max(...values),
    mean: round(values.reduce((a, b) => a + b, 0) / values.length, 1),
  };
}

// ─── 5. API under load ─────────────────────────────────────────────────────────────────────
interface Op {
  name: string;
  weight: number;
  run: (n: number) => [string, string, unknown?];
}

function pickOp(ops: Op[], roll: number): Op {
  let left = roll;
  for (const op of ops) {
    left -= op.weight;
    if (left < 0) return op;
  }
  return ops.at(-1) as Op;
}

/** `clients` closed-loop clients, each picking weighted ops until the deadline (bounded). */
async function closedLoop(ops: Op[], seconds: number, clients: number, auth: boolean) {
  const latencies = new Map<string, number[]>(ops.map((op) => [op.name, []]));
  const all: number[] = [];
  const errors: Record<string, number> = {};
  let added = 0;
  let sequence = 0;
  const deadline = Date.now() + seconds * 1000;
  const client = async (index: number) => {
    const random = seeded(index + 1);
    while (Date.now() < deadline) {
      const op = pickOp(ops, random());
      const [method, path, body] = op.run(sequence++);
      const headers: Record<string, string> = auth ? { authorization: `Bearer ${token}` } : {};
      if (body) headers["content-type"] = "application/json";
      const start = performance.now();
      let status = 0;
      try {
        const response = await fetch(`${base}/api${path}`, {
          method,
          headers,
          body: body ? JSON.stringify(body) : undefined,
          signal: AbortSignal.timeout(10_000),
        });
        await response.arrayBuffer();
        status = response.status;
      } catch {
        status = -1;
      }
      const ms = performance.now() - start;
      latencies.get(op.name)?.push(ms);
      all.push(ms);
      if (status < 200 || status >= 300) errors[`${op.name} → ${status}`] = (errors[`${op.name} → ${status}`] ?? 0) + 1;
      else if (method === "POST") added++;
    }
  };
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  return { latencies, all, errors, added, seconds: (performance.now() - startedAt) / 1000 };
}

async function loadScenario(bigListId: string, fields: unknown[], wrangler: DevServer) {
  const addList = await api<{ id: string }>("POST", "/lists", { name: "Bench: adds", fields });
  const page1 = await api<{ nextCursor: string | null }>("GET", `/lists/${bigListId}/videos?limit=50`);
  const cursor = page1.nextCursor ?? "";
  const ops: Op[] = [
    { name: "GET /lists", weight: 0.2, run: () => ["GET", "/lists?limit=50"] },
    { name: "GET /lists/:id", weight: 0.1, run: () => ["GET", `/lists/${bigListId}`] },
    {
      name: "GET /lists/:id/videos (10k list, page 1)",
      weight: 0.25,
      run: () => ["GET", `/lists/${bigListId}/videos?limit=50`],
    },
    {
      name: "GET /lists/:id/videos (10k list, page 2)",
      weight: 0.2,
      run: () => ["GET", `/lists/${bigListId}/videos?limit=50&cursor=${encodeURIComponent(cursor)}`],
    },
    {
      name: "POST /lists/:id/videos (add)",
      weight: 0.25,
      run: (n) => [
        "POST",
        `/lists/${addList.id}/videos`,
        { url: `https://www.youtube.com/watch?v=${youtubeId("c", n)}` },
      ],
    },
  ];

  // The floor: the same clients on a route with no auth and no D1 (what wrangler dev and this
  // machine can do at all), then the real mix. CPU per process during the mix shows who is busy.
  const baselineSeconds = Math.max(3, Math.round(CONFIG.loadSeconds / 3));
  log(`load: baseline GET /api/health, ${CONFIG.clients} clients for ${baselineSeconds} s`);
  const baseline = await closedLoop(
    [{ name: "GET /health", weight: 1, run: () => ["GET", "/health"] }],
    baselineSeconds,
    CONFIG.clients,
    false,
  );
  const pids = wrangler.child.pid ? workerdPids(wrangler.child.pid) : [];
  const others = wrangler.child.pid ? groupPids(wrangler.child.pid, (comm) => !comm.includes("workerd")) : [];
  const cpu = () => ({
    workerd: pids.reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0), 0),
    wranglerNode: others.reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0), 0),
    bench: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
  });
  log(`load: ${CONFIG.clients} clients for ${CONFIG.loadSeconds} s`);
  const cpuBefore = cpu();
  const loadBefore = loadavg()[0] as number;
  const run = await closedLoop(ops, CONFIG.loadSeconds, CONFIG.clients, true);
  const cpuAfter = cpu();
  const cpuShare = Object.fromEntries(
    Object.entries(cpuAfter).map(([name, value]) => [
      name,
      round((value - cpuBefore[name as keyof typeof cpuBefore]) / run.seconds, 2),
    ]),
  );
  const errorCount = Object.values(run.errors).reduce((a, b) => a + b, 0);
  const p99 = percentile(run.all, 99);
  add({
    scenario: "5 API load",
    metric: `${CONFIG.clients} clients × ${CONFIG.loadSeconds} s: requests, req/s`,
    value: `${run.all.length}, ${Math.round(run.all.length / run.seconds)}/s (${run.added} adds)`,
    how: "measured",
  });
  add({
    scenario: "5 API load",
    metric: "latency p50 / p99 (all requests)",
    value: `${round(percentile(run.all, 50))} / ${round(p99)} ms`,
    target: "p99 < 50 ms",
    met: p99 < 50,
    how: "measured",
  });
  add({
    scenario: "5 API load",
    metric: "errors",
    value: errorCount === 0 ? 0 : `${errorCount} ${JSON.stringify(run.errors)}`,
    target: "0",
    met: errorCount === 0,
    how: "measured",
  });
  const perOp: Record<string, unknown> = {};
  for (const [name, values] of run.latencies) {
    perOp[name] = summarize(values.map((v) => round(v, 1)));
    add({
      scenario: "5 API load",
      metric: `  ${name} p50 / p99`,
      value: `${round(percentile(values, 50))} / ${round(percentile(values, 99))} ms (n=${values.length})`,
      how: "measured",
    });
  }
  add({
    scenario: "5 API load",
    metric: `floor: GET /api/health (no auth, no D1), same ${CONFIG.clients} clients, ${baselineSeconds} s`,
    value: `${Math.round(baseline.all.length / baseline.seconds)}/s, p50 ${round(percentile(baseline.all, 50))} / p99 ${round(percentile(baseline.all, 99))} ms`,
    how: "measured",
  });
  add({
    scenario: "5 API load",
    metric: "CPU cores busy during the mix (workerd / wrangler+esbuild / bench client)",
    value: `${cpuShare.workerd} / ${cpuShare.wranglerNode} / ${cpuShare.bench} (load avg ${round(loadBefore, 1)})`,
    how: "measured",
  });
  details.load = {
    seconds: round(run.seconds, 2),
    requests: run.all.length,
    added: run.added,
    errors: run.errors,
    perOp,
    baseline: {
      seconds: round(baseline.seconds, 2),
      requests: baseline.all.length,
      ms: summarize(baseline.all.map((v) => round(v, 1))),
      errors: baseline.errors,
    },
    cpuCoresBusy: cpuShare,
    loadAverageBefore: round(loadBefore, 2),
  };
}

// ─── 6a. Durable Object storage ────────────────────────────────────────────────────────────
/**
 * Reads the ProgressHub's SQLite file from the persist dir after wrangler stopped (a copy, so
 * SQLite can replay the WAL without touching the original): rows the finished job left behind.
 */
async function storageScenario(persistTo: string, job: { id: string; total: number; frames: number }) {
  const files = await findFiles(persistTo, (path) => path.includes("ProgressHub") && path.endsWith(".sqlite"));
  let jobs = 0;
  let outcomes = 0;
  let events = 0;
  let bytes = 0;
  const hubFiles: string[] = [];
  for (const file of files) {
    const copy = await mkdtemp(join(tmpdir(), "tubelist-bench-do-"));
    try {
      for (const suffix of ["", "-wal", "-shm"]) {
        if (existsSync(file + suffix)) await cp(file + suffix, join(copy, `hub.sqlite${suffix}`));
      }
      const db = new DatabaseSync(join(copy, "hub.sqlite"));
      const hasJobs = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'jobs'").get();
      if (!hasJobs) {
        db.close();
        continue;
      }
      hubFiles.push(file.slice(persistTo.length));
      const count = (sql: string) => Number((db.prepare(sql).get(job.id) as { n: number }).n);
      bytes += (await stat(file)).size + (existsSync(`${file}-wal`) ? (await stat(`${file}-wal`)).size : 0);
      jobs += count("SELECT count(*) AS n FROM jobs WHERE id = ?");
      outcomes += count("SELECT count(*) AS n FROM outcomes WHERE job_id = ?");
      events += count("SELECT count(*) AS n FROM events WHERE job_id = ?");
      db.close();
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  }
  const total = jobs + outcomes + events;
  add({
    scenario: "6 memory/storage",
    metric: "ProgressHub rows left by the finished job (job / outcomes / events)",
    value: `${total} (${jobs} / ${outcomes} / ${events}) for ${job.total} videos`,
    target: "bounded, not per video",
    met: outcomes === 0 && total < job.total / 10,
    how: "measured",
  });
  details.storage = {
    hubFiles,
    candidates: files.map((f) => f.slice(persistTo.length)),
    hubBytes: bytes,
    jobs,
    outcomes,
    events,
  };
}

async function findFiles(dir: string, match: (path: string) => boolean): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await findFiles(path, match)));
    else if (match(path)) found.push(path);
  }
  return found;
}

// ─── Output ────────────────────────────────────────────────────────────────────────────────
function printTable() {
  const header = ["scenario", "metric", "value", "target", "met", "how"];
  const cells = rows.map((r) => [
    r.scenario,
    r.metric,
    String(r.value),
    r.target ?? "",
    r.met === undefined ? "" : r.met ? "yes" : "NO",
    r.how,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i] as number)).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const c of cells) console.log(line(c));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
