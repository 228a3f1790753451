import { describe, expect, it } from "vitest";
import type { Field } from "../../src/shared/schemas/fields";
import { parseDraft } from "../../web/src/features/find/field-editor";
import {
  findQueryString,
  normaliseQueryString,
  readFindQuery,
  urlPatchFor,
  withField,
} from "../../web/src/features/find/find-query";
import { highlightPieces } from "../../web/src/features/find/match-excerpt";

const FIELDS: Field[] = [
  { key: "difficulty", label: "Difficulty", type: "enum", options: ["easy", "medium", "hard"] },
  { key: "minutes", label: "Minutes", type: "number" },
  { key: "has_code", label: "Has code", type: "boolean" },
  { key: "topics", label: "Topics", type: "tags" },
];

describe("find query", () => {
  it("reads field filters, ranges, needsRerun and a field sort from the URL, and writes them back the same", () => {
    const params = new URLSearchParams(
      "field.difficulty=hard,medium&field.minutes.gte=5&field.minutes.lte=30&field.topics.empty=false&needsRerun=true&sort=field.minutes&order=asc&video=v1",
    );
    const query = readFindQuery(params, FIELDS);
    expect(query).toMatchObject({
      needsRerun: true,
      sort: "field.minutes",
      order: "asc",
      fields: {
        difficulty: { values: ["hard", "medium"] },
        minutes: { gte: 5, lte: 30 },
        topics: { empty: false },
      },
    });
    expect(findQueryString(query)).toBe(
      "needsRerun=true&field.difficulty=hard%2Cmedium&field.minutes.gte=5&field.minutes.lte=30&field.topics.empty=false&sort=field.minutes&order=asc",
    );
  });

  it("drops what the list's fields cannot mean instead of sending it for a 400", () => {
    const query = readFindQuery(
      new URLSearchParams("field.gone=x&field.difficulty.gte=3&field.minutes.gte=abc&sort=field.gone&sort2=x"),
      FIELDS,
    );
    expect(query.fields).toEqual({});
    expect(query.sort).toBeUndefined();
  });

  it("sorts by relevance only with a search", () => {
    expect(readFindQuery(new URLSearchParams("sort=relevance"), FIELDS).sort).toBeUndefined();
    expect(readFindQuery(new URLSearchParams("q=rust&sort=relevance"), FIELDS).sort).toBe("relevance");
  });

  it("replaces the query in the URL and leaves the open video alone", () => {
    const current = new URLSearchParams("field.difficulty=hard&video=v1");
    const next = withField(readFindQuery(current, FIELDS), "difficulty", null);
    expect(urlPatchFor(current, withField(next, "has_code", { values: ["true"] }))).toEqual({
      "field.difficulty": null,
      "field.has_code": "true",
    });
  });

  it("compares a saved view's query whatever order its parameters were written in", () => {
    expect(normaliseQueryString("sort=publishedAt&field.difficulty=hard", FIELDS)).toBe(
      normaliseQueryString("field.difficulty=hard&sort=publishedAt", FIELDS),
    );
  });
});

describe("highlightPieces", () => {
  it("cuts the text at the ranges without losing or repeating any of it", () => {
    const pieces = highlightPieces("Rust borrow checker in Rust", [
      [23, 27],
      [0, 4],
      [2, 6],
      [40, 50],
    ]);
    expect(pieces).toEqual([
      { text: "Rust", hit: true },
      { text: " b", hit: true },
      { text: "orrow checker in ", hit: false },
      { text: "Rust", hit: true },
    ]);
    expect(pieces.map((p) => p.text).join("")).toBe("Rust borrow checker in Rust");
  });
});

describe("parseDraft", () => {
  it("turns what a person typed into the field's type, empty clearing it", () => {
    const [difficulty, minutes, hasCode, topics] = FIELDS as [Field, Field, Field, Field];
    expect(parseDraft(minutes, "12.5")).toEqual({ value: 12.5 });
    expect(parseDraft(minutes, "twelve")).toEqual({ error: "Enter a number." });
    expect(parseDraft(hasCode, "false")).toEqual({ value: false });
    expect(parseDraft(difficulty, "impossible")).toEqual({ error: "Pick one of the options." });
    expect(parseDraft(topics, " rust, wasm ,rust,")).toEqual({ value: ["rust", "wasm"] });
    expect(parseDraft(difficulty, "  ")).toEqual({ value: null });
  });
});
