/**
 * `wrangler dev` for the end-to-end suite and the bench: a free loopback port, the repo's own
 * wrangler run by the Node that runs the caller (the repo's Node 24), vars on the command line, a
 * private persist dir, its own process group (stopping it also stops workerd under it), and a wait
 * until /api/health answers. Any group still running when the process exits is SIGKILLed.
 * Plain Node (type stripping): erasable syntax only, no app imports.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
/** The repo's wrangler (its package does not export the bin file, so no require.resolve). */
export const WRANGLER = resolve(ROOT, "node_modules/wrangler/bin/wrangler.js");

/** wrangler's own log level: "info" prints a line per queue batch, which the bench parses. */
export type LogLevel = "info" | "warn";

/** Quiet, offline-friendly tool settings: no telemetry, no prompts, no colours. */
const toolEnv = (logLevel: LogLevel): NodeJS.ProcessEnv => ({
  ...process.env,
  CI: "1",
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_LOG: logLevel,
  NO_COLOR: "1",
  FORCE_COLOR: "0",
});

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A loopback port nobody listens on right now. Someone may run `wrangler dev` on 8787 and the fake
 * upstream on 8788 by hand; asking the OS for a free port keeps out of their way.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

export interface ToolOptions {
  /** Where the tool runs (wrangler reads wrangler.toml from here); the repo root by default. */
  cwd?: string;
  logLevel?: LogLevel;
}

/** Runs a Node script (a tool's bin file) to completion; a non-zero exit throws with what it printed. */
export function runTool(label: string, script: string, args: string[], options: ToolOptions = {}): Promise<void> {
  const { cwd = ROOT, logLevel = "warn" } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, env: toolEnv(logLevel), stdio: "pipe" });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${label} failed (exit ${code}):\n${output.slice(-4000)}`)),
    );
  });
}

/** Applies the D1 migrations to the local database in `persistTo`. */
export function migrateLocalD1(persistTo: string, options: ToolOptions = {}): Promise<void> {
  return runTool(
    "D1 migrations",
    WRANGLER,
    ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo],
    options,
  );
}

export interface DevServerOptions extends ToolOptions {
  /** `--var KEY:VALUE` for each entry. */
  vars: Record<string, string>;
  /** wrangler's `--persist-to`: where local D1, queues and Durable Objects keep their state. */
  persistTo: string;
  /** How long /api/health may take to answer (90 s by default). */
  healthTimeoutMs?: number;
}

export interface DevServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** wrangler's `--inspector-port`: DevTools (CDP) for the Worker's isolate, at `ws://127.0.0.1:<port>/ws`. */
  inspectorPort: number;
  child: ChildProcess;
  /** Every complete line wrangler printed, for parsing its logs (queue batches). */
  lines: string[];
  /** When each line arrived (Date.now()), same index as `lines`. */
  lineTimes: number[];
  /** The last 20,000 characters wrangler printed. */
  output(): string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Process groups started here and not stopped yet: SIGKILLed when this process exits. */
const running = new Set<number>();
const kill = (pid: number, signal: NodeJS.Signals) => {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
};
process.on("exit", () => {
  for (const pid of running) kill(pid, "SIGKILL");
  running.clear();
});

/**
 * Starts `wrangler dev` and resolves once /api/health answers 2xx. If it does not (wrangler died
 * or the time ran out), it is stopped and the error carries what it printed.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const { cwd = ROOT, logLevel = "warn", vars, persistTo, healthTimeoutMs = 90_000 } = options;
  const port = await freePort();
  const inspectorPort = await freePort();
  const args = [
    "dev",
    "--port",
    String(port),
    "--ip",
    "127.0.0.1",
    "--inspector-port",
    String(inspectorPort),
    "--persist-to",
    persistTo,
    "--show-interactive-dev-session=false",
    // The Cron Trigger's handler on demand (local dev has no clock for it): GET /cdn-cgi/handler/scheduled?cron=…
    // (/__scheduled would be served by the static assets, which take every path outside /api).
    "--test-scheduled",
    ...Object.entries(vars).flatMap(([key, value]) => ["--var", `${key}:${value}`]),
  ];
  const child = spawn(process.execPath, [WRANGLER, ...args], {
    cwd,
    env: toolEnv(logLevel),
    stdio: "pipe",
    detached: true,
  });
  if (child.pid) running.add(child.pid);

  const lines: string[] = [];
  const lineTimes: number[] = [];
  let tail = "";
  let partial = "";
  const keep = (d: Buffer) => {
    const text = String(d);
    tail = (tail + text).slice(-20_000);
    const parts = (partial + text).split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts);
    const now = Date.now();
    for (const _ of parts) lineTimes.push(now);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

  const server: DevServer = {
    url: `http://127.0.0.1:${port}`,
    inspectorPort,
    child,
    lines,
    lineTimes,
    output: () => tail,
    exited,
    async stop() {
      const pid = child.pid;
      if (!pid) return;
      running.delete(pid);
      if (child.exitCode !== null || child.signalCode !== null) return kill(pid, "SIGKILL");
      kill(pid, "SIGTERM");
      const gone = await Promise.race([exited.then(() => true), delay(5_000).then(() => false)]);
      // SIGKILL the group either way: workerd children may outlive a wrangler that exited.
      kill(pid, "SIGKILL");
      if (!gone) await exited;
    },
  };
  try {
    await waitForHealthy(`${server.url}/api/health`, server, healthTimeoutMs);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/** Polls a URL until it answers 2xx; fails early with the server's output if it died. */
async function waitForHealthy(url: string, server: DevServer, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let died = false;
  void server.exited.then(() => {
    died = true;
  });
  while (Date.now() < deadline) {
    if (died) throw new Error(`wrangler dev exited before it was healthy:\n${server.output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await delay(250);
  }
  throw new Error(`wrangler dev did not answer ${url} within ${timeoutMs / 1000} s:\n${server.output()}`);
}
