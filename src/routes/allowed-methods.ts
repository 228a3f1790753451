/**
 * Which methods a path takes, read from the app's own routing table, so a wrong method on a known
 * path answers 405 with `Allow` instead of 404. Middleware and catch-alls (`ALL`) do not count.
 */
import type { Hono } from "hono";
import { TrieRouter } from "hono/router/trie-router";

export function allowedMethods(app: Pick<Hono, "routes">): (path: string) => string[] {
  let router: TrieRouter<string> | undefined;
  return (path) => {
    if (!router) {
      router = new TrieRouter<string>();
      for (const route of app.routes) if (route.method !== "ALL") router.add("ALL", route.path, route.method);
    }
    const methods = new Set(router.match("ALL", path)[0].map(([method]) => method));
    // Hono answers HEAD wherever it answers GET.
    return [...methods].flatMap((method) => (method === "GET" ? ["GET", "HEAD"] : [method]));
  };
}
