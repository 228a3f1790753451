import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { apiCall, fakeYoutubeIds, jobFinished } from "./support/api";
import { signUp, tokenOf } from "./support/app";
import { expectAccessible } from "./support/axe";
import { DESKTOP, launchChromium, newContext, PageProblems, PHONE } from "./support/browser";
import { shoot } from "./support/screenshots";
import { e2e } from "./support/stack";

const PRIVATE = "Video unavailable or private";

/**
 * A failure-heavy job read through its drawer: 24 of 30 videos are private (the fake's "zz" ids),
 * so they are grouped under one reason, marked as a retry cannot fix them, Retry is offered
 * nowhere (no other failure to retry), and "Remove failed videos" clears them from the list.
 */
describe("failures explained", () => {
  const { baseUrl, chromiumPath } = e2e();
  const problems = new PageProblems();
  let browser: Browser;
  let page: Page;
  let token: string;
  let listId: string;
  let jobId: string;

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath);
    page = problems.watch(await (await newContext(browser, baseUrl, DESKTOP)).newPage(), "desktop");
    await signUp(page, `failures-${Date.now()}@example.com`);
    token = await tokenOf(page);
    const list = await apiCall<{ id: string }>(token, "POST", "/api/lists", {
      name: "Mostly private",
      fields: [{ key: "difficulty", label: "Difficulty", type: "enum", options: ["easy", "hard"] }],
    });
    listId = list.id;
    const tag = Date.now().toString(36).slice(-4);
    const urls = [...fakeYoutubeIds(`zz${tag}`, 24), ...fakeYoutubeIds(`ok${tag}`, 6)];
    await apiCall(token, "POST", `/api/lists/${listId}/videos/bulk`, { urls });
    const job = await apiCall<{ id: string }>(token, "POST", `/api/lists/${listId}/process`, {});
    jobId = job.id;
    expect(await jobFinished(token, jobId)).toMatchObject({ processed: 6, failed: 24 });
  });
  afterAll(async () => {
    await browser?.close();
  });

  test("the drawer groups the failures by reason, with counts and links, and says retry won't help", async () => {
    await page.goto(`/jobs?job=${jobId}`);
    const drawer = page.getByRole("dialog", { name: "Job details" });
    await drawer.getByRole("heading", { name: "Failed videos (24)" }).waitFor();
    const group = drawer.locator(".failures__group");
    await group.first().waitFor();
    expect(await group.count()).toBe(1);
    expect(await group.locator(".failures__reason").textContent()).toBe(PRIVATE);
    expect(await group.locator(".failures__count").textContent()).toBe("24");
    expect(await group.getByText("Retry won't help").count()).toBe(1);
    expect(await group.locator(".failures__videos a").count()).toBe(20);
    expect(await group.getByRole("link", { name: "and 4 more in the list" }).getAttribute("href")).toBe(
      `/lists/${listId}?status=failed`,
    );
    await drawer.getByText(/24 videos cannot: private, deleted, not embeddable or declined by the model/).waitFor();
    const { usage } = await apiCall<{ usage: Record<string, number> }>(token, "GET", `/api/jobs/${jobId}`);
    expect(usage.youtubeUnits).toBeGreaterThan(0);
    const figure = (term: string) => drawer.locator("dt", { hasText: term }).locator("xpath=../dd").textContent();
    expect(await figure("YouTube units")).toBe(usage.youtubeUnits?.toLocaleString("en-US"));
    expect(await figure("AI calls")).toBe(usage.aiCalls?.toLocaleString("en-US"));
    await expectAccessible(page, "job drawer with failures", { within: '[role="dialog"]' });
    await shoot(page, "job-drawer-failures", "1366", { fullPage: false });

    await page.setViewportSize(PHONE);
    await expectAccessible(page, "job drawer with failures, phone", { within: '[role="dialog"]' });
    await shoot(page, "job-drawer-failures", "390", { fullPage: false });
    await page.setViewportSize(DESKTOP);
  });

  test("a failed video's link opens it in its list, with the reason", async () => {
    const drawer = page.getByRole("dialog", { name: "Job details" });
    await drawer.locator(".failures__videos a").first().click();
    await page.waitForURL(/\/lists\/[^?]+\?video=/);
    await page.locator(".detail__error").getByText(PRIVATE).waitFor();
  });

  test("Retry leaves out what it cannot fix: neither the drawer nor the job's row offers it", async () => {
    await page.goto(`/jobs?job=${jobId}`);
    const drawer = page.getByRole("dialog", { name: "Job details" });
    await drawer.getByRole("heading", { name: "Failed videos (24)" }).waitFor();
    expect(await drawer.getByRole("button", { name: /^Retry/ }).count()).toBe(0);
    await drawer.getByRole("button", { name: "Close" }).click();

    // The row learns what a retry could fix from the job's failures, as the drawer does.
    const failuresRead = page.waitForResponse((r) => r.url().endsWith(`/api/jobs/${jobId}/failures`));
    await page.goto(`/jobs?listId=${listId}`);
    await failuresRead;
    const row = page.locator(".job-row").first();
    await row.getByRole("button", { name: "Details" }).waitFor();
    await page.evaluate(() => new Promise((frame) => requestAnimationFrame(() => requestAnimationFrame(frame))));
    expect(await row.getByRole("button", { name: /^Retry/ }).count()).toBe(0);
  });

  test("Remove failed videos asks first, then leaves only the videos that were done", async () => {
    await page.goto(`/jobs?job=${jobId}`);
    const drawer = page.getByRole("dialog", { name: "Job details" });
    await drawer.getByRole("button", { name: "Remove failed videos" }).click();
    const confirm = page.getByRole("dialog", { name: "Remove failed videos?" });
    await expectAccessible(page, "remove failed confirm", { within: '[role="dialog"]' });
    await confirm.getByRole("button", { name: "Remove failed videos" }).click();
    await page.locator(".toast").getByText("24 failed videos removed").waitFor();
    const list = await apiCall<{ videoCount: number }>(token, "GET", `/api/lists/${listId}`);
    expect(list.videoCount).toBe(6);
    const status = await apiCall<{ failed: number; processed: number }>(
      token,
      "GET",
      `/api/lists/${listId}/processing-status`,
    );
    expect(status).toMatchObject({ failed: 0, processed: 6 });
    expect(problems.problems).toEqual([]);
  });
});
