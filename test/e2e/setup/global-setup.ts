import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { freePort, migrateLocalD1, ROOT, runTool, startDevServer } from "../../support/dev-server.ts";
import { startFakeUpstream } from "../../support/fake-upstream.ts";
import { findChromium } from "./chromium.ts";
import { startUpstreamGate, type UpstreamGate } from "./upstream-gate.ts";

/** What every E2E test file receives through `inject("e2e")`. */
export interface E2eContext {
  baseUrl: string;
  /** The upstream gate (test/e2e/setup/upstream-gate.ts): hold and release the Worker's upstream calls. */
  gateUrl: string;
  chromiumPath: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    e2e: E2eContext;
  }
}

/** Upstream latency: enough that a job takes visible time, small enough to keep the suite quick. */
const UPSTREAM_LATENCY_MS = 40;
/** The repo's vite, run by the Node that runs vitest (its package does not export the bin file). */
const VITE = resolve(ROOT, "node_modules/vite/bin/vite.js");

/**
 * Builds the UI, starts the fake upstream, a gate in front of it and `wrangler dev` on a fresh
 * local D1, all on free ports and a private persist dir. Whatever was started is stopped again,
 * also when a later step fails.
 */
export default async function setup(project: TestProject) {
  const chromiumPath = findChromium();
  const cleanups: (() => Promise<unknown>)[] = [];
  const teardown = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };

  try {
    const persistTo = await mkdtemp(join(tmpdir(), "tubelist-e2e-"));
    cleanups.push(() => rm(persistTo, { recursive: true, force: true }));

    await Promise.all([runTool("vite build", VITE, ["build", "--logLevel", "warn"]), migrateLocalD1(persistTo)]);

    const fake = await startFakeUpstream({ port: await freePort(), latencyMs: UPSTREAM_LATENCY_MS });
    cleanups.push(() => fake.close());
    const gate: UpstreamGate = await startUpstreamGate(fake.url, await freePort());
    cleanups.push(() => gate.close());

    const wrangler = await startDevServer({
      persistTo,
      vars: {
        YOUTUBE_API_KEY: "e2e-youtube-key",
        YOUTUBE_API_BASE: `${gate.url}/youtube/v3`,
        YOUTUBE_OEMBED_URL: `${gate.url}/oembed`,
        GEMINI_API_KEY: "e2e-gemini-key",
        GEMINI_API_BASE: gate.url,
        AI_PROVIDER: "gemini",
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
    const baseUrl = wrangler.url;

    project.provide("e2e", { baseUrl, gateUrl: gate.url, chromiumPath });
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
