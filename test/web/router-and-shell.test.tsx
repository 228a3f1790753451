import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { LocationProvider, Route, Router } from "preact-iso";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ErrorBoundary } from "../../web/src/components/error-boundary";
import { PageHeading } from "../../web/src/components/page-heading";
import { focusHeadingSoon, rescueLostFocus } from "../../web/src/lib/page-focus";
import { lazyScreen } from "../../web/src/routes";

const Home = () => (
  <main>
    <PageHeading title="Home" />
    <a href="/talks">Talks</a>
  </main>
);
const Talks = () => (
  <main>
    <PageHeading title="Talks" />
  </main>
);
const Missing = () => (
  <main>
    <PageHeading title="Page not found" />
  </main>
);

function Boom(): never {
  throw new Error("render failed");
}

describe("routing shell", () => {
  beforeEach(() => history.replaceState(null, "", "/"));
  afterEach(cleanup);

  it("follows an ordinary link in place, names the tab and puts focus on the new heading", async () => {
    render(
      <LocationProvider>
        <Router onRouteChange={focusHeadingSoon}>
          <Route path="/" component={Home} />
          <Route path="/talks" component={Talks} />
          <Route default component={Missing} />
        </Router>
      </LocationProvider>,
    );
    expect(document.title).toBe("Home · Tubelist");
    // The first page does not steal focus; only a route change moves it.
    expect(document.activeElement).toBe(document.body);
    fireEvent.click(screen.getByRole("link", { name: "Talks" }));
    await screen.findByRole("heading", { name: "Talks" });
    expect(window.location.pathname).toBe("/talks");
    expect(document.title).toBe("Talks · Tubelist");
    await waitFor(() => expect(document.activeElement?.textContent).toBe("Talks"));
  });

  it("an unknown path renders the not-found page with its own h1", () => {
    history.replaceState(null, "", "/nowhere");
    render(
      <LocationProvider>
        <Router>
          <Route path="/" component={Home} />
          <Route default component={Missing} />
        </Router>
      </LocationProvider>,
    );
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Page not found");
  });

  it("a screen that throws shows the error page instead of a blank one, and the next route recovers", () => {
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    const { rerender } = render(
      <ErrorBoundary resetKey="/a">
        <Boom />
      </ErrorBoundary>,
    );
    expect(screen.getByRole("heading", { name: "Something went wrong" })).toBeTruthy();
    rerender(
      <ErrorBoundary resetKey="/b">
        <p>Fine again</p>
      </ErrorBoundary>,
    );
    expect(screen.getByText("Fine again")).toBeTruthy();
    quiet.mockRestore();
  });

  it("a screen whose code fails to load shows the error page with Reload, not the old screen", async () => {
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    const Offline = lazyScreen(() => Promise.reject(new TypeError("Failed to fetch dynamically imported module")));
    render(
      <LocationProvider>
        <ErrorBoundary resetKey="/">
          <Router>
            <Route path="/" component={Home} />
            <Route path="/talks" component={Offline} />
          </Router>
        </ErrorBoundary>
      </LocationProvider>,
    );
    fireEvent.click(screen.getByRole("link", { name: "Talks" }));
    await screen.findByRole("heading", { name: "Something went wrong" });
    expect(screen.getByRole("button", { name: "Reload" })).toBeTruthy();
    quiet.mockRestore();
  });

  it("when the focused control disappears, focus goes to its marked ancestor, not to <body>", async () => {
    const stop = rescueLostFocus();
    function Card({ showButton }: { showButton: boolean }) {
      return (
        <article tabIndex={-1} data-focus-fallback aria-label="Job card">
          {showButton && <button type="button">Cancel</button>}
        </article>
      );
    }
    const { rerender } = render(<Card showButton />);
    screen.getByRole("button", { name: "Cancel" }).focus();
    rerender(<Card showButton={false} />);
    await act(() => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined))));
    await waitFor(() => expect(document.activeElement?.getAttribute("aria-label")).toBe("Job card"));
    stop();
  });
});
