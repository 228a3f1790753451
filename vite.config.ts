import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import preact from "@preact/preset-vite";
import { defineConfig, type Plugin } from "vite";

/**
 * The API reference's script (`@scalar/api-reference`'s browser build, pinned by package-lock),
 * shipped with the UI's static assets at the path src/routes/docs.ts loads it from, so /api/docs
 * needs no CDN.
 */
function scalarApiReference(): Plugin {
  return {
    name: "tubelist:scalar-api-reference",
    apply: "build",
    generateBundle() {
      this.emitFile({
        type: "asset",
        fileName: "vendor/scalar-api-reference.js",
        source: readFileSync(
          resolve(import.meta.dirname, "node_modules/@scalar/api-reference/dist/browser/standalone.js"),
        ),
      });
    },
  };
}

// The UI is built into the Worker's static assets (wrangler.toml [assets]). In development the
// Vite server forwards /api, including the progress WebSocket, to `wrangler dev`.
export default defineConfig({
  root: "web",
  plugins: [preact(), scalarApiReference()],
  // No source maps in the build: every file in dist/web is public once deployed. No modulepreload
  // polyfill: every browser the UI supports has modulepreload, and the polyfill is first-screen bytes.
  build: { outDir: "../dist/web", emptyOutDir: true, sourcemap: false, modulePreload: { polyfill: false } },
  server: {
    proxy: {
      "/api": { target: "http://127.0.0.1:8787", changeOrigin: true, ws: true },
    },
  },
});
