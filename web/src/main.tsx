import { render } from "preact";
import { prefetchFirstScreen } from "./api/endpoints";
import { session } from "./api/session";
import { App } from "./app";
import { warmIntlOffMainThread } from "./lib/intl-warmup";
import { followTheme } from "./lib/theme";
import { preloadScreen } from "./routes";
import "./styles/base.css";
import "./styles/components.css";
import "./styles/overlays.css";
import "./styles/pages.css";
import "./styles/responsive.css";

// Screen-specific styles load with their screen's chunk (list-page.css, detail.css, jobs.css).

// Before the first render, so a chosen dark theme never flashes light.
followTheme();
// A signed-in start asks for its first data and its screen's code now, in the task before the
// first render rather than inside it.
if (session.value.token) {
  prefetchFirstScreen(window.location.pathname, window.location.search);
  preloadScreen(window.location.pathname);
}
// The first render in a task of its own, after the entry's modules have run: the two halves of
// one long task on a phone (Lighthouse's blocking time counts each task's time past 50 ms).
const root = document.getElementById("app");
if (root) setTimeout(() => render(<App />, root));
// ICU's locale data loads in a worker while the screen's code and data are on the network,
// instead of inside the main thread's first formatter (lib/intl-warmup.ts).
if (session.value.token) warmIntlOffMainThread();
