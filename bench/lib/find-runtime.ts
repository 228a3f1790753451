/**
 * The find scenario's runtime: bench/lib/find-worker.ts (the app plus bench-only routes) bundled
 * with esbuild and run in Miniflare, against a local D1 migrated by `wrangler d1 migrations apply
 * --local`, so queries are timed inside workerd rather than through `wrangler dev`'s proxy.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { migrateLocalD1 } from "../../test/support/dev-server.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const DATABASE_ID = "00000000-0000-0000-0000-000000000000"; // wrangler.toml's local D1

export interface CallInit {
  method?: string;
  token?: string;
  body?: unknown;
  raw?: string;
  type?: string;
}

export interface FindRuntime {
  /** Calls the Worker; a non-2xx answer throws. */
  call<T = any>(path: string, init?: CallInit): Promise<T>;
  stop(): Promise<void>;
}

export async function startFindRuntime(): Promise<FindRuntime> {
  const dir = await mkdtemp(join(tmpdir(), "tubelist-bench-find-"));
  const script = join(dir, "worker.js");
  let mf: Miniflare | undefined;
  const stop = async () => {
    await mf?.dispose();
    if (!process.env.BENCH_FIND_KEEP) await rm(dir, { recursive: true, force: true });
  };
  try {
    await build({
      entryPoints: [join(ROOT, "bench/lib/find-worker.ts")],
      outfile: script,
      bundle: true,
      format: "esm",
      target: "es2022",
      platform: "neutral",
      conditions: ["workerd", "worker", "browser"],
      mainFields: ["browser", "module", "main"],
      external: ["cloudflare:*", "node:*"],
      logLevel: "warning",
    });
    const persist = join(dir, "state");
    await migrateLocalD1(persist);
    mf = new Miniflare(
      convertV4MiniflareOptions({
        modules: true,
        modulesRoot: dir,
        scriptPath: script,
        compatibilityDate: "2026-10-01",
        compatibilityFlags: ["nodejs_compat"],
        d1Databases: { DB: DATABASE_ID },
        // Where wrangler keeps local state (its getDefaultPersistRoot): the migrated database is there.
        resourcePersistencePath: join(persist, "v3"),
        bindings: { AI_PROVIDER: "none" },
      }),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  const running = mf;
  return {
    stop,
    async call(path, init = {}) {
      const headers: Record<string, string> = {};
      if (init.token) headers.authorization = `Bearer ${init.token}`;
      let body: string | undefined = init.raw;
      if (init.body !== undefined) {
        body = JSON.stringify(init.body);
        headers["content-type"] = "application/json";
      }
      if (init.type) headers["content-type"] = init.type;
      const response = await running.dispatchFetch(`http://bench.local${path}`, {
        method: init.method ?? (body ? "POST" : "GET"),
        headers,
        body,
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${path} → ${response.status}: ${text.slice(0, 400)}`);
      return JSON.parse(text);
    },
  };
}
