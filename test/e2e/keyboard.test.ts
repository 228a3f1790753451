import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { apiCall, fakeYoutubeIds, jobFinished } from "./support/api";
import { jobCard, signUp, tokenOf } from "./support/app";
import { launchChromium, newContext, openSockets, PageProblems } from "./support/browser";
import { clearFocusTrail, expectFocus, focused, focusedSince, recordFocus } from "./support/focus";
import { holdUpstream, releaseUpstream } from "./support/gate";
import { e2e } from "./support/stack";

/** A keyboard-only pass over the list page, route changes, tabs, and focus when controls vanish. */
describe("keyboard only", () => {
  const { baseUrl, chromiumPath } = e2e();
  const problems = new PageProblems();
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let token: string;
  let listId: string;

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath);
    context = await newContext(browser, baseUrl);
    page = problems.watch(await context.newPage(), "keyboard");
    await recordFocus(page);
    await signUp(page, `keyboard-${Date.now()}@example.com`);
    token = await tokenOf(page);
    const list = await apiCall<{ id: string }>(token, "POST", "/api/lists", {
      name: "Keyboard list",
      fields: [{ key: "level", label: "Level", type: "enum", options: ["intro", "deep"] }],
    });
    listId = list.id;
    await apiCall(token, "POST", `/api/lists/${listId}/videos/bulk`, { urls: fakeYoutubeIds("kbd", 40) });
    const job = await apiCall<{ id: string }>(token, "POST", `/api/lists/${listId}/process`, {});
    await jobFinished(token, job.id);
  });
  afterAll(async () => {
    await releaseUpstream();
    await browser?.close();
  });

  test("a route change moves focus to the new page's heading and names the tab", async () => {
    await page.goto("/");
    await page.getByRole("heading", { name: "Your lists", level: 1 }).waitFor();
    expect(await page.title()).toBe("Your lists · Tubelist");
    await page.locator(".list-card__title", { hasText: "Keyboard list" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Keyboard list", level: 1 }).waitFor();
    await expect.poll(async () => (await focused(page)).tag).toBe("h1");
    expect((await focused(page)).text).toBe("Keyboard list");
    expect(await page.title()).toBe("Keyboard list · Tubelist");
  });

  test("the table is one Tab stop: arrows move between rows, Enter opens, Escape comes back", async () => {
    // All 40 loaded (the header row counts): End below has a last row to reach. The table is
    // virtual, so row 39 itself is not in the DOM until it scrolls into view.
    await page.locator("table.vtable__table[aria-rowcount='41']").waitFor({ timeout: 30_000 });
    await page.locator("tr.vtable__row[data-index='0']").waitFor();
    // `/` jumps to search; from there Tab walks the toolbar and lands on the table's one stop.
    await page.locator("h1").focus();
    await page.keyboard.press("/");
    expect((await focused(page)).tag).toBe("input");
    for (let i = 0; i < 8 && !(await focused(page)).inTable; i++) await page.keyboard.press("Tab");
    await expectFocus(page, { tag: "tr", row: "0" });

    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await expectFocus(page, { row: "2" });
    await page.keyboard.press("End");
    await expect.poll(async () => (await focused(page)).row).toBe("39");
    await page.keyboard.press("Home");
    await expect.poll(async () => (await focused(page)).row).toBe("0");

    // One stop: the next Tab leaves the table, Shift+Tab comes back to the same row.
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Tab");
    await expectFocus(page, { inTable: false });
    await page.keyboard.press("Shift+Tab");
    await expectFocus(page, { tag: "tr", row: "1" });

    await page.keyboard.press("Enter");
    const detail = page.getByRole("dialog");
    await detail.waitFor();
    await clearFocusTrail(page);
    await page.keyboard.press("Escape");
    await detail.waitFor({ state: "hidden" });
    await expectFocus(page, { tag: "tr", row: "1" });
    // Straight back: focus did not fall to <body> and pass through the page heading on the way.
    expect(await focusedSince(page)).toEqual([expect.stringMatching(/^tr#video-row-.*\[row 1\]$/)]);
    // The focused row is in view, not under the sticky header.
    const { rowTop, headBottom } = await page.evaluate(() => ({
      rowTop: document.activeElement?.getBoundingClientRect().top ?? 0,
      headBottom: document.querySelector(".vtable__head")?.getBoundingClientRect().bottom ?? 0,
    }));
    expect(rowTop).toBeGreaterThanOrEqual(headBottom - 1);

    await page.keyboard.press("ArrowRight");
    expect((await focused(page)).label).toMatch(/^Delete /);
    await page.keyboard.press("ArrowLeft");
    await expectFocus(page, { row: "1" });
    // Delete asks nothing: the row leaves at once, focus takes the row now in its place, and Z
    // (no Tab to the notifications) brings it back.
    const titleAt = (index: number) =>
      page.locator(`tr.vtable__row[data-index='${index}'] .vtable__open`).textContent();
    const deleted = await titleAt(1);
    await page.keyboard.press("Delete");
    await page.getByRole("button", { name: "Undo" }).waitFor();
    expect(await page.getByRole("dialog").count()).toBe(0);
    await expect.poll(() => titleAt(1)).not.toBe(deleted);
    await expectFocus(page, { tag: "tr", row: "1" });
    await page.keyboard.press("z");
    await page.getByRole("button", { name: "Undo" }).waitFor({ state: "detached" });
    await expect.poll(() => titleAt(1)).toBe(deleted);
    // Focus stayed on the video it was on, one row down again now that the deleted one is back.
    await expectFocus(page, { tag: "tr", row: "2" });
  });

  test("tabs move with the arrow keys, and the shortcut help opens with ?", async () => {
    await page.getByRole("button", { name: "Add videos", exact: true }).focus();
    await page.keyboard.press("Enter");
    const paste = page.getByRole("tab", { name: "Paste links" });
    await paste.focus();
    await page.keyboard.press("ArrowRight");
    const csv = page.getByRole("tab", { name: "Import CSV" });
    expect(await csv.getAttribute("aria-selected")).toBe("true");
    expect((await focused(page)).text).toBe("Import CSV");
    expect(await paste.getAttribute("tabindex")).toBe("-1");

    await page.locator("h1").focus();
    await page.keyboard.press("?");
    await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
    await page.keyboard.press("Escape");
  });

  test("when a job's Cancel button disappears, focus moves to its card, not to the page body", async () => {
    await holdUpstream();
    const job = await apiCall<{ id: string }>(token, "POST", `/api/lists/${listId}/process`, { force: true });
    const card = jobCard(page, job.id);
    const cancel = card.getByRole("button", { name: "Cancel" });
    await cancel.focus();
    await page.keyboard.press("Enter");
    await card.getByText("Cancelled", { exact: true }).waitFor();
    await expect.poll(async () => (await focused(page)).className).toContain("job-card");
    await releaseUpstream();
  });

  test("leaving for another page and coming Back restores the page from the back/forward cache", async () => {
    // A browser with the cache on, and no request interception (which would make pages ineligible).
    const cached = await launchChromium(chromiumPath, { backForwardCache: true });
    try {
      // Not watched for problems: unintercepted thumbnails cannot load on this closed network.
      const tab = await (await newContext(cached, baseUrl, undefined, { thumbnails: false })).newPage();
      await tab.goto("/api/health");
      await tab.evaluate((value) => localStorage.setItem("tubelist.token", value), token);
      await tab.goto(`/lists/${listId}`);
      await tab.getByRole("heading", { name: "Keyboard list", level: 1 }).waitFor();
      await expect.poll(() => openSockets(tab)).toBe(1);
      await tab.evaluate(() => Object.assign(window, { __stillHere: true }));
      await tab.goto("/api/health");
      // A page restored from the cache fires pageshow, not load.
      await tab.goBack({ waitUntil: "commit" });
      await tab.getByRole("heading", { name: "Keyboard list", level: 1 }).waitFor();
      const why = await tab.evaluate(() =>
        JSON.stringify(
          (performance.getEntriesByType("navigation")[0] as { notRestoredReasons?: unknown })?.notRestoredReasons ??
            null,
        ),
      );
      // Same document (not reloaded), and the live socket is open again.
      expect(await tab.evaluate(() => (window as unknown as { __stillHere?: boolean }).__stillHere), why).toBe(true);
      await expect.poll(() => openSockets(tab)).toBe(1);
    } finally {
      await cached.close();
    }
  });

  test("hashed assets are cached for a year; the page itself is not", async () => {
    const html = await (await fetch(`${baseUrl}/`)).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeTruthy();
    const asset = await fetch(`${baseUrl}${script}`);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const page = await fetch(`${baseUrl}/lists/anything`);
    expect(page.headers.get("cache-control") ?? "").not.toContain("immutable");
  });

  test("no console errors, page errors or failed sockets", () => {
    expect(problems.problems).toEqual([]);
  });
});
