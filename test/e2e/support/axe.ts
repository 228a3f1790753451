import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { expect } from "vitest";

/** WCAG 2.0–2.2 A and AA, plus axe's best practices (landmarks, one h1, heading order…). */
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

/**
 * Runs axe-core on what the page shows now and fails on any serious or critical violation,
 * naming each rule and the first elements it flagged. Minor and moderate findings are returned
 * for a person to read, not asserted.
 */
export async function expectAccessible(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
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
