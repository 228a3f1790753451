import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { apiCall, fakeYoutubeIds, jobFinished, waitForJobStatus } from "./support/api";
import { signUp, startProcessing, tokenOf } from "./support/app";
import { expectAccessible } from "./support/axe";
import { DESKTOP, launchChromium, newContext, PageProblems, PHONE } from "./support/browser";
import { shoot } from "./support/screenshots";
import { e2e } from "./support/stack";

interface Row {
  id: string;
  title: string | null;
  fields: Record<string, unknown> | null;
  fieldSources?: Record<string, string>;
}

const FIELDS = [
  { key: "difficulty", label: "Difficulty", type: "enum", options: ["easy", "medium", "hard"] },
  { key: "minutes", label: "Minutes", type: "number" },
];

/** The titles of the table's rendered rows (the table is virtualized; these lists fit). */
const rowTitles = (page: Page) =>
  page.locator("tr.vtable__row:not(.vtable__row--loader) .vtable__open").allTextContents();

/**
 * Finding by what the AI extracted: filter by a field with facet counts, save the query as a
 * view, reload it, correct a value in place, rerun the list and find the correction kept.
 */
describe("find journey", () => {
  const { baseUrl, chromiumPath } = e2e();
  const problems = new PageProblems();
  let browser: Browser;
  let page: Page;
  let token: string;
  let listId: string;
  let videos: Row[];

  const allVideos = async () =>
    (await apiCall<{ items: Row[] }>(token, "GET", `/api/lists/${listId}/videos?limit=100`)).items;

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath);
    page = problems.watch(await (await newContext(browser, baseUrl, DESKTOP)).newPage(), "desktop");
    await signUp(page, `find-${Date.now()}@example.com`);
    token = await tokenOf(page);
    const list = await apiCall<{ id: string }>(token, "POST", "/api/lists", { name: "Talks to find", fields: FIELDS });
    listId = list.id;
    const tag = Date.now().toString(36).slice(-4);
    await apiCall(token, "POST", `/api/lists/${listId}/videos/bulk`, { urls: fakeYoutubeIds(`fd${tag}`, 24) });
    const job = await apiCall<{ id: string }>(token, "POST", `/api/lists/${listId}/process`, {});
    await jobFinished(token, job.id);
    videos = await allVideos();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test("a field chip lists each value with its count and filters the table by it", async () => {
    const hard = videos.filter((v) => v.fields?.difficulty === "hard");
    expect(hard.length).toBeGreaterThan(0);
    await page.goto(`/lists/${listId}`);
    await page.locator("tr.vtable__row[data-index='0']").waitFor();
    await page.getByRole("button", { name: /^Difficulty/ }).click();
    const option = page.getByRole("checkbox", { name: /hard/ });
    await page.locator(".filter-panel__count").first().filter({ hasText: /\d/ }).waitFor();
    expect(await option.locator("xpath=..").textContent()).toContain(String(hard.length));
    await expectAccessible(page, "filter panel");
    await option.check();
    await page.waitForURL(/field\.difficulty=hard/);
    await page.getByText(`${hard.length} of 24 videos match`).waitFor();
    await expect.poll(() => rowTitles(page), { timeout: 10_000 }).toHaveLength(hard.length);
    expect((await rowTitles(page)).sort()).toEqual(hard.map((v) => v.title).sort());
    await page.getByRole("button", { name: "Done" }).click();
    await shoot(page, "find-filtered", "1366");
  });

  test("the query is saved as a view, which a reload and its link open again", async () => {
    await page.getByRole("button", { name: "Save view" }).click();
    await page.getByLabel("Name of the view").fill("Hard ones");
    await shoot(page, "find-view-name", "1366", { fullPage: false });
    await page.getByRole("button", { name: "Save", exact: true }).click();
    const link = page.getByRole("link", { name: "Hard ones" });
    await link.waitFor();
    expect(await link.getAttribute("aria-current")).toBe("page");

    await page.getByRole("link", { name: "All videos" }).click();
    await page.getByText("24 videos · 2 fields").waitFor();
    await page.reload();
    await page.getByRole("link", { name: "Hard ones" }).click();
    await page.waitForURL(/field\.difficulty=hard/);
    const count = videos.filter((v) => v.fields?.difficulty === "hard").length;
    await expect.poll(() => rowTitles(page), { timeout: 10_000 }).toHaveLength(count);
    expect(await page.getByRole("link", { name: "Hard ones" }).getAttribute("aria-current")).toBe("page");
    await expectAccessible(page, "list with a saved view");
  });

  test("a click on a field cell edits it; the value is marked as set by a person", async () => {
    await page.goto(`/lists/${listId}`);
    await page.locator("tr.vtable__row[data-index='0']").waitFor();
    const first = page.locator("tr.vtable__row[data-index='0']");
    const title = await first.locator(".vtable__open").textContent();
    const target = videos.find((v) => v.title === title) as Row;
    const next = target.fields?.difficulty === "easy" ? "medium" : "easy";
    await first.locator('[data-field="difficulty"]').click();
    const editor = page.getByRole("dialog").getByLabel("Difficulty");
    await editor.waitFor();
    expect(await editor.evaluate((el) => el === document.activeElement)).toBe(true);
    await expectAccessible(page, "field editor in the detail panel", { within: '[role="dialog"]' });
    await shoot(page, "find-edit-field", "1366", { fullPage: false });
    await editor.selectOption(next);
    await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
    await page.getByRole("dialog").getByText("set by you").waitFor();
    const saved = await apiCall<Row>(token, "GET", `/api/videos/${target.id}`);
    expect(saved.fields?.difficulty).toBe(next);
    expect(saved.fieldSources?.difficulty).toBe("user");
    await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();
    expect(await first.locator('[data-field="difficulty"]').textContent()).toBe(next);
  });

  test("a normal rerun after the fields change keeps the person's value", async () => {
    const corrected = (await allVideos()).find((v) => v.fieldSources?.difficulty === "user") as Row;
    await apiCall(token, "PATCH", `/api/lists/${listId}`, {
      fields: [...FIELDS, { key: "has_code", label: "Has code", type: "boolean" }],
    });
    await page.reload();
    await page.getByLabel("Status").selectOption("needsRerun");
    await page.waitForURL(/needsRerun=true/);
    await page.getByText("24 of 24 videos match").waitFor();
    const jobId = await startProcessing(page);
    await waitForJobStatus(token, jobId, "completed");
    const after = await apiCall<Row>(token, "GET", `/api/videos/${corrected.id}`);
    expect(after.fields?.difficulty).toBe(corrected.fields?.difficulty);
    expect(after.fieldSources?.difficulty).toBe("user");
    expect(after.fields?.has_code).not.toBeUndefined();
    expect(problems.problems).toEqual([]);
  });

  test("every metadata column and three fields fit a 1366 px window beside both scrollbars", async () => {
    const withScrollbars = await launchChromium(chromiumPath, { scrollbars: true });
    try {
      const desk = await (await newContext(withScrollbars, baseUrl, DESKTOP)).newPage();
      await desk.addInitScript((value) => localStorage.setItem("tubelist.token", value), token);
      await desk.goto(`/lists/${listId}`);
      await desk.locator("tr.vtable__row[data-index='0']").waitFor();
      const sizes = await desk.evaluate(() => {
        const page = document.documentElement;
        const table = document.querySelector(".vtable") as HTMLElement;
        const border = (element: HTMLElement) => element.offsetWidth - element.clientLeft * 2;
        return [
          { ...sizesOf(page), scrollbar: window.innerWidth - page.clientWidth },
          { ...sizesOf(table), scrollbar: border(table) - table.clientWidth },
        ];
        function sizesOf(element: HTMLElement) {
          const { scrollWidth, clientWidth, scrollHeight, clientHeight } = element;
          return { scrollWidth, clientWidth, scrollHeight, clientHeight };
        }
      });
      // Both the page and the table scroll down, each with a scrollbar that takes width...
      for (const size of sizes) {
        expect(size.scrollHeight).toBeGreaterThan(size.clientHeight);
        expect(size.scrollbar).toBeGreaterThanOrEqual(15);
      }
      // ...and neither scrolls sideways: the delete buttons at the rows' end stay in view.
      for (const { scrollWidth, clientWidth } of sizes) expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    } finally {
      await withScrollbars.close();
    }
  });

  test("search hits show where they matched, highlighted", async () => {
    const withTitle = videos.find((v) => v.title) as Row;
    const word = (withTitle.title ?? "").split(/\s+/).find((w) => w.length > 4) ?? "";
    await page.goto(`/lists/${listId}?q=${encodeURIComponent(word.slice(0, 4))}`);
    await page.locator("tr.vtable__row[data-index='0']").waitFor();
    await page.getByText(/of 24 videos match/).waitFor();
    await shoot(page, "find-search", "1366");
  });

  test("rows ticked with a click and a shift-click move to another list", async () => {
    const target = await apiCall<{ id: string }>(token, "POST", "/api/lists", { name: "Moved here", fields: FIELDS });
    await page.goto(`/lists/${listId}`);
    await page.locator("tr.vtable__row[data-index='2']").waitFor();
    const titles = (await rowTitles(page)).slice(0, 3);
    await page.getByRole("checkbox", { name: `Select ${titles[0]}` }).click();
    await page.getByRole("checkbox", { name: `Select ${titles[2]}` }).click({ modifiers: ["Shift"] });
    const bar = page.getByRole("region", { name: "Selected videos" });
    // The boxes first: a failure then says which rows the clicks ticked, not only that no bar said 3.
    const ticks = () =>
      Promise.all(titles.map((title) => page.getByRole("checkbox", { name: `Select ${title}` }).isChecked()));
    await expect.poll(ticks).toEqual([true, true, true]);
    await bar.getByText("3 videos selected").waitFor();
    expect(await page.getByRole("checkbox", { name: `Select ${titles[1]}` }).isChecked()).toBe(true);
    await expectAccessible(page, "selection bar");
    await shoot(page, "bulk-selected", "1366");
    await bar.getByRole("button", { name: "Move to list…" }).click();
    const dialog = page.getByRole("dialog", { name: "Move 3 videos to another list" });
    await dialog.getByLabel("Into list").selectOption({ label: "Moved here (0 videos)" });
    await expectAccessible(page, "move dialog", { within: '[role="dialog"]' });
    await dialog.getByRole("button", { name: "Move 3 videos" }).click();
    await page.getByRole("region", { name: "Notifications" }).getByText("Moved 3 videos to “Moved here”").waitFor();
    await expect.poll(() => rowTitles(page), { timeout: 10_000 }).not.toContain(titles[0]);
    const moved = await apiCall<{ items: Row[] }>(token, "GET", `/api/lists/${target.id}/videos?limit=100`);
    expect(moved.items.map((v) => v.title).sort()).toEqual([...titles].sort());
    expect((await allVideos()).length).toBe(21);
  });

  test("a deletion can be undone while its toast shows, and happens when it goes", async () => {
    const firstRow = page.locator("tr.vtable__row[data-index='0']");
    const title = (await firstRow.locator(".vtable__open").textContent()) ?? "";
    await firstRow.focus();
    await page.keyboard.press("Space");
    const bar = page.getByRole("region", { name: "Selected videos" });
    await bar.getByText("1 video selected").waitFor();
    await bar.getByRole("button", { name: "Delete 1 video" }).click();
    // Held by focus while the checks below run (a loaded machine can outlast the six seconds).
    await page.getByRole("button", { name: "Undo" }).focus();
    await expect.poll(() => rowTitles(page), { timeout: 10_000 }).not.toContain(title);
    await page.getByText("20 videos · 3 fields").waitFor();
    await page.getByRole("button", { name: "Undo" }).click();
    await expect.poll(() => rowTitles(page), { timeout: 10_000 }).toContain(title);
    expect((await allVideos()).length).toBe(21);

    await page.getByRole("checkbox", { name: `Select ${title}` }).click();
    await bar.getByRole("button", { name: "Delete 1 video" }).click();
    await page.getByRole("button", { name: "Undo" }).waitFor({ state: "detached", timeout: 15_000 });
    await expect.poll(async () => (await allVideos()).length, { timeout: 10_000 }).toBe(20);
    expect((await allVideos()).map((v) => v.title)).not.toContain(title);
    expect(problems.problems).toEqual([]);
  });

  test("one video deleted from its row comes back with Undo; deleted from its panel, it is gone after a reload", async () => {
    const before = (await allVideos()).length;
    const [first, second] = (await rowTitles(page)).slice(0, 2);
    const notifications = page.getByRole("region", { name: "Notifications" });

    // The row's Delete asks nothing: the row leaves, the toast offers Undo, and axe is content.
    await page.getByRole("button", { name: `Delete ${first}` }).click({ force: true });
    await notifications.getByText(`“${first}” deleted`).waitFor();
    await expect.poll(() => rowTitles(page), { timeout: 10_000 }).not.toContain(first);
    expect(await page.getByRole("dialog").count()).toBe(0);
    // Focus on Undo holds the toast (its clock stops while focus is in the notifications): axe
    // on a loaded machine can take longer than the toast's six seconds.
    const undo = notifications.getByRole("button", { name: "Undo" });
    await undo.focus();
    await expectAccessible(page, "undo toast");
    await undo.click();
    await expect.poll(() => rowTitles(page), { timeout: 10_000 }).toContain(first);
    // Undone, not postponed: a reload at once (which would send a pending deletion) keeps it.
    await page.reload();
    await page.locator("tr.vtable__row[data-index='0']").waitFor();
    expect(await rowTitles(page)).toContain(first);
    expect((await allVideos()).length).toBe(before);

    // From the detail panel: the panel closes, and the deletion is sent when the toast goes.
    await page.locator(".vtable__open", { hasText: second ?? "" }).click();
    const detail = page.getByRole("dialog");
    await detail.getByRole("button", { name: "Delete video" }).click();
    await detail.waitFor({ state: "hidden" });
    await notifications.getByText(`“${second}” deleted`).waitFor();
    await notifications.getByRole("button", { name: "Undo" }).waitFor({ state: "detached", timeout: 15_000 });
    await expect.poll(async () => (await allVideos()).length, { timeout: 10_000 }).toBe(before - 1);
    await page.reload();
    await page.locator("tr.vtable__row[data-index='0']").waitFor();
    expect(await rowTitles(page)).not.toContain(second);
    expect(await rowTitles(page)).toContain(first);
    expect(problems.problems).toEqual([]);
  });
});

