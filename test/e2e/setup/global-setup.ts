import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { freePort, migrateLocalD1, ROOT, runTool, startDevServer } from "../../support/dev-server.ts";
import { startFakeUpstream, upstreamVars } from "../../support/fake-upstream.ts";
import { findChromium } from "./chromium.ts";
import { startUpstreamGate, type UpstreamGate } from "./upstream-gate.ts";

/** One app a test file has to itself while it runs: `wrangler dev` behind its own upstream gate. */
export interface E2eStack {
  baseUrl: string;
  /** The upstream gate (test/e2e/setup/upstream-gate.ts): hold and release the Worker's upstream calls. */
  gateUrl: string;
}

/** What the global setup hands every E2E file (through `inject`); a file leases one stack (stack-lease.ts). */
export interface E2eStacks {
  stacks: E2eStack[];
  /** Where leases are kept: one lock file per stack. */
  leaseDir: string;
  chromiumPath: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    e2eStacks: E2eStacks;
  }
}

/** Upstream latency: enough that a job takes visible time, small enough to keep the suite quick. */
const UPSTREAM_LATENCY_MS = 40;
/** The repo's vite, run by the Node that runs vitest (its package does not export the bin file). */
const VITE = resolve(ROOT, "node_modules/vite/bin/vite.js");

type Cleanups = (() => Promise<unknown>)[];

/**
 * Builds the UI once, then starts `stackCount` independent stacks — a fake upstream, a gate in
 * front of it and `wrangler dev` on a fresh local D1, each on free ports and a private persist
 * dir — so as many E2E files can run at once as vitest has workers, none seeing another's gate
 * or data. Whatever was started is stopped again, also when a later step fails.
 */
export default async function setup(project: TestProject) {
  const chromiumPath = findChromium();
  const cleanups: Cleanups = [];
  const teardown = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };

  try {
    const leaseDir = await mkdtemp(join(tmpdir(), "tubelist-e2e-leases-"));
    cleanups.push(() => rm(leaseDir, { recursive: true, force: true }));
    // vitest's own worker count (the root config's maxWorkers): the most files that run at once.
    const stackCount = Math.max(1, Number(project.vitest.config.maxWorkers) || 1);
    const persistDirs = await Promise.all(
      Array.from({ length: stackCount }, () => mkdtemp(join(tmpdir(), "tubelist-e2e-"))),
    );
    for (const dir of persistDirs) cleanups.push(() => rm(dir, { recursive: true, force: true }));

    await Promise.all([
      runTool("vite build", VITE, ["build", "--logLevel", "warn"]),
      ...persistDirs.map((dir) => migrateLocalD1(dir)),
    ]);
    const stacks = await Promise.all(persistDirs.map((dir) => startStack(dir, cleanups)));

    project.provide("e2eStacks", { stacks, leaseDir, chromiumPath });
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}

async function startStack(persistTo: string, cleanups: Cleanups): Promise<E2eStack> {
  const fake = await startFakeUpstream({ port: await freePort(), latencyMs: UPSTREAM_LATENCY_MS });
  cleanups.push(() => fake.close());
  const gate: UpstreamGate = await startUpstreamGate(fake.url, await freePort());
  cleanups.push(() => gate.close());

  const wrangler = await startDevServer({
    persistTo,
    vars: {
      ...upstreamVars(gate.url, "e2e"),
      // The fake has no limits: pace far above anything the journeys send.
      GEMINI_RPM: "6000",
      YOUTUBE_QPS: "100",
      // A lost message is re-driven quickly instead of after two minutes.
      STALL_SECONDS: "20",
      // Webhooks to a receiver on this machine (test/e2e/integrations.test.ts).
      WEBHOOK_SECRET_KEY: "e2e-webhook-key",
      ALLOW_INSECURE_WEBHOOKS: "true",
    },
  });
  cleanups.push(() => wrangler.stop());
  // E2E_DEBUG=1 prints what wrangler dev said, to read alongside a failure.
  if (process.env.E2E_DEBUG) cleanups.push(async () => console.log(wrangler.output()));
  return { baseUrl: wrangler.url, gateUrl: gate.url };
}
