import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { apiCall } from "./support/api";
import { createList, signUp, tokenOf, visibleRows } from "./support/app";
import { expectAccessible } from "./support/axe";
import { DESKTOP, launchChromium, newContext, PageProblems, PHONE } from "./support/browser";
import { shoot } from "./support/screenshots";
import { e2e } from "./support/stack";

/** New uploads on a fake channel, through the gate to the fake upstream. */
async function publish(handle: string, count: number) {
  const { gateUrl } = e2e();
  const { items } = (await (
    await fetch(`${gateUrl}/youtube/v3/channels?part=contentDetails&forHandle=${encodeURIComponent(handle)}`, {
      headers: { "X-Goog-Api-Key": "e2e" },
    })
  ).json()) as { items: { contentDetails: { relatedPlaylists: { uploads: string } } }[] };
  const playlistId = items[0]?.contentDetails.relatedPlaylists.uploads;
  const res = await fetch(`${gateUrl}/__sources/publish`, {
    method: "POST",
    body: JSON.stringify({ playlistId, count }),
  });
  expect(res.ok).toBe(true);
}

/**
 * Taking a channel into a list and following it, as a user does it: the "From playlist or
 * channel" tab with its preview card, then the Subscriptions panel (subscribe, check now, remove),
 * at desktop width (light) and phone width (dark), each state looked at by axe.
 */
function sourcesAt(widthLabel: "desktop" | "phone", viewport: typeof DESKTOP, colorScheme: "light" | "dark") {
  describe(`sources at ${widthLabel} width`, () => {
    const { baseUrl, chromiumPath } = e2e();
    const problems = new PageProblems();
    const handle = `@e2e-${widthLabel}-30`;
    let browser: Browser;
    let page: Page;
    let listId: string;

    beforeAll(async () => {
      browser = await launchChromium(chromiumPath);
      const context = await newContext(browser, baseUrl, viewport, { colorScheme });
      page = problems.watch(await context.newPage(), widthLabel);
      await signUp(page, `sources-${widthLabel}-${Date.now()}@example.com`);
      listId = await createList(page, "Speaker archive");
    });
    afterAll(async () => {
      await browser?.close();
    });

    test("preview a channel, import its newest videos up to a limit", async () => {
      await page.getByRole("tab", { name: "From playlist or channel" }).click();
      await page.getByLabel("Playlist or channel link").fill(`https://www.youtube.com/${handle}`);
      await page.getByRole("button", { name: "Preview" }).click();
      const card = page.getByRole("article", { name: /^Source: / });
      await card.waitFor();
      await expect.poll(() => card.textContent(), { timeout: 15_000 }).toContain("30 videos");
      expect(await card.textContent()).toContain("30 of the newest 30 are new to this list");
      await expectAccessible(page, `source preview (${widthLabel})`);
      await shoot(page, "source-preview", widthLabel);

      await card.getByLabel("Newest videos to add").fill("10");
      await card.getByRole("button", { name: "Add videos" }).click();
      await expect
        .poll(() => page.getByRole("status").filter({ hasText: "Added" }).textContent())
        .toContain("Added 10 videos");
      await expect.poll(async () => (await visibleRows(page)).length, { timeout: 15_000 }).toBe(10);

      await page.getByRole("button", { name: "Preview" }).click();
      await expect
        .poll(() => card.textContent(), { timeout: 15_000 })
        .toContain("20 of the newest 30 are new to this list");
    });

    test("a limit out of range is refused before anything is sent", async () => {
      const card = page.getByRole("article", { name: /^Source: / });
      await card.getByLabel("Newest videos to add").fill("6000");
      expect(await card.getByRole("button", { name: "Add videos" }).isDisabled()).toBe(true);
      expect(await card.textContent()).toContain("A whole number from 1 to 5,000.");
      await card.getByLabel("Newest videos to add").fill("500");
    });

    test("subscribe, check now, see what it added, unsubscribe", async () => {
      await page.getByRole("button", { name: "More" }).click();
      await page.getByRole("button", { name: "Subscriptions" }).click();
      const panel = page.getByRole("region", { name: "Subscriptions" });
      await panel.getByText("This list follows no channel or playlist yet.").waitFor();
      await panel.getByLabel("Channel or playlist to follow").fill(handle);
      await panel.getByLabel("Min length (minutes)").fill("1");
      await panel.getByLabel("Process new videos automatically").check();
      await panel.getByRole("button", { name: "Subscribe" }).click();
      const item = panel.getByRole("listitem");
      await item.getByText("Not checked yet").waitFor();
      expect(await item.textContent()).toContain("≥ 1:00");
      expect(await item.textContent()).toContain("processed automatically");
      await expectAccessible(page, `subscriptions (${widthLabel})`);

      await publish(handle, 2);
      const before = (await visibleRows(page)).length;
      await item.getByRole("button", { name: /^Check .* now$/ }).click();
      await expect.poll(() => item.textContent(), { timeout: 20_000 }).toContain("added 2 last time");
      await expect.poll(async () => (await visibleRows(page)).length, { timeout: 15_000 }).toBe(before + 2);
      await expectAccessible(page, `subscriptions after a check (${widthLabel})`);
      await shoot(page, "subscriptions", widthLabel);

      await item.getByRole("button", { name: /^Unsubscribe from / }).click();
      const dialog = page.getByRole("dialog", { name: "Stop following?" });
      await dialog.getByRole("button", { name: "Unsubscribe" }).click();
      await panel.getByText("This list follows no channel or playlist yet.").waitFor();
      const token = await tokenOf(page);
      const left = await apiCall<{ items: unknown[] }>(token, "GET", `/api/lists/${listId}/subscriptions`);
      expect(left.items).toEqual([]);
      expect(problems.problems).toEqual([]);
    });
  });
}

sourcesAt("desktop", DESKTOP, "light");
sourcesAt("phone", PHONE, "dark");
