/**
 * The API under load: `BENCH_CLIENTS` closed-loop clients for `BENCH_LOAD_SECONDS`, each picking
 * weighted operations (list reads, pages of the big list, single adds to another list). First the
 * floor: the same clients on `/api/health` (no auth, no D1), what wrangler dev on this machine can
 * serve at all; CPU per process during the mix shows who is busy.
 */
import { bigList } from "../fixtures/big-list.ts";
import { type BenchUser, youtubeId } from "../lib/api-client.ts";
import { cpuSeconds, groupPids, workerdPids } from "../lib/processes.ts";
import { percentile, round, seeded, summarize } from "../lib/stats.ts";
import { envNumber, type Scenario } from "../scenario.ts";

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

/** `clients` closed-loop clients, each picking weighted ops until the deadline. */
async function closedLoop(user: BenchUser, ops: Op[], seconds: number, clients: number, auth: boolean) {
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
      const headers: Record<string, string> = auth ? { authorization: `Bearer ${user.token}` } : {};
      if (body) headers["content-type"] = "application/json";
      const start = performance.now();
      let status = 0;
      try {
        const response = await fetch(`${user.base}/api${path}`, {
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

export default {
  label: "5 API load",
  summary: "BENCH_CLIENTS closed-loop clients × BENCH_LOAD_SECONDS on a read/add mix, and the /health floor",
  async run(ctx) {
    const loadSeconds = envNumber("BENCH_LOAD_SECONDS", 30);
    const clients = envNumber("BENCH_CLIENTS", 50);
    const { user, listId: bigListId } = await bigList(ctx);
    const addList = await user.createList("Bench: adds");
    const page1 = await user.api<{ nextCursor: string | null }>("GET", `/lists/${bigListId}/videos?limit=50`);
    const cursor = page1.nextCursor ?? "";
    const ops: Op[] = [
      { name: "GET /lists", weight: 0.2, run: () => ["GET", "/lists?limit=50"] },
      { name: "GET /lists/:id", weight: 0.1, run: () => ["GET", `/lists/${bigListId}`] },
      {
        name: "GET /lists/:id/videos (big list, page 1)",
        weight: 0.25,
        run: () => ["GET", `/lists/${bigListId}/videos?limit=50`],
      },
      {
        name: "GET /lists/:id/videos (big list, page 2)",
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

    const baselineSeconds = Math.max(3, Math.round(loadSeconds / 3));
    ctx.log(`load: baseline GET /api/health, ${clients} clients for ${baselineSeconds} s`);
    const baseline = await closedLoop(
      user,
      [{ name: "GET /health", weight: 1, run: () => ["GET", "/health"] }],
      baselineSeconds,
      clients,
      false,
    );
    const group = ctx.server.child.pid as number;
    const pids = workerdPids(group);
    const others = groupPids(group, (comm) => !comm.includes("workerd"));
    const cpu = () => ({
      workerd: pids.reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0), 0),
      wranglerNode: others.reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0), 0),
      bench: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
    });
    ctx.log(`load: ${clients} clients for ${loadSeconds} s`);
    const cpuBefore = cpu();
    const run = await closedLoop(user, ops, loadSeconds, clients, true);
    const cpuAfter = cpu();
    const cpuShare = Object.fromEntries(
      Object.entries(cpuAfter).map(([name, value]) => [
        name,
        round((value - cpuBefore[name as keyof typeof cpuBefore]) / run.seconds, 2),
      ]),
    );
    const errorCount = Object.values(run.errors).reduce((a, b) => a + b, 0);
    const p99 = percentile(run.all, 99);
    ctx.add({
      metric: `${clients} clients × ${loadSeconds} s: requests, req/s`,
      value: `${run.all.length}, ${Math.round(run.all.length / run.seconds)}/s (${run.added} adds)`,
      how: "measured",
    });
    ctx.add({
      metric: "latency p50 / p99 (all requests)",
      value: `${round(percentile(run.all, 50))} / ${round(p99)} ms`,
      target: "p99 < 50 ms",
      met: p99 < 50,
      how: "measured",
    });
    ctx.add({
      metric: "errors",
      value: errorCount === 0 ? 0 : `${errorCount} ${JSON.stringify(run.errors)}`,
      target: "0",
      met: errorCount === 0,
      how: "measured",
    });
    const perOp: Record<string, unknown> = {};
    for (const [name, values] of run.latencies) {
      perOp[name] = summarize(values.map((v) => round(v, 1)));
      ctx.add({
        metric: `  ${name} p50 / p99`,
        value: `${round(percentile(values, 50))} / ${round(percentile(values, 99))} ms (n=${values.length})`,
        how: "measured",
      });
    }
    ctx.add({
      metric: `floor: GET /api/health (no auth, no D1), same ${clients} clients, ${baselineSeconds} s`,
      value: `${Math.round(baseline.all.length / baseline.seconds)}/s, p50 ${round(percentile(baseline.all, 50))} / p99 ${round(percentile(baseline.all, 99))} ms`,
      how: "measured",
    });
    ctx.add({
      metric: "CPU cores busy during the mix (workerd / wrangler+esbuild / bench client)",
      value: `${cpuShare.workerd} / ${cpuShare.wranglerNode} / ${cpuShare.bench}`,
      how: "measured",
    });
    ctx.detail("load", {
      clients,
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
    });
  },
} satisfies Scenario;
