import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

export const DESKTOP = { width: 1366, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** Without the background-networking flags Chromium keeps dialling Google on a closed network. */
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * `backForwardCache`: playwright turns Chromium's back/forward cache off by default; a test that
 * checks the app stays eligible for it turns it back on. `scrollbars`: headless, playwright hides
 * scrollbars; a test of what fits beside them (Windows' and Linux's take 15 px each) shows them.
 */
export function launchChromium(
  executablePath: string,
  { backForwardCache = false, scrollbars = false } = {},
): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: FLAGS,
    ignoreDefaultArgs: [
      ...(backForwardCache ? ["--disable-back-forward-cache"] : []),
      ...(scrollbars ? ["--hide-scrollbars"] : []),
    ],
  });
}

/** Thumbnails come from i.ytimg.com, which this network cannot reach: answer them locally. */
function thumbnail(url: string): string {
  const id = /\/vi\/([^/]+)\//.exec(url)?.[1] ?? "video";
  // FNV-1a, so ids that differ in one digit still get clearly different colours.
  let h = 0x811c9dc5;
  for (const ch of id) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const hue = h % 360;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="270" viewBox="0 0 480 270">
<rect width="480" height="270" fill="hsl(${hue},45%,42%)"/>
<polygon points="205,95 205,175 275,135" fill="rgba(255,255,255,.85)"/></svg>`;
}

/**
 * A context on the app's origin. Every page records the WebSocket instances it opens in
 * `window.__e2eSockets`, so a test can drop the live connection the way a flaky network would.
 */
export async function newContext(
  browser: Browser,
  baseURL: string,
  viewport = DESKTOP,
  {
    colorScheme = "light",
    thumbnails = true,
  }: {
    colorScheme?: "light" | "dark";
    /** Answer thumbnail requests locally; off where request interception must not happen (bfcache). */
    thumbnails?: boolean;
  } = {},
): Promise<BrowserContext> {
  // Reduced motion: axe reads colours as drawn, and a toast caught in its 0.2 s fade-in has the
  // contrast of a half-transparent one. The app's reduced-motion rule makes every animation instant.
  const context = await browser.newContext({
    baseURL,
    viewport,
    acceptDownloads: true,
    locale: "en-US",
    colorScheme,
    reducedMotion: "reduce",
  });
  if (thumbnails)
    await context.route("https://i.ytimg.com/**", (route) =>
      route.fulfill({ status: 200, contentType: "image/svg+xml", body: thumbnail(route.request().url()) }),
    );
  await context.addInitScript(() => {
    const sockets: WebSocket[] = [];
    Object.assign(window, { __e2eSockets: sockets });
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        sockets.push(this);
      }
    };
  });
  return context;
}

/** Sockets of the page that are open or opening: the app promises one per tab. */
export function openSockets(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      (window as unknown as { __e2eSockets: WebSocket[] }).__e2eSockets.filter(
        (s) => s.readyState === WebSocket.OPEN || s.readyState === WebSocket.CONNECTING,
      ).length,
  );
}

/** Closes every live-progress socket the page holds, as a dropped connection would. */
export function dropSockets(page: Page): Promise<number> {
  return page.evaluate(() => {
    const sockets = (window as unknown as { __e2eSockets: WebSocket[] }).__e2eSockets;
    const open = sockets.filter((s) => s.readyState === WebSocket.OPEN);
    for (const socket of open) socket.close(4001, "e2e: network dropped");
    return open.length;
  });
}

/**
 * Collects console errors, uncaught page errors and WebSocket failures from every page of a
 * context. Inside `expectingNetworkTrouble` a failing socket or "disconnected" console line is
 * what the test asked for and is kept apart; anything else is a failure.
 */
export class PageProblems {
  readonly problems: string[] = [];
  readonly tolerated: string[] = [];
  private troubleWindow = false;

  watch(page: Page, name: string) {
    page.on("console", (message) => {
      if (message.type() === "error") this.record(`${name} console: ${message.text()}`);
    });
    page.on("pageerror", (error) => this.problems.push(`${name} page error: ${error.message}`));
    page.on("websocket", (socket) => {
      socket.on("socketerror", (error) => this.record(`${name} websocket ${socket.url()}: ${error}`));
    });
    page.on("requestfailed", (request) => {
      // A download's blob URL or an aborted in-flight fetch on navigation is not a failure.
      const failure = request.failure()?.errorText ?? "";
      if (request.url().startsWith("blob:") || failure === "net::ERR_ABORTED") return;
      this.record(`${name} request failed: ${request.method()} ${request.url()} ${failure}`);
    });
    return page;
  }

  async expectingNetworkTrouble<T>(body: () => Promise<T>): Promise<T> {
    this.troubleWindow = true;
    try {
      return await body();
    } finally {
      this.troubleWindow = false;
    }
  }

  private record(problem: string) {
    const networky = /websocket|ERR_INTERNET_DISCONNECTED|Failed to load resource|net::ERR_/i.test(problem);
    if (this.troubleWindow && networky) this.tolerated.push(problem);
    else this.problems.push(problem);
  }
}
