import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import preact from "@preact/preset-vite";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const migrations = await readD1Migrations("migrations");
  return {
    test: {
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
                },
              },
            }),
          ],
          test: {
            name: "worker",
            include: ["test/worker/**/*.test.ts"],
            // vitest's 5 s default is a wall-clock budget; on a shared, loaded machine the big
            // suites (10,000-row import, 250-video job) pass it while doing nothing wrong.
            testTimeout: 30_000,
            setupFiles: ["./test/worker/setup.ts"],
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
          // Real Chromium against `wrangler dev` and a fake upstream, started by the global setup.
          test: {
            name: "e2e",
            environment: "node",
            include: ["test/e2e/**/*.test.ts"],
            globalSetup: ["./test/e2e/setup/global-setup.ts"],
            testTimeout: 120_000,
            hookTimeout: 120_000,
            // One wrangler dev, one upstream gate: files take turns.
            fileParallelism: false,
          },
        },
      ],
    },
  };
});
