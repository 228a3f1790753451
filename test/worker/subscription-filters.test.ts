import { describe, expect, it } from "vitest";
import { durationMatches, needsDurations, titleMatches } from "../../src/domain/subscription-filters";

describe("subscription filters", () => {
  it.each<[object, number | null, boolean]>([
    [{}, 30, true],
    [{}, null, true],
    [{ excludeShorts: true }, 59, false],
    [{ excludeShorts: true }, 180, false],
    [{ excludeShorts: true }, 181, true],
    [{ excludeShorts: true }, null, true],
    [{ minDurationSeconds: 600 }, 599, false],
    [{ minDurationSeconds: 600 }, 600, true],
    [{ maxDurationSeconds: 600 }, 601, false],
    [{ minDurationSeconds: 60, maxDurationSeconds: 600 }, 300, true],
    [{ minDurationSeconds: 60 }, null, false],
  ])("%j with %s s → %s", (filters, seconds, kept) => {
    expect(durationMatches(filters, seconds)).toBe(kept);
  });

  it("title keywords: any of them, anywhere, any case", () => {
    expect(titleMatches({ titleIncludes: ["rust", "Go "] }, "Why I switched to RUST")).toBe(true);
    expect(titleMatches({ titleIncludes: ["ÉCOLE"] }, "Une école de cuisine")).toBe(true);
    expect(titleMatches({ titleIncludes: ["rust"] }, "Sourdough basics")).toBe(false);
    expect(titleMatches({ titleIncludes: [] }, "Anything")).toBe(true);
  });

  it("only duration rules need videos.list", () => {
    expect(needsDurations({ titleIncludes: ["x"] })).toBe(false);
    expect(needsDurations({ excludeShorts: false })).toBe(false);
    expect(needsDurations({ excludeShorts: true })).toBe(true);
    expect(needsDurations({ maxDurationSeconds: 0 })).toBe(true);
  });
});
