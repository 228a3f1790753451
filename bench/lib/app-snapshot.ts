/**
 * The copy of the app that `wrangler dev` runs during a bench: the working tree's sources copied
 * into a temp dir, node_modules linked, and the UI built into it with the repo's Vite. A copy,
 * because wrangler dev reloads on every file change and a reload drops the local queue mid-job;
 * no git needed (a plain copy of the repo benches too), but when git is there the commit is
 * recorded, and whether the copied paths had uncommitted changes.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, symlink } from "node:fs/promises";
import { join, resolve } from "node:path";
import { ROOT, runTool } from "../../test/support/dev-server.ts";

/** What the Worker and the UI build need; nothing else is copied. */
const APP_PATHS = [
  "src",
  "web",
  "migrations",
  "wrangler.toml",
  "package.json",
  "tsconfig.json",
  "tsconfig.web.json",
  "vite.config.ts",
];
const VITE = resolve(ROOT, "node_modules/vite/bin/vite.js");

export interface AppSource {
  /** The commit checked out, or null outside a git checkout. */
  commit: string | null;
  /** Uncommitted changes in the copied paths (null when unknown). */
  dirty: boolean | null;
}

export interface AppSnapshot {
  dir: string;
  source: AppSource;
}

export async function snapshotApp(parent: string): Promise<AppSnapshot> {
  const dir = join(parent, "app");
  await mkdir(dir, { recursive: true });
  for (const path of APP_PATHS) {
    if (existsSync(join(ROOT, path))) await cp(join(ROOT, path), join(dir, path), { recursive: true });
  }
  await symlink(join(ROOT, "node_modules"), join(dir, "node_modules"));
  await runTool("vite build", VITE, ["build", "--logLevel", "warn"], { cwd: dir });
  return { dir, source: readSource() };
}

function readSource(): AppSource {
  const git = (...args: string[]) =>
    execFileSync("git", ["-C", ROOT, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  try {
    const commit = git("rev-parse", "HEAD");
    let dirty: boolean | null = null;
    try {
      dirty = git("status", "--porcelain", "--", ...APP_PATHS) !== "";
    } catch {
      // A commit but no status: leave it unknown.
    }
    return { commit, dirty };
  } catch {
    return { commit: null, dirty: null };
  }
}

export const describeSource = (source: AppSource) =>
  source.commit === null
    ? "no git checkout"
    : `${source.commit.slice(0, 7)}${source.dirty ? " + uncommitted changes" : ""}`;
