import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";

/**
 * Runs the repo's own tools with the Node that runs vitest (the repo's Node 24), not whatever
 * `node` is first on PATH. (Their packages do not export the bin files, so no require.resolve.)
 */
export const ROOT = resolve(import.meta.dirname, "../../..");
export const VITE = resolve(ROOT, "node_modules/vite/bin/vite.js");
export const WRANGLER = resolve(ROOT, "node_modules/wrangler/bin/wrangler.js");

/** Quiet, offline-friendly tool settings: no telemetry, no prompts, no interactive dev UI. */
export const TOOL_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  CI: "1",
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_LOG: "warn",
  NO_COLOR: "1",
  FORCE_COLOR: "0",
};

/** Runs a command to completion; a non-zero exit throws with what it printed. */
export function run(label: string, script: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, env: TOOL_ENV, stdio: "pipe" });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${label} failed (exit ${code}):\n${output.slice(-4000)}`)),
    );
  });
}

/** A long-running server in its own process group, so stopping it also stops workerd under it. */
export interface Service {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export function startService(script: string, args: string[], cwd: string): Service {
  const child = spawn(process.execPath, [script, ...args], { cwd, env: TOOL_ENV, stdio: "pipe", detached: true });
  let output = "";
  const keep = (d: Buffer) => {
    output = (output + d).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

  const signal = (sig: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, sig);
    } catch {
      // Already gone.
    }
  };
  // If vitest itself is killed, do not leave a wrangler and its workerd behind.
  const onExit = () => signal("SIGKILL");
  process.once("exit", onExit);

  return {
    child,
    output: () => output,
    exited,
    async stop() {
      process.off("exit", onExit);
      if (child.exitCode !== null || child.signalCode !== null) return signal("SIGKILL");
      signal("SIGTERM");
      const gone = await Promise.race([exited.then(() => true), delay(5_000).then(() => false)]);
      // SIGKILL the group either way: workerd children may outlive a wrangler that exited.
      signal("SIGKILL");
      if (!gone) await exited;
    },
  };
}

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls a URL until it answers 2xx; fails early with the server's output if it died. */
export async function waitForHealthy(url: string, service: Service, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let died = false;
  void service.exited.then(() => {
    died = true;
  });
  while (Date.now() < deadline) {
    if (died) throw new Error(`wrangler dev exited before it was healthy:\n${service.output()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await delay(250);
  }
  throw new Error(`wrangler dev did not answer ${url} within ${timeoutMs / 1000} s:\n${service.output()}`);
}
