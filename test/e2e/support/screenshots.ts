import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Page } from "playwright-core";

/** test-results/ is gitignored; the screenshots are for a person to look at, not to diff. */
export const SCREENSHOT_DIR = resolve(import.meta.dirname, "../../../test-results/screenshots");

/**
 * A capture named `<screen>-<width label>.png`, animations stopped so nothing is mid-fade. Pages
 * are captured whole; dialogs and drawers (`fullPage: false`) as the viewport, since a fixed
 * overlay stretched over a full-page capture ends halfway down it.
 */
export async function shoot(page: Page, screen: string, widthLabel: string, { fullPage = true } = {}): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({
    path: resolve(SCREENSHOT_DIR, `${screen}-${widthLabel}.png`),
    fullPage,
    animations: "disabled",
  });
}
