import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

// The UI is built into the Worker's static assets (wrangler.toml [assets]). In development the
// Vite server forwards /api, including the progress WebSocket, to `wrangler dev`.
export default defineConfig({
  root: "web",
  plugins: [preact()],
  // No source maps in the build: every file in dist/web is public once deployed.
  build: { outDir: "../dist/web", emptyOutDir: true, sourcemap: false },
  server: {
    proxy: {
      "/api": { target: "http://127.0.0.1:8787", changeOrigin: true, ws: true },
    },
  },
});
