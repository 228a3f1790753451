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

/** Comments in web/index.html are for whoever edits it, not bytes for every first visit. */
function htmlWithoutComments(): Plugin {
  return {
    name: "tubelist:html-without-comments",
    apply: "build",
    transformIndexHtml: (html) => html.replace(/\s*<!--[\s\S]*?-->/g, ""),
  };
}

/**
 * hono's hc client imports its cookie serializer for a call's `cookie` argument. In a browser
 * that argument cannot work (Cookie is a forbidden header name: fetch drops it), and this UI
 * never passes it (the session is a bearer token), so the serializer, 0.8 kB gzipped of every
 * page, is replaced by one that throws. If hono moves the import, the stub simply stops applying.
 */
function honoClientWithoutCookies(): Plugin {
  const stub = "\0tubelist:hono-cookie-stub";
  return {
    name: "tubelist:hono-client-without-cookies",
    enforce: "pre",
    resolveId(source, importer) {
      if (source === "../utils/cookie.js" && importer?.replaceAll("\\", "/").endsWith("hono/dist/client/client.js"))
        return stub;
    },
    load(id) {
      if (id === stub)
        return 'export const serialize = () => { throw new Error("hc: a cookie argument cannot be sent from a browser"); };';
    },
  };
}

/**
 * What every signed-in start needs, in one chunk: the signed-in shell (web/src/signed-in.tsx)
 * with every module it imports statically, and the modules two or more signed-in screens share;
 * minus what the entry already holds and what a signed-out page (sign-in, a shared list) needs
 * too, so the sign-in page loads none of it. Left to automatic splitting, these modules become
 * a dozen small chunks (one per set of screens importing them), each paying a request and its
 * own import preamble. The set is read from the module graph once it is built (the screens are
 * routes.ts's lazy imports), so a new import joins it without editing this.
 *
 * Shared modules the lists page (where a signed-in visit starts, within the first-screen budget)
 * does not import go into a second chunk, 'screens', which the other screens load beside it.
 */
function signedInShellChunk() {
  const web = (path: string) => resolve(import.meta.dirname, "web/src", path);
  const signedOut = ["main.tsx", "pages/auth-page.tsx", "pages/public-list-page.tsx"].map(web);
  const startScreen = web("pages/lists-page.tsx");
  const members = new Set<string>();
  const sharedElsewhere = new Set<string>();
  const plugin: Plugin = {
    name: "tubelist:signed-in-shell-chunk",
    apply: "build",
    buildEnd() {
      const closure = (from: string) => {
        const seen = new Set<string>();
        const visit = (id: string) => {
          if (seen.has(id)) return;
          seen.add(id);
          for (const imported of this.getModuleInfo(id)?.importedIds ?? []) visit(imported);
        };
        visit(from);
        return seen;
      };
      const elsewhere = new Set(signedOut.flatMap((page) => [...closure(page)]));
      const shell = web("signed-in.tsx");
      const screens = (this.getModuleInfo(web("routes.ts"))?.dynamicallyImportedIds ?? []).filter(
        (id) => id !== shell && !signedOut.includes(id),
      );
      const sharedBy = new Map<string, number>();
      for (const screen of screens)
        for (const id of closure(screen)) if (id !== screen) sharedBy.set(id, (sharedBy.get(id) ?? 0) + 1);
      const shellNeeds = new Set([...closure(shell), ...closure(startScreen)]);
      for (const id of closure(shell)) if (!elsewhere.has(id)) members.add(id);
      for (const [id, count] of sharedBy) {
        if (count < 2 || elsewhere.has(id)) continue;
        (shellNeeds.has(id) ? members : sharedElsewhere).add(id);
      }
    },
  };
  return {
    plugin,
    groups: [
      { name: "signed-in", test: (id: string) => members.has(id), includeDependenciesRecursively: false },
      { name: "screens", test: (id: string) => sharedElsewhere.has(id), includeDependenciesRecursively: false },
    ],
  };
}

const shellChunk = signedInShellChunk();

// The UI is built into the Worker's static assets (wrangler.toml [assets]). In development the
// Vite server forwards /api, including the progress WebSocket, to `wrangler dev`.
export default defineConfig({
  root: "web",
  plugins: [preact(), scalarApiReference(), htmlWithoutComments(), honoClientWithoutCookies(), shellChunk.plugin],
  // No source maps in the build: every file in dist/web is public once deployed. No modulepreload
  // polyfill: every browser the UI supports has modulepreload, and the polyfill is first-screen bytes.
  build: {
    outDir: "../dist/web",
    emptyOutDir: true,
    sourcemap: false,
    modulePreload: { polyfill: false },
    rolldownOptions: { output: { codeSplitting: { groups: shellChunk.groups } } },
  },
  server: {
    proxy: {
      "/api": { target: "http://127.0.0.1:8787", changeOrigin: true, ws: true },
    },
  },
});
