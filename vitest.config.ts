import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import preact from "@preact/preset-vite";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const migrations = await readD1Migrations("migrations");
  return {
    test: {
      // vitest's default is one worker fewer than the cores: one file at a time on a 2-core
      // machine, while a worker file mostly waits on workerd and an e2e file on Chromium and
      // wrangler dev. Two files at once keep both cores busy.
      maxWorkers: 2,
      projects: [
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  STALL_SECONDS: "30",
                  // Upstream hosts that cannot resolve: tests answer them with a fetch fake
                  // (test/worker/support/fake-upstream-fetch.ts), and nothing can reach Google.
                  YOUTUBE_API_BASE: "https://youtube.invalid/youtube/v3",
                  YOUTUBE_OEMBED_URL: "https://youtube.invalid/oembed",
                  GEMINI_API_BASE: "https://gemini.invalid",
                  YOUTUBE_API_KEY: "test-youtube-key",
                  GEMINI_API_KEY: "test-gemini-key",
                  AI_PROVIDER: "gemini",
                  PASSWORD_PEPPER: "test-pepper-not-a-secret",
                  ALLOWED_ORIGINS: "https://allowed.example, https://also-allowed.example/",
                  WEBHOOK_SECRET_KEY: "test-webhook-key-not-a-secret",
                  // The plugin also reads .dev.vars, whose example turns this on for a local
                  // receiver; the webhook tests hold the production rule (https, public hosts).
                  ALLOW_INSECURE_WEBHOOKS: "false",
                  // Limits far above what a test sends, so pacing never slows a test down;
                  // tests of the governor set their own.
                  GEMINI_RPM: "60000",
                  GEMINI_TPM: "1000000000",
                  WORKERS_AI_RPM: "60000",
                  YOUTUBE_QPS: "1000",
                },
              },
            }),
          ],
          test: {
            name: "worker",
            include: ["test/worker/**/*.test.ts"],
            setupFiles: ["./test/worker/setup.ts"],
            // Speed is the bench's to measure, not a test's: on shared cores the 5 s default
            // failed whole-pipeline tests (a 250-video job, a 10,000-row import) for load alone.
            testTimeout: 30_000,
          },
        },
        {
          // Components and browser-side hooks, in a simulated DOM.
          plugins: [preact()],
          test: { name: "web", include: ["test/web/**/*.test.{ts,tsx}"], environment: "happy-dom" },
        },
        {
          // The API's published contract, checked from Node: the OpenAPI document the app serves,
          // linted by Redocly and Spectral, and a client generated from it type-checked.
          test: {
            name: "contract",
            environment: "node",
            include: ["test/contract/**/*.test.ts"],
            testTimeout: 120_000,
          },
        },
        {
          // Real Chromium against `wrangler dev` and a fake upstream. The global setup starts one
          // such stack per vitest worker and each file leases one for itself (stack-lease.ts), so
          // E2E files run beside the other projects' files instead of in a turn of their own after
          // them (vitest runs a project without file parallelism as a separate, last group).
          test: {
            name: "e2e",
            environment: "node",
            include: ["test/e2e/**/*.test.ts"],
            globalSetup: ["./test/e2e/setup/global-setup.ts"],
            setupFiles: ["./test/e2e/setup/stack-lease.ts"],
            testTimeout: 120_000,
            hookTimeout: 120_000,
          },
        },
      ],
    },
  };
});
