import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { apiCall, fakeYoutubeIds, waitForJobStatus } from "./support/api";
import { jobCard, progressOf, signUp, startProcessing, tokenOf, visibleRows } from "./support/app";
import { expectAccessible } from "./support/axe";
import { DESKTOP, launchChromium, newContext, PageProblems, PHONE } from "./support/browser";
import { holdUpstream, releaseUpstream } from "./support/gate";
import { shoot } from "./support/screenshots";
import { e2e } from "./support/stack";

interface Seeded {
  talks: string;
  cooking: string;
  big: string;
  bigIds: string[];
}

const FIELDS = [
  { key: "difficulty", label: "Difficulty", type: "enum", options: ["easy", "medium", "hard"] },
  { key: "topics", label: "Topics", type: "tags", description: "Main subjects covered" },
];

/** Lists behind the screens, made through the API so the screenshots need not click them together. */
async function seed(token: string, tag: string): Promise<Seeded> {
  const create = (body: object) => apiCall<{ id: string }>(token, "POST", "/api/lists", body);
  const add = (listId: string, urls: string[]) => apiCall(token, "POST", `/api/lists/${listId}/videos/bulk`, { urls });
  const talks = await create({
    name: "Conference talks to watch",
    description: "Everything from this year's frontend and systems conferences, triaged by difficulty.",
    fields: FIELDS,
  });
  const cooking = await create({ name: "Weeknight cooking" });
  const big = await create({ name: "Channel archive", fields: FIELDS.slice(0, 1) });
  const bigIds = fakeYoutubeIds(`${tag}b`, 120);
  await add(talks.id, fakeYoutubeIds(`${tag}t`, 30));
  await add(cooking.id, fakeYoutubeIds(`${tag}c`, 5));
  await add(big.id, bigIds);
  const job = await apiCall<{ id: string }>(token, "POST", `/api/lists/${talks.id}/process`, {});
  await waitForJobStatus(token, job.id, "completed");
  return { talks: talks.id, cooking: cooking.id, big: big.id, bigIds };
}

/**
 * Every screen and dialog at one width, each looked at by axe-core (no serious or critical
 * violation). The two widths run as two users, each on a fresh context; the phone runs in the
 * dark scheme, so both themes' contrast is checked.
 */
