/**
 * `npm run bench`: copies the app and builds its UI (bench/lib/app-snapshot.ts), starts the fake
 * upstream (fixed latency) and `wrangler dev` on free loopback ports with a private persist dir,
 * runs the chosen scenarios (bench/scenarios/*.ts, contract in bench/scenario.ts), prints their
 * table, merges them into bench/results.json and rewrites the README's results between its
 * markers. Everything it starts is stopped when it ends, fails or is interrupted.
 *
 *   BENCH_SCENARIOS (all)       comma-separated scenario names, e.g. fairness,throughput; `list` lists them
 *   BENCH_VIDEOS (10000)        videos in the big list, its import and its processing job
 *   BENCH_LATENCY_MS (50)       fake upstream latency per call
 *   BENCH_JOB_TIMEOUT_S (420)   give up on a job after this long
 *   BENCH_MAX_MINUTES (45)      stop the whole bench after this long
 *   BENCH_HEAP_DIR              keep the app isolate's heap snapshots (before/after the job) here
 * Scenarios read their own knobs too (see each file's header).
 */

import { mkdtemp, readdir, rm } from "node:fs/promises";
import { cpus, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type DevServer, freePort, migrateLocalD1, startDevServer } from "../test/support/dev-server.ts";
import { startFakeUpstream, upstreamVars } from "../test/support/fake-upstream.ts";
import { BenchUser } from "./lib/api-client.ts";
import { readAppConstants } from "./lib/app-constants.ts";
import { describeSource, snapshotApp } from "./lib/app-snapshot.ts";
import { type Isolate, openIsolates } from "./lib/inspector.ts";
import { type MachineLoad, watchMachine } from "./lib/machine-load.ts";
import { removeOnExit } from "./lib/processes.ts";
import { byLabel, mergeResults, README_START, renderTable, type ScenarioResult, updateReadme } from "./lib/results.ts";
import { round } from "./lib/stats.ts";
import { probeUpstream } from "./lib/upstream-probe.ts";
import { type BenchConfig, type BenchContext, envNumber, type Row, type Scenario } from "./scenario.ts";

const ROOT = resolve(import.meta.dirname, "..");
const t0 = Date.now();
const log = (message: string) => console.log(`[bench +${((Date.now() - t0) / 1000).toFixed(1)}s] ${message}`);

/** Every file in bench/scenarios/ is a scenario, named after the file. */
async function loadScenarios(): Promise<Map<string, Scenario>> {
  const dir = join(import.meta.dirname, "scenarios");
  const found: [string, Scenario][] = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith(".ts")).sort()) {
    const scenario = (await import(pathToFileURL(join(dir, file)).href)).default as Scenario | undefined;
    if (!scenario?.label || typeof scenario.run !== "function")
      throw new Error(`bench/scenarios/${file}: the default export is not a Scenario`);
    found.push([file.replace(/\.ts$/, ""), scenario]);
  }
  return new Map(found.sort(([, a], [, b]) => byLabel(a, b)));
}

