import type { Page } from "playwright-core";
import { expect } from "vitest";

/** What has focus, in terms a test can compare. */
export const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName.toLowerCase() ?? "",
      row: el?.getAttribute("data-index") ?? null,
      text: (el?.textContent ?? "").trim().slice(0, 80),
      label: el?.getAttribute("aria-label") ?? "",
      inTable: !!el?.closest(".vtable"),
      className: el?.className ?? "",
    };
  });

const TRAIL_LENGTH = 40;

/**
 * Keeps the page's last focus moves (keys pressed, elements focused and left, each with the time
 * and whether it was still in the document) so a focus assertion that fails says how focus got
 * where it is: the keyboard suite's rare misses happen only on a loaded machine.
 */
export async function recordFocus(page: Page): Promise<void> {
  await page.addInitScript((length: number) => {
    const trail: string[] = [];
    (window as unknown as { __focusTrail: string[] }).__focusTrail = trail;
    const name = (el: EventTarget | null) => {
      if (!(el instanceof Element)) return String(el);
      const index = el.getAttribute("data-index");
      const label = el.getAttribute("aria-label");
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${index ? `[row ${index}]` : ""}${label ? ` "${label}"` : ""}`;
    };
    const note = (line: string) => {
      trail.push(`${performance.now().toFixed(0)} ms ${line}`);
      if (trail.length > length) trail.shift();
    };
    document.addEventListener("keydown", (e) => note(`key ${e.key} on ${name(e.target)}`), true);
    document.addEventListener("focusin", (e) => note(`focus ${name(e.target)}`), true);
    document.addEventListener(
      "focusout",
      (e) => note(`left ${name(e.target)}${(e.target as Node).isConnected ? "" : " (removed)"}`),
      true,
    );
  }, TRAIL_LENGTH);
}

/** The recorded trail, one move per line (see `recordFocus`). */
export const focusTrail = (page: Page) =>
  page.evaluate(() => ((window as unknown as { __focusTrail?: string[] }).__focusTrail ?? []).join("\n"));

/** Focus is where `expected` says; otherwise the failure carries the trail of how it moved. */
export async function expectFocus(page: Page, expected: Partial<Awaited<ReturnType<typeof focused>>>) {
  const now = await focused(page);
  expect(now, `focus is on ${now.tag} "${now.text}"; its last moves:\n${await focusTrail(page)}`).toMatchObject(
    expected,
  );
}

/** Forgets the recorded moves, so that what a test reads next is only what follows. */
export const clearFocusTrail = (page: Page) =>
  page.evaluate(() => {
    const trail = (window as unknown as { __focusTrail?: string[] }).__focusTrail;
    if (trail) trail.length = 0;
  });

/** The elements that took focus since the trail was cleared (or began), in order. */
export const focusedSince = (page: Page) =>
  page.evaluate(() =>
    ((window as unknown as { __focusTrail?: string[] }).__focusTrail ?? [])
      .filter((line) => / ms focus /.test(line))
      .map((line) => line.replace(/^\d+ ms focus /, "")),
  );