function screensAt(
  widthLabel: "desktop" | "phone",
  viewport: typeof DESKTOP,
  tag: string,
  colorScheme: "light" | "dark",
) {
  describe(`screens at ${widthLabel} width (${viewport.width}×${viewport.height}, ${colorScheme})`, () => {
    const { baseUrl, chromiumPath } = e2e();
    const problems = new PageProblems();
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let token: string;
    let seeded: Seeded;
    const snap = async (screen: string) => {
      await shoot(page, screen, widthLabel);
      // Nothing may push the page sideways: wide content scrolls inside its own box (the table).
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(scrollWidth, `${screen} overflows sideways`).toBeLessThanOrEqual(clientWidth);
      await expectAccessible(page, `${screen} (${widthLabel})`);
    };
    const snapOverlay = async (screen: string) => {
      await shoot(page, screen, widthLabel, { fullPage: false });
      await expectAccessible(page, `${screen} (${widthLabel})`, { within: '[role="dialog"]' });
    };

    beforeAll(async () => {
      browser = await launchChromium(chromiumPath);
      context = await newContext(browser, baseUrl, viewport, { colorScheme });
      page = problems.watch(await context.newPage(), widthLabel);
    });
    afterAll(async () => {
      await releaseUpstream();
      await browser?.close();
    });

    test("sign in, sign up, empty and populated lists", async () => {
      await page.goto("/signin");
      await page.getByRole("heading", { name: "Sign in to Tubelist" }).waitFor();
      await snap("01-sign-in");
      await page.goto("/signup");
      await page.getByRole("heading", { name: "Create your account" }).waitFor();
      await page.getByLabel("Email").fill("not-an-email");
      await page.getByRole("button", { name: "Create account" }).click();
      await page.getByText("That doesn't look like an email address.").waitFor();
      await snap("02-sign-up-with-errors");

      await signUp(page, `screens-${widthLabel}-${Date.now()}@example.com`);
      token = await tokenOf(page);
      await page.getByText("No lists yet").waitFor();
      await snap("03-lists-empty");

      seeded = await seed(token, tag);
      await page.reload();
      await page.locator(".list-card__title", { hasText: "Conference talks to watch" }).waitFor();
      await snap("04-lists-populated");
    });

    test("list page with its table, and a video's detail panel", async () => {
      await page.goto(`/lists/${seeded.talks}`);
      await expect
        .poll(async () => (await visibleRows(page)).some((r) => r.status === "Done"), { timeout: 30_000 })
        .toBe(true);
      await snap("05-list-table");

      await page.locator(".vtable__open").first().click();
      const detail = page.getByRole("dialog");
      await detail.getByRole("heading", { name: "Chapters" }).waitFor();
      await snapOverlay("06-video-detail");
      await detail.getByRole("button", { name: "Close" }).click();

      await page.getByRole("button", { name: "Columns" }).click();
      const chooser = page.getByRole("dialog", { name: "Columns" });
      await chooser.getByRole("checkbox", { name: "Topics" }).waitFor();
      await snapOverlay("06b-column-chooser");
      await chooser.getByRole("button", { name: "Done" }).click();

      await page.getByRole("button", { name: "More" }).click();
      await page.getByRole("button", { name: "Export JSON" }).waitFor();
      await snap("06b2-more-actions");
      await page.keyboard.press("Escape");
      await page.getByRole("button", { name: "Export JSON" }).waitFor({ state: "hidden" });

      // Deleting one video asks nothing and offers Undo instead: the page with its toast, then undone.
      await page.locator(".vtable__delete").first().click({ force: true });
      const undo = page.getByRole("region", { name: "Notifications" }).getByRole("button", { name: "Undo" });
      await undo.waitFor();
      // Focus on Undo stops the toast's clock (a screenshot on a busy machine can take longer than
      // the 10 s it gives), as it does for a keyboard user reaching it.
      await undo.focus();
      await snap("06c-delete-undo");
      await undo.click();
      await undo.waitFor({ state: "detached" });

      await page.locator("h1").click();
      await page.keyboard.press("?");
      const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
      await help.waitFor();
      await snapOverlay("06d-keyboard-help");
      await page.keyboard.press("Escape");
      await help.waitFor({ state: "hidden" });
    });

    test("adding videos: paste report and CSV import", async () => {
      await page.getByRole("button", { name: "Add videos", exact: true }).click();
      const panel = page.getByRole("region", { name: "Add videos" });
      const lines = [
        ...fakeYoutubeIds(`${tag}n`, 3).map((id) => `https://youtu.be/${id}`),
        `https://www.youtube.com/watch?v=${fakeYoutubeIds(`${tag}t`, 1)[0]}`,
        "https://vimeo.com/76979871",
        "not a link at all",
      ];
      await panel.getByLabel("YouTube links, one per line").fill(lines.join("\n"));
      await panel.getByRole("button", { name: "Add videos" }).click();
      await panel.getByText("3 added").waitFor();
      await snap("07-add-videos-paste-report");

      await panel.getByRole("tab", { name: "Import CSV" }).click();
      const csv = [
        "title,url",
        ...fakeYoutubeIds(`${tag}v`, 2).map((id) => `A talk,https://youtu.be/${id}`),
        "Broken,nope",
      ];
      await panel.locator('input[type="file"]').setInputFiles({
        name: "talks.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(csv.join("\n")),
      });
      await panel.getByText("2 added").waitFor();
      await snap("08-add-videos-csv");
    });

    test("fields editor with a validation error, and the process preview", async () => {
      await page.getByRole("button", { name: "Fields", exact: true }).click();
      const editor = page.getByRole("dialog", { name: /^Fields of/ });
      await editor.getByRole("button", { name: "+ Add field" }).click();
      await editor.getByLabel("Key").nth(2).fill("2nd Key!");
      await editor.getByRole("button", { name: "Save fields" }).click();
      await editor.getByText("Fix the highlighted fields to save.").waitFor();
      await snapOverlay("09-fields-editor-error");
      // Escape with unsaved edits asks instead of discarding them.
      await page.keyboard.press("Escape");
      const discard = page.getByRole("dialog", { name: "Discard your changes?" });
      await discard.waitFor();
      await snapOverlay("09b-discard-changes");
      await discard.getByRole("button", { name: "Keep editing" }).click();
      await editor.getByRole("button", { name: "Cancel" }).click();
      await page
        .getByRole("dialog", { name: "Discard your changes?" })
        .getByRole("button", { name: "Discard changes" })
        .click();
      await editor.waitFor({ state: "hidden" });

      await page.getByRole("button", { name: "Process…" }).click();
      const dialog = page.getByRole("dialog", { name: "Process videos" });
      await dialog.getByText(/new, 30 processed/).waitFor();
      await snapOverlay("10-process-preview");
      await dialog.getByRole("button", { name: "Cancel" }).click();
    });

    test("live progress dashboard mid-job, then the jobs page and its drawer", async () => {
      // Hold the batch holding one video: the other batch completes, so the job sits part-way.
      await holdUpstream(seeded.bigIds[seeded.bigIds.length - 1]);
      await page.goto(`/lists/${seeded.big}`);
      const jobId = await startProcessing(page);
      const card = jobCard(page, jobId);
      await expect
        .poll(async () => Number(await progressOf(card)), { timeout: 60_000 })
        .toSatisfy((n: number) => n > 0 && n < 100);
      await snap("11-progress-dashboard-mid-job");
      await page.goto("/");
      await jobCard(page, jobId).waitFor();
      await page.locator(".list-card__title").first().waitFor();
      await snap("12-lists-with-active-job");

      await apiCall(token, "POST", `/api/jobs/${jobId}/cancel`);
      await releaseUpstream();
      await page.goto("/jobs");
      await page.getByRole("heading", { name: "Jobs" }).waitFor();
      await page.locator(".job-row").nth(1).waitFor();
      await snap("13-jobs-page");
      await page.locator(".job-row").first().getByRole("button", { name: "Details" }).click();
      const drawer = page.getByRole("dialog", { name: "Job details" });
      await drawer.getByRole("progressbar").waitFor();
      await drawer.getByText("Loading history…").waitFor({ state: "hidden" });
      await drawer.getByText("Videos", { exact: true }).waitFor();
      await snapOverlay("14-job-drawer");
    });

    test("settings with a fresh API token secret", async () => {
      await page.goto("/settings");
      await page.getByLabel("New token name").fill("nightly-import");
      await page.getByRole("button", { name: "Create token" }).click();
      await page.getByText("Copy your new token now.").waitFor();
      await snap("15-settings-token-secret");
    });

    test("a page that does not exist says so under an h1", async () => {
      await page.goto("/no/such/page");
      await page.getByRole("heading", { name: "Page not found", level: 1 }).waitFor();
      expect(await page.title()).toBe("Page not found · Tubelist");
      await snap("16-not-found");
    });

    test("no console errors, page errors or failed sockets on any screen", () => {
      expect(problems.problems).toEqual([]);
    });
  });
}

screensAt("desktop", DESKTOP, "sd", "light");
screensAt("phone", PHONE, "sp", "dark");
