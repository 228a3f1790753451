import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { apiCall, fakeYoutubeIds, jobFinished } from "./support/api";
import { signUp, startProcessing, tokenOf } from "./support/app";
import { launchChromium, newContext, PageProblems, PHONE } from "./support/browser";
import { e2e } from "./support/stack";

/** The first card's field labels and values, as a phone user reads them. */
const firstCard = (page: Page) =>
  page.locator("tr.vtable__row[data-index='0'] .vtable__card-fields div").evaluateAll((items) =>
    items.map((item) => ({
      label: item.querySelector("dt")?.textContent ?? "",
      value: item.querySelector("dd")?.textContent ?? "",
    })),
  );

/** A phone user (390×844) reads every field value without opening a video, and picks columns. */
describe("phone journey", () => {
  const { baseUrl, chromiumPath } = e2e();
  const problems = new PageProblems();
  let browser: Browser;
  let page: Page;
  let listId: string;

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath);
    const context = await newContext(browser, baseUrl, PHONE);
    page = problems.watch(await context.newPage(), "phone");
    await signUp(page, `phone-${Date.now()}@example.com`);
    const token = await tokenOf(page);
    const list = await apiCall<{ id: string }>(token, "POST", "/api/lists", {
      name: "Recipes on the go",
      fields: [
        { key: "difficulty", label: "Difficulty", type: "enum", options: ["easy", "medium", "hard"] },
        { key: "vegetarian", label: "Vegetarian", type: "boolean" },
        { key: "dishes", label: "Dishes", type: "tags" },
      ],
    });
    listId = list.id;
    await apiCall(token, "POST", `/api/lists/${listId}/videos/bulk`, { urls: fakeYoutubeIds("phn", 12) });
    const job = await apiCall<{ id: string }>(token, "POST", `/api/lists/${listId}/process`, {});
    await jobFinished(token, job.id);
  });
  afterAll(async () => {
    await browser?.close();
  });

  test("each card shows the list's field values under the title", async () => {
    await page.goto(`/lists/${listId}`);
    await page.locator("tr.vtable__row[data-index='0']").waitFor();
    const fields = await firstCard(page);
    expect(fields.map((f) => f.label)).toEqual([
      "Duration",
      "Views",
      "Published",
      "Difficulty",
      "Vegetarian",
      "Dishes",
    ]);
    const value = (label: string) => fields.find((f) => f.label === label)?.value ?? "";
    expect(["easy", "medium", "hard"]).toContain(value("Difficulty"));
    expect(["Yes", "No"]).toContain(value("Vegetarian"));
    expect(value("Dishes")).not.toBe("");
  });

  test("chosen columns come first and hidden ones leave the card, remembered after a reload", async () => {
    await page.getByRole("button", { name: "Columns" }).click();
    const chooser = page.getByRole("dialog", { name: "Columns" });
    for (const name of ["Duration", "Views", "Published"])
      await chooser.getByRole("checkbox", { name, exact: true }).uncheck();
    await chooser.getByRole("button", { name: "Move Dishes up" }).click();
    await chooser.getByRole("button", { name: "Done" }).click();
    expect((await firstCard(page)).map((f) => f.label)).toEqual(["Difficulty", "Dishes", "Vegetarian"]);

    await page.reload();
    await page.locator("tr.vtable__row[data-index='0']").waitFor();
    expect((await firstCard(page)).map((f) => f.label)).toEqual(["Difficulty", "Dishes", "Vegetarian"]);
  });

  test("a card's title and a failure's reason wrap to two lines within the card, not cut to a few characters", async () => {
    const token = await tokenOf(page);
    const list = await apiCall<{ id: string }>(token, "POST", "/api/lists", { name: "Half private", fields: [] });
    // A private video (the fake's "zz" ids) fails with its reason; the other has a long title.
    const urls = [...fakeYoutubeIds("zzphn", 1), ...fakeYoutubeIds("lngphn", 1)];
    await apiCall(token, "POST", `/api/lists/${list.id}/videos/bulk`, { urls });
    const job = await apiCall<{ id: string }>(token, "POST", `/api/lists/${list.id}/process`, {});
    await jobFinished(token, job.id);
    await page.goto(`/lists/${list.id}`);
    await page.locator("tr.vtable__row[data-index='1']").waitFor();
    const cards = await page.locator("tr.vtable__row").evaluateAll((rows) =>
      rows.map((row) => {
        const title = row.querySelector<HTMLElement>(".vtable__open");
        const meta = row.querySelector<HTMLElement>(".vtable__meta");
        const reason = row.querySelector<HTMLElement>(".vtable__reason");
        const fields = row.querySelector<HTMLElement>(".vtable__card-fields");
        const cell = row.querySelector<HTMLElement>(".vtable__title");
        if (!title || !meta || !fields || !cell) throw new Error("card parts missing");
        // The reason's last character lies inside the boxes that would clip it (its own, the line's).
        let reasonWhole: boolean | null = null;
        if (reason?.lastChild) {
          const range = document.createRange();
          range.setStart(reason.lastChild, (reason.lastChild.textContent?.length ?? 1) - 1);
          range.setEnd(reason.lastChild, reason.lastChild.textContent?.length ?? 1);
          const end = Array.from(range.getClientRects()).at(-1);
          const inside = (box: DOMRect) => !!end && end.right <= box.right + 0.5 && end.bottom <= box.bottom + 0.5;
          reasonWhole = inside(reason.getBoundingClientRect()) && inside(meta.getBoundingClientRect());
        }
        return {
          reason: reason?.textContent ?? null,
          reasonWhole,
          titleLines: Math.round(title.clientHeight / Number.parseFloat(getComputedStyle(title).lineHeight)),
          titleCut: title.scrollHeight > title.clientHeight + 0.5,
          // The title block ends above the card's columns, and the columns inside the card.
          titleClear: cell.getBoundingClientRect().bottom <= fields.getBoundingClientRect().top + 0.5,
          fieldsInside: fields.getBoundingClientRect().bottom <= row.getBoundingClientRect().bottom + 0.5,
        };
      }),
    );
    const failed = cards.find((card) => card.reason);
    const titled = cards.find((card) => !card.reason);
    expect(failed).toMatchObject({ reason: "Video unavailable or private", reasonWhole: true });
    expect(titled?.titleLines).toBe(2);
    expect(cards.every((card) => card.titleClear && card.fieldsInside)).toBe(true);
  });

  test("toasts keep to one short line at the bottom of a phone screen", async () => {
    await startProcessing(page, { force: true });
    const toasts = page.locator(".toast");
    await toasts.first().waitFor();
    const visible = await toasts.evaluateAll((all) =>
      all.filter((t) => getComputedStyle(t).display !== "none").map((t) => t.getBoundingClientRect().height),
    );
    expect(visible).toHaveLength(1);
    expect(visible[0]).toBeLessThan(PHONE.height * 0.08);
  });

  test("no console errors, page errors or failed sockets", () => {
    expect(problems.problems).toEqual([]);
  });
});
