/**
 * Child processes for the bench: the repo's own wrangler, run by the Node that runs the bench
 * (the repo's Node 24), in its own process group so that stopping it also stops workerd.
 * Every group started here is SIGKILLed on exit, Ctrl-C, SIGTERM or an uncaught failure.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";

/** The repo's wrangler (its package exports do not expose the bin path to require.resolve). */
export const WRANGLER = resolve(import.meta.dirname, "../../node_modules/wrangler/bin/wrangler.js");

const TOOL_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  CI: "1",
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_LOG: "info",
  NO_COLOR: "1",
  FORCE_COLOR: "0",
};

const groups = new Set<number>();
const tempDirs = new Set<string>();
/** A temp dir that is removed on any exit, also Ctrl-C or a failure. */
export const removeOnExit = (dir: string) => tempDirs.add(dir);
const killAll = () => {
  for (const pid of groups) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  groups.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
};
process.on("exit", killAll);
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(sig, () => {
    console.error(`\nbench: ${sig}, stopping wrangler and exiting`);
    killAll();
    process.exit(130);
  });
}

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A loopback port nobody listens on right now (8787/8788 may be someone else's). */
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

/** Runs wrangler to completion; a non-zero exit throws with its output. */
export function runWrangler(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER, ...args], { cwd, env: TOOL_ENV, stdio: "pipe" });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`wrangler ${args[0]} failed (exit ${code}):\n${output.slice(-4000)}`)),
    );
  });
}

export interface Service {
  child: ChildProcess;
  /** Every complete line the service printed, for parsing its logs (queue batches). */
  lines: string[];
  /** When each line arrived (Date.now()), same index as `lines`. */
  lineTimes: number[];
  output(): string;
  stop(): Promise<void>;
}

export function startWranglerDev(args: string[], cwd: string): Service {
  const child = spawn(process.execPath, [WRANGLER, "dev", ...args], {
    cwd,
    env: TOOL_ENV,
    stdio: "pipe",
    detached: true,
  });
  if (child.pid) groups.add(child.pid);
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
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return {
    child,
    lines,
    lineTimes,
    output: () => tail,
    async stop() {
      if (!child.pid) return;
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // Already gone.
      }
      await Promise.race([exited, delay(3_000)]);
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
      groups.delete(child.pid);
    },
  };
}

export async function waitForHealthy(url: string, service: Service, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) throw new Error(`wrangler dev exited:\n${service.output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await delay(250);
  }
  throw new Error(`wrangler dev did not answer ${url} within ${timeoutMs / 1000} s:\n${service.output()}`);
}

/** The workerd processes in a process group (wrangler dev runs one), from /proc. */
export function workerdPids(groupId: number): number[] {
  return groupPids(groupId, (comm) => comm.includes("workerd"));
}

/** Processes in a process group whose command name matches, from /proc. */
export function groupPids(groupId: number, match: (comm: string) => boolean): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const fields = stat.slice(close + 2).split(" ");
      if (Number(fields[2]) === groupId && match(comm)) pids.push(Number(entry));
    } catch {
      // Exited while we looked.
    }
  }
  return pids;
}

/** VmRSS in MiB, or null once the process is gone. */
export function rssMiB(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process has used so far, or null once it is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}
