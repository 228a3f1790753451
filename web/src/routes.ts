import { lazy } from "preact-iso";

/**
 * Every screen is its own chunk, and so is the signed-in shell (socket, job announcements,
 * shortcuts): the sign-in page loads none of it. A signed-in start fetches the shell and the
 * screen for the path side by side instead of one after the other.
 */
export const AuthPage = lazy(() => import("./pages/auth-page").then((m) => m.AuthPage));
export const SignedIn = lazy(() => import("./signed-in").then((m) => m.SignedIn));
export const ListsPage = lazy(() => import("./pages/lists-page").then((m) => m.ListsPage));
export const ListPage = lazy(() => import("./pages/list-page").then((m) => m.ListPage));
export const JobsPage = lazy(() => import("./pages/jobs-page").then((m) => m.JobsPage));
export const PublicListPage = lazy(() => import("./pages/public-list-page").then((m) => m.PublicListPage));
export const SettingsPage = lazy(() => import("./pages/settings-page").then((m) => m.SettingsPage));

export function preloadScreen(path: string) {
  void SignedIn.preload();
  if (path === "/" || path === "/lists") void ListsPage.preload();
  else if (path.startsWith("/lists/")) void ListPage.preload();
  else if (path === "/jobs") void JobsPage.preload();
  else if (path === "/settings") void SettingsPage.preload();
}
