import { useEffect } from "preact/hooks";
import { lazy, Route, Router, ErrorBoundary as Suspended, useLocation } from "preact-iso";
import { api } from "./api/endpoints";
import { knownUser, session, signedOut } from "./api/session";
import { ErrorBoundary } from "./components/error-boundary";
import { PageHeading } from "./components/page-heading";
import { ThemeSelect } from "./components/theme-select";
import { Toasts } from "./components/toasts";
import { focusHeadingSoon } from "./lib/page-focus";
import { useProgressSocket } from "./live/use-progress-socket";
import { JobsPage, ListPage, ListsPage, SettingsPage } from "./routes";
import { forgetServerState } from "./store/server-state";

// None of these draws anything on a first screen, so none holds it up: they load once the shell
// has rendered, beside the screen's data (the shortcuts listen for keys, the announcer for job
// events; the banner shows only while the socket is down, and is fetched at start, before it can be).
const KeyboardShortcuts = lazy(() =>
  import("./features/shortcuts/keyboard-shortcuts").then((m) => m.KeyboardShortcuts),
);
const ConnectionBanner = lazy(() => import("./components/connection-banner").then((m) => m.ConnectionBanner));
const loadAnnouncer = () => import("./features/jobs/job-announcements").then((m) => m.announceJobs);

/** The signed-in app: top bar, the live-progress socket, and every screen behind the router. */
export function SignedIn({ token }: { token: string }) {
  const { user } = session.value;
  const { path, route } = useLocation();
  // If the socket keeps failing the token may be dead; /api/me answers 401 and signs out.
  const connection = useProgressSocket({ token, onConnectFailed: () => void api.me().catch(() => {}) });

  useEffect(() => {
    let stop: (() => void) | undefined;
    let ended = false;
    void loadAnnouncer().then((announceJobs) => {
      if (!ended) stop = announceJobs();
    });
    return () => {
      ended = true;
      stop?.();
    };
  }, []);
  useEffect(() => {
    api.me().then(
      ({ user }) => knownUser(user),
      () => {},
    );
  }, [token]);
  useEffect(() => {
    if (path === "/signin" || path === "/signup") route("/", true);
  }, [path]);

  const signOut = async () => {
    // A deletion waiting out its Undo is sent while the session still works.
    await import("./features/bulk/pending-deletes").then((m) => m.commitPendingDeletes()).catch(() => {});
    await api.logout().catch(() => {});
    signedOut();
    forgetServerState();
    route("/signin", true);
  };

  const listsActive = path === "/" || path.startsWith("/lists");
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href="/">
          <span class="brand__mark" aria-hidden="true">
            ▶
          </span>
          Tubelist
        </a>
        <nav class="topbar__nav" aria-label="Main">
          <NavLink href="/" active={listsActive} label="Lists" />
          <NavLink href="/jobs" active={path === "/jobs"} label="Jobs" />
          <NavLink href="/settings" active={path === "/settings"} label="Settings" />
        </nav>
        <div class="topbar__user">
          <span class="topbar__email">{user?.email}</span>
          <ThemeSelect />
          <button type="button" class="button button--small" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <Suspended>
        <ConnectionBanner connection={connection} />
      </Suspended>
      <div id="main">
        <ErrorBoundary resetKey={path}>
          <Router onRouteChange={focusHeadingSoon}>
            <Route path="/" component={ListsPage} />
            <Route path="/lists" component={ListsPage} />
            <Route path="/signin" component={ListsPage} />
            <Route path="/signup" component={ListsPage} />
            <Route path="/lists/:id" component={ListRoute} />
            <Route path="/jobs" component={JobsPage} />
            <Route path="/settings" component={SettingsPage} />
            <Route default component={NotFound} />
          </Router>
        </ErrorBoundary>
      </div>
      <Suspended>
        <KeyboardShortcuts />
      </Suspended>
      <Toasts />
    </div>
  );
}

/** A new list id remounts the page, so nothing of the previous list lingers. */
function ListRoute({ id }: { id: string }) {
  return <ListPage key={id} listId={id} />;
}

function NavLink({ href, active, label }: { href: string; active: boolean; label: string }) {
  return (
    <a href={href} class={active ? "nav-link nav-link--active" : "nav-link"} aria-current={active ? "page" : undefined}>
      {label}
    </a>
  );
}

function NotFound() {
  return (
    <main class="page">
      <div class="state state--empty">
        <PageHeading title="Page not found" />
        <a href="/">Back to your lists</a>
      </div>
    </main>
  );
}
