/**
 * The contract between the bench runner (bench/run.ts) and its scenarios.
 *
 * A scenario is one file in bench/scenarios/: `export default { label, summary, run } satisfies
 * Scenario`. Its name is the file name (`bench/scenarios/fairness.ts` → `fairness`), which is what
 * `BENCH_SCENARIOS=fairness,throughput npm run bench` selects; nothing else registers it.
 * Scenarios run in the order of the number their label starts with, against one `wrangler dev`
 * and one fake upstream that the runner starts; each adds rows (the table in the README and
 * bench/results.json) and details (results.json only). A scenario that needs what another one
 * measured asks for it through `ctx.shared` (see bench/fixtures/), so it is computed once however
 * many scenarios read it, and also when only one of them is selected.
 *
 * Adding a scenario:
 * ```ts
 * // bench/scenarios/find-speed.ts
 * import type { Scenario } from "../scenario.ts";
 * export default {
 *   label: "8 find speed",
 *   summary: "filtered queries on a 100,000-video list",
 *   async run(ctx) {
 *     const user = await ctx.newUser("find");
 *     const list = await user.createList("Bench: find");
 *     await user.importVideos(list.id, 100_000, "f");
 *     // … time the queries …
 *     ctx.add({ metric: "p50 / p99", value: "12 / 40 ms", target: "p99 < 100 ms", met: true, how: "measured" });
 *   },
 * } satisfies Scenario;
 * ```
 */
import type { DevServer } from "../test/support/dev-server.ts";
import type { FakeUpstream } from "../test/support/fake-upstream.ts";
import type { BenchUser } from "./lib/api-client.ts";
import type { AppConstants } from "./lib/app-constants.ts";
import type { Isolate } from "./lib/inspector.ts";
import type { UpstreamProbe } from "./lib/upstream-probe.ts";

/** One line of the results table. */
export interface Row {
  metric: string;
  value: number | string;
  /** What the figure should be, in words (`< 5 s`, `≤ 3× alone`); omitted for context figures. */
  target?: string;
  met?: boolean;
  /** Measured: observed from outside the Worker. Derived: computed from a measured count and the code path. */
  how: "measured" | "derived";
}

export interface Scenario {
  /** First column of the table, `<number> <title>`; the number orders the runs. */
  label: string;
  /** What it measures, in one line (printed by `BENCH_SCENARIOS=list`). */
  summary: string;
  /** Runs while wrangler dev serves. */
  run(ctx: BenchContext): Promise<void>;
  /**
   * Runs after every scenario's `run` and after wrangler dev stopped, for what it persisted
   * (SQLite files are not read while workerd writes them). `ctx.server` is no longer serving.
   */
  afterStop?(ctx: BenchContext): Promise<void>;
}

/** Knobs shared by several scenarios (environment variables, defaults in bench/run.ts). */
export interface BenchConfig {
  /** BENCH_VIDEOS: videos in the big list, its import and its processing job. */
  videos: number;
  /** BENCH_LATENCY_MS: the fake upstream's latency per call. */
  latencyMs: number;
  /** BENCH_JOB_TIMEOUT_S: give up on one job after this long. */
  jobTimeoutSeconds: number;
}

export interface BenchContext {
  config: BenchConfig;
  /** The app's own settings (batch size, concurrency …), read from its config and src/. */
  app: AppConstants;
  /** The running `wrangler dev` (base URL `server.url`, its log lines, its process group). */
  server: DevServer;
  /** The fake YouTube/Gemini every upstream call goes to; its `stats()` counts calls and ids. */
  fake: FakeUpstream;
  /** Timing and concurrency of the calls the fake received. */
  probe: UpstreamProbe;
  /** CDP sessions to every isolate of the local runtime: the app's and the simulators'. */
  isolates: Isolate[];
  /** wrangler's `--persist-to`: local D1, queues and Durable Object state. */
  stateDir: string;
  /** A freshly registered account. */
  newUser(label: string): Promise<BenchUser>;
  /**
   * Another `wrangler dev` of the same app with a state of its own, the runner's vars overridden
   * by `vars` (upstream limits, say), against the same fake upstream. The scenario may stop it;
   * the runner stops it at the end otherwise. Register its users with `BenchUser.register(server.url, …)`.
   */
  startServer(label: string, vars: Record<string, string>): Promise<DevServer>;
  /** Adds a row under this scenario's label. */
  add(row: Row): void;
  /** Stores a detail of this scenario in results.json. */
  detail(key: string, value: unknown): void;
  log(message: string): void;
  /**
   * A fixture several scenarios read (the big list, the 10,000-video job …): made on first use,
   * then shared. The machine load while it was made is recorded with every scenario that used it.
   */
  shared<T>(key: string, make: () => Promise<T>): Promise<T>;
}

/** A non-negative number from the environment, for a scenario's own knobs. */
export function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`);
  return value;
}
