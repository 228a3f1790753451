import { describe, expect, it } from "vitest";
import { parseChapters } from "../../src/domain/chapters";

const lines = (...rows: string[]) => rows.join("\n");

describe("parseChapters", () => {
  it("reads a plain chapter list between prose", () => {
    const description = lines(
      "In this talk we build a queue consumer.",
      "",
      "0:00 Intro",
      "1:15 Why queues",
      "12:40 Batching writes",
      "",
      "Slides: https://example.com/slides",
    );
    expect(parseChapters(description)).toEqual([
      { startSeconds: 0, title: "Intro" },
      { startSeconds: 75, title: "Why queues" },
      { startSeconds: 760, title: "Batching writes" },
    ]);
  });

  it("accepts hours, zero-padded minutes and Windows line endings", () => {
    const description = "00:00 Start\r\n59:59 Almost an hour\r\n1:02:03 Past the hour\r\n10:00:00 Ten hours in";
    expect(parseChapters(description).map((c) => c.startSeconds)).toEqual([0, 3599, 3723, 36_000]);
  });

  it("accepts 0:00:00 as the first timestamp", () => {
    expect(parseChapters(lines("0:00:00 A", "0:01:00 B", "0:02:00 C"))).toHaveLength(3);
  });

  it.each([
    ["brackets", ["[0:00] Intro", "[0:30] Setup", "[2:05] Demo"]],
    ["parentheses", ["(0:00) Intro", "(0:30) Setup", "(2:05) Demo"]],
    ["a dash", ["0:00 - Intro", "0:30 - Setup", "2:05 - Demo"]],
    ["an en dash", ["0:00 – Intro", "0:30 – Setup", "2:05 – Demo"]],
    ["a pipe", ["0:00 | Intro", "0:30 | Setup", "2:05 | Demo"]],
    ["bullets", ["- 0:00 Intro", "• 0:30 Setup", "* 2:05 Demo"]],
    ["the timestamp at the end", ["Intro - 0:00", "Setup - 0:30", "Demo (2:05)"]],
  ])("reads titles after %s", (_style, rows) => {
    expect(parseChapters(lines(...rows))).toEqual([
      { startSeconds: 0, title: "Intro" },
      { startSeconds: 30, title: "Setup" },
      { startSeconds: 125, title: "Demo" },
    ]);
  });

  it("keeps titles that contain their own punctuation and numbers", () => {
    expect(parseChapters(lines("0:00 Q&A: part 1", "5:00 Top 10 tips - fast", "9:30 Wrap-up"))).toEqual([
      { startSeconds: 0, title: "Q&A: part 1" },
      { startSeconds: 300, title: "Top 10 tips - fast" },
      { startSeconds: 570, title: "Wrap-up" },
    ]);
  });

  it("ignores prose timestamps before the list starts at 0:00", () => {
    const description = lines("Premiered at 7:30", "0:00 Intro", "1:00 Middle", "2:00 End");
    expect(parseChapters(description).map((c) => c.title)).toEqual(["Intro", "Middle", "End"]);
  });

  it("has no chapters when the first timestamp is not 0:00", () => {
    expect(parseChapters(lines("0:05 Intro", "1:00 Middle", "2:00 End"))).toEqual([]);
  });

  it("has no chapters with fewer than three timestamps", () => {
    expect(parseChapters(lines("0:00 Intro", "1:00 End"))).toEqual([]);
  });

  it("has no chapters when timestamps go backwards", () => {
    expect(parseChapters(lines("0:00 Intro", "3:00 Later", "2:00 Earlier", "4:00 End"))).toEqual([]);
  });

  it("has no chapters when one is shorter than 10 seconds, as on YouTube", () => {
    expect(parseChapters(lines("0:00 Intro", "0:05 Too short", "1:00 End"))).toEqual([]);
    expect(parseChapters(lines("0:00 Intro", "0:10 Just long enough", "1:00 End"))).toHaveLength(3);
  });

  it("does not take invalid clock values for timestamps", () => {
    // 1:75 is not a time, so only two timestamped lines remain.
    expect(parseChapters(lines("0:00 Intro", "1:75 Broken", "3:00 End"))).toEqual([]);
  });

  it("has no chapters for empty or missing descriptions", () => {
    expect(parseChapters("")).toEqual([]);
    expect(parseChapters(null)).toEqual([]);
    expect(parseChapters("Just a description with no timestamps at all.")).toEqual([]);
  });
});
