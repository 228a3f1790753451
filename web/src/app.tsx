import { useEffect } from "preact/hooks";
import { LocationProvider, Route, Router, ErrorBoundary as Suspended, useLocation } from "preact-iso";
import { session } from "./api/session";
import { ErrorBoundary } from "./components/error-boundary";
import { LiveRegion } from "./components/live-region";
import { Toasts } from "./components/toasts";
import { focusHeadingSoon, rescueLostFocus } from "./lib/page-focus";
import { AuthPage, PublicListPage, preloadScreen, SignedIn } from "./routes";

export function App() {
  useEffect(() => rescueLostFocus(), []);
  return (
    <LocationProvider>
      <Shell />
      <LiveRegion />
    </LocationProvider>
  );
}

/**
 * A shared list's page (`/s/:slug`) is the same for everyone, signed in or not. Otherwise: signed
 * out, the sign-in and sign-up forms for every path (then back to it); signed in, the app.
 */
function Shell() {
  const { token } = session.value;
  const { path, query } = useLocation();
  const shared = /^\/s\/([^/]+)\/?$/.exec(path);
  if (shared?.[1]) {
    return (
      <ErrorBoundary resetKey={path}>
        <Suspended>
          <PublicListPage slug={decodeURIComponent(shared[1])} />
        </Suspended>
      </ErrorBoundary>
    );
  }
  if (token) {
    preloadScreen(path);
    return (
      <ErrorBoundary resetKey={path}>
        <Suspended>
          <SignedIn token={token} />
        </Suspended>
      </ErrorBoundary>
    );
  }
  const next = path === "/signin" || path === "/signup" ? (query.next ?? null) : path + window.location.search;
  return (
    <>
      <ErrorBoundary resetKey={path}>
        <Router onRouteChange={focusHeadingSoon}>
          <Route path="/signup" component={AuthPage} mode="signup" next={next} />
          <Route default component={AuthPage} mode="signin" next={next} />
        </Router>
      </ErrorBoundary>
      <Toasts />
    </>
  );
}
