/**
 * `node bench/lighthouse-weight.ts`: what a cold first visit of each screen downloads before it
 * can draw, in gzipped bytes of files (level 9, no HTTP headers): the HTML, the entry chunk, and for
 * a signed-in screen the shell and the screen's chunk, each with every chunk it imports statically
 * and the CSS Vite attaches to them. Read from a build (made here, into a temporary
 * directory, so dist/web stays as `npm run build` leaves it); panels and dialogs that load when
 * first opened are not counted because the screen draws without them.
 *
 * `npm run lighthouse` prints the same table; run alone it also lists each page's files.
 */

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Plugin } from "vite";

const ROOT = resolve(import.meta.dirname, "..");

/** The modules each measured screen needs before it draws, by source path under web/. */
const SCREENS: Record<string, string[]> = {
  "sign-in": ["src/pages/auth-page.tsx"],
  lists: ["src/signed-in.tsx", "src/pages/lists-page.tsx"],
  list: ["src/signed-in.tsx", "src/pages/list-page.tsx"],
  "shared list": ["src/pages/public-list-page.tsx"],
};

export interface ScreenWeight {
  screen: string;
  js: number;
  css: number;
  html: number;
  total: number;
  /** Every file counted, with its gzipped size, largest first. */
  files: [string, number][];
}

interface Chunk {
  isEntry: boolean;
  moduleIds: string[];
  imports: string[];
  css: string[];
}

/**
 * Builds the UI into a temporary directory and weighs every measured screen. The chunk graph is
 * read from the bundle itself (which chunk holds which module, its static imports, its CSS), so
 * it holds however the chunks are grouped.
 */
export async function firstScreenWeights(): Promise<ScreenWeight[]> {
  const outDir = await mkdtemp(join(tmpdir(), "tubelist-weight-"));
  const chunks = new Map<string, Chunk>();
  const graph: Plugin = {
    name: "tubelist:weight-graph",
    // After Vite's own hooks, which drop chunks that only carried CSS and hand it to their importers.
    generateBundle: {
      order: "post",
      handler(_options, bundle) {
        for (const output of Object.values(bundle)) {
          if (output.type !== "chunk") continue;
          chunks.set(output.fileName, {
            isEntry: output.isEntry,
            moduleIds: output.moduleIds,
            imports: output.imports,
            css: [...(output.viteMetadata?.importedCss ?? [])],
          });
        }
      },
    },
  };
  try {
    await build({
      configFile: resolve(ROOT, "vite.config.ts"),
      logLevel: "silent",
      build: { outDir, emptyOutDir: true },
      plugins: [graph],
    });
    const gz = async (file: string) => gzipSync(await readFile(join(outDir, file)), { level: 9 }).length;
    const chunkOf = (source: string) => {
      const id = resolve(ROOT, "web", source);
      for (const [file, chunk] of chunks) if (chunk.moduleIds.includes(id)) return file;
      throw new Error(`no chunk holds ${source}`);
    };
    const entry = [...chunks].find(([, chunk]) => chunk.isEntry)?.[0];
    if (!entry) throw new Error("the build has no entry chunk");
    const html = await gz("index.html");

    const weights: ScreenWeight[] = [];
    for (const [screen, roots] of Object.entries(SCREENS)) {
      const files = new Set<string>();
      const visit = (file: string) => {
        const chunk = chunks.get(file);
        if (!chunk || files.has(file)) return;
        files.add(file);
        for (const css of chunk.css) files.add(css);
        for (const imported of chunk.imports) visit(imported);
      };
      for (const file of [entry, ...roots.map(chunkOf)]) visit(file);
      const sized: [string, number][] = [];
      for (const file of files) sized.push([file, await gz(file)]);
      sized.sort((a, b) => b[1] - a[1]);
      const sum = (ext: string) => sized.filter(([f]) => f.endsWith(ext)).reduce((total, [, n]) => total + n, 0);
      const js = sum(".js");
      const css = sum(".css");
      weights.push({ screen, js, css, html, total: js + css + html, files: sized });
    }
    return weights;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

export const kB = (bytes: number) => (bytes / 1000).toFixed(1);

/**
 * Issue 16: a first screen of at most 30 kB gzipped (decimal kB, as the figures here): where a
 * visit starts, signed out (sign-in, a shared list) or signed in (the lists page). A list page is
 * reached from the lists page, or by a deep link; it is weighed, not budgeted.
 */
export const FIRST_SCREEN_BUDGET = 30_000;
const BUDGETED = new Set(["sign-in", "lists", "shared list"]);

export function printWeights(weights: ScreenWeight[], withFiles = false) {
  console.log("first screen, gzipped bytes of files | JS kB | CSS kB | HTML kB | total kB | files");
  for (const w of weights) {
    console.log(
      `${w.screen.padEnd(36)} | ${kB(w.js).padStart(5)} | ${kB(w.css).padStart(6)} | ${kB(w.html).padStart(7)} | ${kB(w.total).padStart(8)} | ${w.files.length}`,
    );
    if (withFiles) for (const [file, bytes] of w.files) console.log(`    ${kB(bytes).padStart(5)}  ${file}`);
  }
  const budgeted = weights.filter((w) => BUDGETED.has(w.screen));
  const over = budgeted.filter((w) => w.total > FIRST_SCREEN_BUDGET);
  console.log(
    `budget ${FIRST_SCREEN_BUDGET.toLocaleString("en")} bytes for sign-in, lists and shared list: ${over.length ? `NOT met by ${over.map((w) => `${w.screen} (${w.total.toLocaleString("en")})`).join(", ")}` : `met (largest ${Math.max(...budgeted.map((w) => w.total)).toLocaleString("en")})`}`,
  );
}

if (import.meta.main) printWeights(await firstScreenWeights(), true);
