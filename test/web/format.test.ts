import { describe, expect, it } from "vitest";
import { formatCount, formatNumber, plural } from "../../web/src/lib/format";

describe("numbers, formatted by one shared formatter", () => {
  it("reads as toLocaleString did, for the user's locale", () => {
    for (const n of [0, 7, 999, 1000, 12_345, 1_234_567, -42, 3.5, 2.125, 0.1 + 0.2])
      expect(formatNumber(n)).toBe(n.toLocaleString());
  });

  it("groups thousands and shows a dash for nothing", () => {
    expect(formatNumber(12_345)).toBe(new Intl.NumberFormat().format(12_345));
    expect(formatNumber(null)).toBe("—");
    expect(formatNumber(undefined)).toBe("—");
  });

  it("counts and plurals use the same digits", () => {
    expect(plural(1, "video")).toBe("1 video");
    expect(plural(2_000, "video")).toBe(`${(2_000).toLocaleString()} videos`);
    expect(formatCount(950)).toBe(new Intl.NumberFormat(undefined, { notation: "compact" }).format(950));
  });
});