/** A phone user reads a field value on a card, taps it and corrects it. */
describe("phone: read and edit a field value", () => {
  const { baseUrl, chromiumPath } = e2e();
  const problems = new PageProblems();
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath);
    page = problems.watch(
      await (await newContext(browser, baseUrl, PHONE, { colorScheme: "dark" })).newPage(),
      "phone",
    );
  });
  afterAll(async () => {
    await browser?.close();
  });

  test("tap the value, pick another, see it on the card", async () => {
    await signUp(page, `find-phone-${Date.now()}@example.com`);
    const token = await tokenOf(page);
    const list = await apiCall<{ id: string }>(token, "POST", "/api/lists", { name: "On the go", fields: FIELDS });
    await apiCall(token, "POST", `/api/lists/${list.id}/videos/bulk`, {
      urls: fakeYoutubeIds(`fp${Date.now().toString(36).slice(-4)}`, 3),
    });
    const job = await apiCall<{ id: string }>(token, "POST", `/api/lists/${list.id}/process`, {});
    await jobFinished(token, job.id);

    await page.goto(`/lists/${list.id}`);
    const card = page.locator("tr.vtable__row[data-index='0']");
    await card.waitFor();
    const cell = card.locator('.vtable__card-fields [data-field="minutes"]');
    const before = (await cell.textContent()) ?? "";
    expect(before).not.toBe("");
    await cell.click();
    const editor = page.getByRole("dialog").getByLabel("Minutes");
    await editor.waitFor();
    await editor.fill("42");
    await expectAccessible(page, "phone field editor", { within: '[role="dialog"]' });
    await shoot(page, "find-edit-field", "390", { fullPage: false });
    await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
    await page.getByRole("dialog").getByText("set by you").waitFor();
    await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();
    expect(await cell.textContent()).toBe("42");

    const title = (await card.locator(".vtable__open").textContent()) ?? "";
    await page.getByRole("checkbox", { name: `Select ${title}` }).click();
    await page.getByRole("region", { name: "Selected videos" }).getByText("1 video selected").waitFor();
    await expectAccessible(page, "phone selection bar");
    await shoot(page, "bulk-selected", "390", { fullPage: false });
    expect(problems.problems).toEqual([]);
  });
});
