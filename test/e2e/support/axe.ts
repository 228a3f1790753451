import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { expect } from "vitest";

/** WCAG 2.0–2.2 A and AA, plus axe's best practices (landmarks, one h1, heading order…). */
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

/**
 * Runs axe-core on what the page shows now and fails on any serious or critical violation,
 * naming each rule and the first elements it flagged. Minor and moderate findings are returned
 * for a person to read, not asserted.
 *
 * `within` narrows the run to an overlay (a modal dialog or drawer: `[role="dialog"]`), for a
 * screen whose page beneath was checked as a screen of its own and is inert while the overlay is
 * open; axe's time grows with the DOM it walks, and the list page under a dialog is most of it.
 * Only violations are collected (`resultTypes`): passes and incomplete results are never read.
 */
export async function expectAccessible(page: Page, screen: string, { within }: { within?: string } = {}) {
  const builder = new AxeBuilder({ page }).withTags(TAGS).options({ resultTypes: ["violations"] });
  if (within) builder.include(within);
  const results = await builder.analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(" | ")}`,
    );
  expect(serious, `axe on ${screen}`).toEqual([]);
  return results.violations.filter((v) => v.impact !== "serious" && v.impact !== "critical");
}
