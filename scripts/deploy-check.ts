/**
 * `npm run check:deploy` (part of `npm test`): the production bundle builds. Builds the UI into a
 * temp dir, runs `wrangler deploy --dry-run` with that as the assets (nothing is uploaded, no
 * login, no network), then reports the Worker bundle's size raw and gzipped against Cloudflare's
 * limits, and the assets' count and largest file. Fails when a limit would reject the deploy.
 * Plain Node (type stripping).
 */
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { ROOT, runTool, WRANGLER } from "../test/support/dev-server.ts";

/** https://developers.cloudflare.com/workers/platform/limits/ (the Free plan's, the strictest). */
const LIMITS = {
  workerGzipBytes: 3 * 1024 * 1024,
  assetFiles: 20_000,
  assetFileBytes: 25 * 1024 * 1024,
};
const VITE = resolve(ROOT, "node_modules/vite/bin/vite.js");

async function files(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await files(path)));
    else found.push(path);
  }
  return found;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

async function main() {
  const tmp = await mkdtemp(join(tmpdir(), "tubelist-deploy-check-"));
  try {
    const web = join(tmp, "web");
    const bundle = join(tmp, "bundle");
    await runTool("vite build", VITE, ["build", "--logLevel", "warn", "--outDir", web, "--emptyOutDir"]);
    await runTool("wrangler deploy --dry-run", WRANGLER, ["deploy", "--dry-run", "--outdir", bundle, "--assets", web]);

    // What wrangler would upload as the Worker: the modules, without source maps.
    const modules = (await files(bundle)).filter((f) => /\.(m?js|wasm)$/.test(f));
    if (modules.length === 0) throw new Error(`wrangler wrote no module to ${bundle}`);
    let raw = 0;
    let gzip = 0;
    for (const file of modules) {
      const content = await readFile(file);
      raw += content.length;
      gzip += gzipSync(content, { level: 9 }).length;
    }
    const assets = await files(web);
    let largest = { path: "", bytes: 0 };
    for (const file of assets) {
      const { size } = await stat(file);
      if (size > largest.bytes) largest = { path: relative(web, file), bytes: size };
    }

    const problems: string[] = [];
    if (gzip > LIMITS.workerGzipBytes)
      problems.push(`Worker is ${kib(gzip)} gzipped, over ${kib(LIMITS.workerGzipBytes)}`);
    if (assets.length > LIMITS.assetFiles) problems.push(`${assets.length} asset files, over ${LIMITS.assetFiles}`);
    if (largest.bytes > LIMITS.assetFileBytes)
      problems.push(`asset ${largest.path} is over ${kib(LIMITS.assetFileBytes)}`);
    console.log(
      `deploy check: Worker bundle ${kib(raw)} (gzip ${kib(gzip)}, limit ${kib(LIMITS.workerGzipBytes)}) in ` +
        `${modules.map((f) => relative(bundle, f)).join(", ")}; ${assets.length} asset files, largest ` +
        `${largest.path} ${kib(largest.bytes)}${problems.length ? `\n  ${problems.join("\n  ")}` : ""}`,
    );
    return problems.length ? 1 : 0;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