function select(all: Map<string, Scenario>): [string, Scenario][] {
  const asked = process.env.BENCH_SCENARIOS?.trim();
  if (!asked) return [...all];
  const names = asked.split(",").map((n) => n.trim());
  const unknown = names.filter((n) => !all.has(n));
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(", ")}; known: ${[...all.keys()].join(", ")}`);
  return [...all].filter(([name]) => names.includes(name));
}

/** One scenario's bookkeeping while it runs. */
interface Slot {
  rows: Row[];
  details: Record<string, unknown>;
  fixtures: Set<string>;
  own?: MachineLoad;
  error?: string;
}

async function main() {
  const all = await loadScenarios();
  if (process.env.BENCH_SCENARIOS === "list") {
    for (const [name, s] of all) console.log(`${name.padEnd(12)} ${s.label.padEnd(20)} ${s.summary}`);
    return 0;
  }
  const chosen = select(all);
  const config: BenchConfig = {
    videos: envNumber("BENCH_VIDEOS", 10_000),
    latencyMs: envNumber("BENCH_LATENCY_MS", 50),
    jobTimeoutSeconds: envNumber("BENCH_JOB_TIMEOUT_S", 420),
  };
  setTimeout(() => {
    console.error("bench: overall time limit reached, stopping");
    process.exit(2);
  }, envNumber("BENCH_MAX_MINUTES", 45) * 60_000).unref();

  const tmp = await mkdtemp(join(tmpdir(), "tubelist-bench-"));
  removeOnExit(tmp);
  const app = await snapshotApp(tmp);
  const constants = await readAppConstants(app.dir);
  log(`app copied and UI built (${describeSource(app.source)}); scenarios: ${chosen.map(([n]) => n).join(", ")}`);

  const stateDir = join(tmp, "state");
  const fake = await startFakeUpstream({ port: await freePort(), latencyMs: config.latencyMs });
  const probe = probeUpstream(fake.server);
  // Upstream limits far above what the fake's latency allows, so only latency bounds the big job;
  // scenarios about limits start a server of their own with theirs (ctx.startServer).
  const appVars: Record<string, string> = {
    ...upstreamVars(fake.url, "bench"),
    GEMINI_MODEL: "gemini-3.5-flash-lite",
    GEMINI_RPM: "100000",
    GEMINI_TPM: "1000000000",
    YOUTUBE_QPS: "1000",
    // Subscriptions come due a minute after they are made, so the sources scenario's Cron pass has work.
    SUBSCRIPTION_CHECK_MINUTES: "1",
    // …and one user may hold the 1,000 of them (sign-ups are rate-limited; see the scenario).
    LIMIT_SUBSCRIPTIONS: "5000",
    // The webhooks scenario's receiver listens on 127.0.0.1.
    WEBHOOK_SECRET_KEY: "bench-webhook-key",
    ALLOW_INSECURE_WEBHOOKS: "true",
  };
  let server: DevServer | undefined;
  const extraServers: DevServer[] = [];
  let isolates: Isolate[] = [];
  const slots = new Map<string, Slot>(chosen.map(([name]) => [name, { rows: [], details: {}, fixtures: new Set() }]));
  const fixtures = new Map<string, { value: Promise<unknown>; load?: MachineLoad }>();
  let current: Slot | undefined;
  try {
    await migrateLocalD1(stateDir, { cwd: app.dir, logLevel: "info" });
    server = await startDevServer({
      cwd: app.dir,
      // "info": wrangler logs each queue batch, which the scenarios read.
      logLevel: "info",
      persistTo: stateDir,
      vars: appVars,
    });
    const running = server;
    const groupId = () => running.child.pid;
    isolates = await openIsolates({
      groupId: running.child.pid as number,
      workerName: constants.workerName,
      wranglerInspectorPort: running.inspectorPort,
    });
    log(`wrangler dev ${running.url}; fake upstream ${fake.url} (${config.latencyMs} ms); ${isolates.length} isolates`);

    const ctx: BenchContext = {
      config,
      app: constants,
      server: running,
      fake,
      probe,
      isolates,
      stateDir,
      newUser: (label) => BenchUser.register(running.url, label),
      async startServer(label, vars) {
        const persistTo = join(tmp, `state-${label}`);
        await migrateLocalD1(persistTo, { cwd: app.dir, logLevel: "info" });
        const extra = await startDevServer({
          cwd: app.dir,
          logLevel: "info",
          persistTo,
          vars: { ...appVars, ...vars },
        });
        extraServers.push(extra);
        return extra;
      },
      add: (row) => current?.rows.push(row),
      detail: (key, value) => {
        if (current) current.details[key] = value;
      },
      log,
      shared<T>(key: string, make: () => Promise<T>): Promise<T> {
        current?.fixtures.add(key);
        let fixture = fixtures.get(key);
        if (!fixture) {
          const window = watchMachine(groupId);
          const made: { value: Promise<unknown>; load?: MachineLoad } = { value: Promise.resolve() };
          made.value = make().finally(() => {
            made.load = window.end();
          });
          fixture = made;
          fixtures.set(key, fixture);
        }
        return fixture.value as Promise<T>;
      },
    };

    const phase = async (step: "run" | "afterStop") => {
      for (const [name, scenario] of chosen) {
        const slot = slots.get(name) as Slot;
        const body = scenario[step];
        if (!body || slot.error) continue;
        current = slot;
        const window = watchMachine(groupId);
        log(`── ${name}${step === "afterStop" ? " (after wrangler stopped)" : ""}`);
        try {
          await body.call(scenario, ctx);
        } catch (error) {
          slot.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
          slot.rows.push({ metric: "scenario failed", value: String(error).slice(0, 200), how: "measured" });
          console.error(`bench: ${name} failed:`, error);
        }
        const own = window.end();
        slot.own = slot.own ? { ...slot.own, seconds: round(slot.own.seconds + own.seconds, 1) } : own;
        current = undefined;
      }
    };
    await phase("run");
    for (const isolate of isolates) isolate.session.close();
    await running.stop();
    server = undefined;
    await phase("afterStop");
  } finally {
    for (const isolate of isolates) isolate.session.close();
    await server?.stop();
    await Promise.all(extraServers.map((extra) => extra.stop().catch(() => {})));
    await fake.close().catch(() => {});
    await rm(tmp, { recursive: true, force: true }).catch(() => {});
  }

  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    runtime: "wrangler dev (local workerd, D1, Queues, Durable Objects)",
  };
  const fresh: Record<string, ScenarioResult> = {};
  for (const [name, scenario] of chosen) {
    const slot = slots.get(name) as Slot;
    fresh[name] = {
      label: scenario.label,
      summary: scenario.summary,
      ranAt: new Date().toISOString(),
      source: app.source,
      machine,
      config: { ...config, app: constants },
      load: {
        own: slot.own as MachineLoad,
        fixtures: Object.fromEntries([...slot.fixtures].map((key) => [key, fixtures.get(key)?.load as MachineLoad])),
      },
      rows: slot.rows,
      details: slot.details,
      ...(slot.error ? { error: slot.error } : {}),
    };
  }
  console.log(`\n${renderTable({ updatedAt: "", scenarios: fresh })}\n`);
  const results = await mergeResults(join(ROOT, "bench/results.json"), fresh);
  const readme = join(ROOT, "README.md");
  if (await updateReadme(readme, renderTable(results))) log("wrote bench/results.json and the README table");
  else log(`wrote bench/results.json; README.md has no "${README_START}" marker, left alone`);
  return Object.values(fresh).some((r) => r.error) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
