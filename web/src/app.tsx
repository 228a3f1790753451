import { useEffect } from "preact/hooks";
import { api } from "./api/endpoints";
import { knownUser, session, signedOut } from "./api/session";
import { ConnectionBanner } from "./components/connection-banner";
import { Toasts } from "./components/toasts";
import { announceJobTransitions } from "./features/jobs/job-toasts";
import { Link, matchRoute, navigate, useLocation } from "./lib/router";
import { useStore } from "./lib/store";
import { useProgressSocket } from "./live/use-progress-socket";
import { AuthPage } from "./pages/auth-page";
import { JobsPage } from "./pages/jobs-page";
import { ListPage } from "./pages/list-page";
import { ListsPage } from "./pages/lists-page";
import { SettingsPage } from "./pages/settings-page";

export function App() {
  const { token } = useStore(session);
  const { path, search } = useLocation();

  if (!token) {
    const next = path === "/signin" || path === "/signup" ? new URLSearchParams(search).get("next") : path + search;
    return (
      <>
        <AuthPage mode={path === "/signup" ? "signup" : "signin"} next={next} />
        <Toasts />
      </>
    );
  }
  return <SignedIn token={token} path={path} />;
}

function SignedIn({ token, path }: { token: string; path: string }) {
  const { user } = useStore(session);
  // If the socket keeps failing the token may be dead; /api/me answers 401 and signs out.
  const connection = useProgressSocket({ token, onConnectFailed: () => void api.me().catch(() => {}) });

  useEffect(() => announceJobTransitions(), []);
  useEffect(() => {
    api.me().then(
      ({ user }) => knownUser(user),
      () => {},
    );
  }, [token]);
  useEffect(() => {
    if (path === "/signin" || path === "/signup") navigate("/", { replace: true });
  }, [path]);

  const signOut = async () => {
    await api.logout().catch(() => {});
    signedOut();
    navigate("/signin", { replace: true });
  };

  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <Link class="brand" href="/">
          <span class="brand__mark" aria-hidden="true">
            ▶
          </span>
          Tubelist
        </Link>
        <nav class="topbar__nav" aria-label="Main">
          <NavLink href="/" active={path === "/" || path.startsWith("/lists")}>
            Lists
          </NavLink>
          <NavLink href="/jobs" active={path === "/jobs"}>
            Jobs
          </NavLink>
          <NavLink href="/settings" active={path === "/settings"}>
            Settings
          </NavLink>
        </nav>
        <div class="topbar__user">
          <span class="topbar__email">{user?.email}</span>
          <button type="button" class="button button--small" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <ConnectionBanner connection={connection} />
      <div id="main">
        <Routes path={path} />
      </div>
      <Toasts />
    </div>
  );
}

function NavLink({ href, active, children }: { href: string; active: boolean; children: string }) {
  return (
    <Link
      href={href}
      class={active ? "nav-link nav-link--active" : "nav-link"}
      aria-current={active ? "page" : undefined}
    >
      {children}
    </Link>
  );
}

function Routes({ path }: { path: string }) {
  if (path === "/" || path === "/lists" || path === "/signin" || path === "/signup") return <ListsPage />;
  const list = matchRoute("/lists/:id", path);
  if (list?.id) return <ListPage key={list.id} listId={list.id} />;
  if (path === "/jobs") return <JobsPage />;
  if (path === "/settings") return <SettingsPage />;
  return (
    <main class="page">
      <div class="state state--empty">
        <p class="state__title">Page not found</p>
        <Link href="/">Back to your lists</Link>
      </div>
    </main>
  );
}
