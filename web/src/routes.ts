import type { ComponentType } from "preact";
import { lazy } from "preact-iso";

/**
 * A lazy screen whose chunk may fail to load (offline, or gone after a deploy). preact-iso's lazy
 * waits for the import forever when it rejects: the old screen stayed up and the click did
 * nothing. Here a failed import renders as that error, which the nearest ErrorBoundary shows with
 * its Reload (a reload also fetches the chunk names of a newer deploy).
 */
export function lazyScreen<P>(load: () => Promise<ComponentType<P>>) {
  return lazy(() =>
    load().catch(
      (error: unknown) =>
        function Unloaded(): never {
          throw error;
        },
    ),
  );
}

/**
 * Every screen is its own chunk, and so is the signed-in shell (socket, job announcements,
 * shortcuts): the sign-in page loads none of it. A signed-in start fetches the shell and the
 * screen for the path side by side instead of one after the other.
 */
export const AuthPage = lazyScreen(() => import("./pages/auth-page").then((m) => m.AuthPage));
export const SignedIn = lazyScreen(() => import("./signed-in").then((m) => m.SignedIn));
export const ListsPage = lazyScreen(() => import("./pages/lists-page").then((m) => m.ListsPage));
export const ListPage = lazyScreen(() => import("./pages/list-page").then((m) => m.ListPage));
export const JobsPage = lazyScreen(() => import("./pages/jobs-page").then((m) => m.JobsPage));
export const PublicListPage = lazyScreen(() => import("./pages/public-list-page").then((m) => m.PublicListPage));
export const SettingsPage = lazyScreen(() => import("./pages/settings-page").then((m) => m.SettingsPage));

export function preloadScreen(path: string) {
  void SignedIn.preload();
  if (path === "/" || path === "/lists") void ListsPage.preload();
  else if (path.startsWith("/lists/")) void ListPage.preload();
  else if (path === "/jobs") void JobsPage.preload();
  else if (path === "/settings") void SettingsPage.preload();
}
