import { readFile } from "node:fs/promises";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { apiCall, asPastedUrls, fakeYoutubeIds, type JobView, waitForJobStatus } from "./support/api";
import { createList, jobCard, progressOf, signUp, startProcessing, tokenOf, visibleRows } from "./support/app";
import { dropSockets, launchChromium, newContext, openSockets, PageProblems } from "./support/browser";
import { holdUpstream, releaseUpstream } from "./support/gate";
import { e2e } from "./support/stack";

/**
 * One user's whole day, in a real Chromium against `wrangler dev`: the steps share one browser
 * context (so every tab has the same token) and run in order.
 */
describe("journey", () => {
  const { baseUrl, chromiumPath } = e2e();
  const problems = new PageProblems();
  const ids = fakeYoutubeIds("jrny", 30);
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let second: Page;
  let listId: string;
  let token: string;

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath);
    context = await newContext(browser, baseUrl);
    page = problems.watch(await context.newPage(), "tab 1");
  });

  afterAll(async () => {
    await releaseUpstream();
    await browser?.close();
  });

  test("sign up and create a list with two fields", async () => {
    await signUp(page, `journey-${Date.now()}@example.com`);
    token = await tokenOf(page);
    listId = await createList(page, "Talks to watch");

    await page.getByRole("button", { name: "Fields", exact: true }).click();
    const editor = page.getByRole("dialog", { name: /^Fields of/ });
    await editor.getByRole("button", { name: "+ Add field" }).click();
    await editor.getByRole("button", { name: "+ Add field" }).click();
    await editor.getByLabel("Label").nth(0).fill("Difficulty");
    await editor.getByLabel("Type").nth(0).selectOption("enum");
    await editor.getByLabel("Options", { exact: true }).fill("easy, medium, hard");
    await editor.getByLabel("Label").nth(1).fill("Main topic");
    await editor.getByRole("button", { name: "Save fields" }).click();
    await editor.waitFor({ state: "hidden" });
    await page.getByText("0 videos · 2 fields").waitFor();
  });

  test("paste 30 links (plus a duplicate and a bad line) and read the per-line report", async () => {
    const lines = [...asPastedUrls(ids), `https://www.youtube.com/watch?v=${ids[0]}`, "https://vimeo.com/12345"];
    const panel = page.getByRole("region", { name: "Add videos" });
    await panel.getByLabel("YouTube links, one per line").fill(lines.join("\n"));
    await panel.getByRole("button", { name: "Add videos" }).click();

    const report = page.getByRole("region", { name: "Import report" });
    await report.getByText("30 added").waitFor();
    await report.getByText("1 duplicate", { exact: true }).waitFor();
    await report.getByText("1 invalid").waitFor();
    const invalidLine = report.locator(".report__line--invalid");
    expect(await invalidLine.locator(".report__lineno").textContent()).toBe("Line 32");
    expect(await invalidLine.locator(".report__input").textContent()).toBe("https://vimeo.com/12345");
    await page.getByText("30 videos · 2 fields").waitFor();
    // Only the line that failed stays in the box, ready to fix.
    expect(await panel.getByLabel("YouTube links, one per line").inputValue()).toBe("https://vimeo.com/12345");
  });

  test("process: preview, start, the bar reaches 100 and the rows fill in", async () => {
    await page.getByRole("button", { name: "Process…" }).click();
    const dialog = page.getByRole("dialog", { name: "Process videos" });
    await dialog.getByText("30 new, 0 processed, 0 need a rerun, 0 failed.").waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();

    const jobId = await startProcessing(page);
    const card = jobCard(page, jobId);
    await expect.poll(() => progressOf(card), { timeout: 60_000 }).toBe("100");
    await card.getByText("30 processed").waitFor();
    await card.getByText("Completed", { exact: true }).waitFor();

    await expect
      .poll(
        async () => {
          const rows = await visibleRows(page);
          return rows.length > 0 && rows.every((r) => r.status === "Done" && !ids.includes(r.title));
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    // The table shows fetched titles, not the bare ids it started with.
    expect((await visibleRows(page))[0]?.title).toMatch(/\(jrny\d+\)$/);
  });

  test("a second tab sees the same progress of a second job", async () => {
    second = problems.watch(await context.newPage(), "tab 2");
    await second.goto(`/lists/${listId}`);
    await second.getByRole("heading", { name: "Talks to watch" }).waitFor();

    await holdUpstream();
    const jobId = await startProcessing(page, { force: true });
    for (const tab of [page, second]) {
      const card = jobCard(tab, jobId);
      await card.getByText("Running", { exact: true }).waitFor();
      expect(await progressOf(card)).toBe("0");
    }
    await releaseUpstream();
    for (const tab of [page, second]) {
      const card = jobCard(tab, jobId);
      await expect.poll(() => progressOf(card), { timeout: 60_000 }).toBe("100");
      await card.getByText("30 processed").waitFor();
    }
    // One live socket per tab. (A count of sockets ever opened would be too strict: wrangler dev
    // reloads the Worker when src/ changes, and the tab rightly reconnects.)
    for (const tab of [page, second]) expect(await openSockets(tab)).toBe(1);
  });

  test("a dropped socket shows Reconnecting… and then catches up to the final counts", async () => {
    await holdUpstream();
    const jobId = await startProcessing(page, { force: true });
    await jobCard(page, jobId).getByText("Running", { exact: true }).waitFor();
    await jobCard(second, jobId).getByText("Running", { exact: true }).waitFor();

    let finished: JobView | undefined;
    await problems.expectingNetworkTrouble(async () => {
      await context.setOffline(true);
      expect(await dropSockets(page)).toBe(1);
      expect(await dropSockets(second)).toBe(1);
      for (const tab of [page, second]) await tab.getByText(/^Reconnecting…/).waitFor();

      // The job ends while both tabs are cut off: they can only learn it from the replay.
      await releaseUpstream();
      finished = await waitForJobStatus(token, jobId, "completed");
      for (const tab of [page, second]) expect(await progressOf(jobCard(tab, jobId))).toBe("0");

      await context.setOffline(false);
      for (const tab of [page, second]) await tab.getByText(/^Reconnecting…/).waitFor({ state: "hidden" });
    });

    expect(finished).toMatchObject({ total: 30, processed: 30, failed: 0, progress: 100 });
    for (const tab of [page, second]) {
      const card = jobCard(tab, jobId);
      await expect.poll(() => progressOf(card), { timeout: 30_000 }).toBe("100");
      await card.getByText("30 processed").waitFor();
      await card.getByText("Completed", { exact: true }).waitFor();
    }
  });

  test("cancel a forced rerun: every video it did not finish is back as it was (done)", async () => {
    await second.close();
    await holdUpstream();
    const jobId = await startProcessing(page, { force: true });
    const card = jobCard(page, jobId);
    await card.getByText("Running", { exact: true }).waitFor();
    await card.getByRole("button", { name: "Cancel" }).click();
    await card.getByText("Cancelled", { exact: true }).waitFor();
    await page.locator(".toast").getByText("Unfinished videos are back as they were before.").waitFor();

    // All 30 were processed by the first job; the cancelled rerun finished none of them.
    await expect
      .poll(
        async () => {
          const rows = await visibleRows(page);
          return rows.length > 0 && rows.every((r) => r.status === "Done");
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    const status = await apiCall<{ processed: number; new: number; active: number }>(
      token,
      "GET",
      `/api/lists/${listId}/processing-status`,
    );
    expect(status).toMatchObject({ processed: 30, new: 0, active: 0 });
    await releaseUpstream();
  });

  test("export CSV downloads every video with a url column", async () => {
    await page.getByRole("button", { name: "More" }).click();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = await readFile(await download.path(), "utf8");
    const header = (csv.replace(/^\uFEFF/, "").split(/\r?\n/)[0] ?? "").split(",");
    expect(header).toContain("url");
    for (const id of ids) expect(csv).toContain(`https://www.youtube.com/watch?v=${id}`);
  });

  test("no console errors, page errors or failed sockets along the way", () => {
    expect(problems.problems).toEqual([]);
  });
});
