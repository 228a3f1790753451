/**
 * What only a browser can show: the UI runs under its Content-Security-Policy (the live socket
 * included), the API reference renders from the app alone with the network to everywhere else cut
 * off, and the headers and build that reach the browser are the ones meant to.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { signUp, tokenOf } from "./support/app";
import { launchChromium, newContext, openSockets, PageProblems } from "./support/browser";
import { e2e } from "./support/stack";

const UI_CSP =
  "default-src 'self'; worker-src blob:; img-src 'self' https://i.ytimg.com; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/** Records every CSP violation the page reports, from its first script on. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { __cspViolations: seen });
    document.addEventListener("securitypolicyviolation", (event) =>
      seen.push(`${event.effectiveDirective} ${event.blockedURI}`),
    );
  });
  return () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}

describe("security in the browser", () => {
  const { baseUrl, chromiumPath } = e2e();
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath);
  });
  afterAll(async () => {
    await browser?.close();
  });

  test("the UI is served with its policy and headers, on / and on client-side routes", async () => {
    for (const path of ["/", "/lists/some-list", "/settings", "/favicon.svg"]) {
      const res = await fetch(`${baseUrl}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-security-policy"), path).toBe(UI_CSP);
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), path).toBe("no-referrer");
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      await res.body?.cancel();
    }
    const api = await fetch(`${baseUrl}/api/health`);
    expect(api.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api.headers.get("x-content-type-options")).toBe("nosniff");
  });

  test("the built scripts carry no source map, and none is served", async () => {
    const html = await (await fetch(baseUrl)).text();
    const scripts = [...html.matchAll(/src="(\/assets\/[^"]+\.js)"/g)].map((match) => match[1] as string);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      expect(await (await fetch(`${baseUrl}${script}`)).text()).not.toContain("sourceMappingURL");
      const map = await fetch(`${baseUrl}${script}.map`);
      expect(await map.text()).not.toContain('"mappings"');
    }
  });

  test("the app runs under its policy: signed in, the live socket opens with a ticket, nothing is refused", async () => {
    const problems = new PageProblems();
    const context = await newContext(browser, baseUrl);
    const page = problems.watch(await context.newPage(), "app");
    const violations = await watchViolations(page);
    const socketUrls: string[] = [];
    page.on("websocket", (socket) => socketUrls.push(socket.url()));

    await signUp(page, `csp-${Date.now()}@example.com`);
    await expect.poll(() => openSockets(page)).toBe(1);
    const token = await tokenOf(page);
    expect(socketUrls).toHaveLength(1);
    expect(new URL(socketUrls[0] as string).searchParams.get("ticket")).toMatch(/^wst_/);
    expect(socketUrls[0]).not.toContain(token);
    await page.goto("/settings");
    await page.getByRole("heading", { name: "API tokens" }).waitFor();

    expect(await violations()).toEqual([]);
    expect(problems.problems).toEqual([]);
    await context.close();
  });

  test("/api/docs renders from the app alone, under its policy, with every other host unreachable", async () => {
    const context = await browser.newContext({ baseURL: baseUrl });
    const elsewhere: string[] = [];
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(baseUrl) || url.startsWith("data:")) return route.continue();
      elsewhere.push(url);
      return route.abort("internetdisconnected");
    });
    const page = await context.newPage();
    const violations = await watchViolations(page);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));

    const res = await page.goto("/api/docs");
    expect(res?.headers()["content-security-policy"]).toContain("script-src 'self'");
    // The document's title and the first operation, rendered by Scalar from /api/openapi.json.
    await page.getByRole("heading", { name: "Tubelist API" }).first().waitFor({ timeout: 30_000 });
    await page.getByText("Liveness and version").first().waitFor();

    expect(elsewhere).toEqual([]);
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
