import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";

/** Steps through the UI the way a user does, by role and label. */

export async function signUp(page: Page, email: string, password = "correct horse battery") {
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("heading", { name: "Your lists" }).waitFor();
}

export function tokenOf(page: Page): Promise<string> {
  return page.evaluate(() => localStorage.getItem("tubelist.token") ?? "");
}

export async function createList(page: Page, name: string): Promise<string> {
  await page.getByRole("button", { name: "New list" }).click();
  const dialog = page.getByRole("dialog", { name: "New list" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create list" }).click();
  await page.getByRole("heading", { name, level: 1 }).waitFor();
  const id = /\/lists\/([^/?]+)/.exec(page.url())?.[1];
  if (!id) throw new Error(`not on a list page: ${page.url()}`);
  return decodeURIComponent(id);
}

/** Opens Process…, optionally ticks Force, starts, and returns the new job's id from the API answer. */
export async function startProcessing(page: Page, { force = false } = {}): Promise<string> {
  await page.getByRole("button", { name: "Process…" }).click();
  const dialog = page.getByRole("dialog", { name: "Process videos" });
  if (force) await dialog.getByLabel(/Reprocess every video/).check();
  const answer = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/process"));
  await dialog.getByRole("button", { name: /^Process \d+ videos?$/ }).click();
  const response = await answer;
  expect(response.status()).toBe(201);
  await dialog.waitFor({ state: "hidden" });
  return ((await response.json()) as { id: string }).id;
}

/** The dashboard card of one job: its Details link names the job. */
export function jobCard(page: Page, jobId: string): Locator {
  return page.locator("article.job-card", { has: page.locator(`a[href="/jobs?job=${jobId}"]`) });
}

export const progressOf = (card: Locator) => card.getByRole("progressbar").getAttribute("aria-valuenow");

/** Status badges and titles of the table rows currently rendered (the table is virtualized). */
export async function visibleRows(page: Page): Promise<{ title: string; status: string }[]> {
  return page.locator("tr.vtable__row:not(.vtable__row--loader)").evaluateAll((rows) =>
    rows.map((row) => ({
      title: row.querySelector(".vtable__open")?.textContent ?? "",
      status: row.querySelector(".badge")?.textContent ?? "",
    })),
  );
}
