/**
 * The extraction domain on its own: the prompt a batched call carries, K from the token budget,
 * reading an answer item by item, and the group runner against a scripted Extractor (what it
 * asks again, how it splits, what it gives up on), with nothing but the interface in between.
 */
import { describe, expect, it } from "vitest";
import { readAnswer, UnreadableAnswer } from "../../src/domain/extraction/answer";
import { batchSizeFor, outputLimitFor, outputTokensPerVideo } from "../../src/domain/extraction/batch-size";
import type { ExtractionAnswer, ExtractionRequest, Extractor } from "../../src/domain/extraction/extractor";
import { buildPrompt, DESCRIPTION_LIMIT, type VideoForExtraction } from "../../src/domain/extraction/prompt";
import { extractGroup } from "../../src/domain/extraction/run";
import type { Field } from "../../src/shared/schemas/fields";

const FIELDS: Field[] = [
  { key: "level", label: "Level", type: "enum", options: ["easy", "medium", "hard"] },
  { key: "speakers", label: "Speakers", type: "tags", description: "People who speak on screen" },
  { key: "has_code", label: "Has code", type: "boolean" },
];

const video = (n: number, extra: Partial<VideoForExtraction> = {}): VideoForExtraction => ({
  title: `Talk ${n}`,
  channelTitle: "Conf",
  durationSeconds: 3_723,
  description: `About talk ${n}`,
  tags: ["rust", "talk"],
  chapters: [
    { startSeconds: 0, title: "Intro" },
    { startSeconds: 65, title: "Demo" },
  ],
  ...extra,
});
const usage = { inputTokens: 100, outputTokens: 20, thinkingTokens: 5 };

describe("the prompt", () => {
  it("lists the fields once, then each video under its ref with title, channel, duration, tags, chapters and description", () => {
    const prompt = buildPrompt(
      [
        { ref: "v1", video: video(1) },
        { ref: "v2", video: video(2, { durationSeconds: null, tags: [], chapters: [] }) },
      ],
      FIELDS,
    );
    expect(prompt.match(/one of: easy, medium, hard/g)).toHaveLength(1);
    expect(prompt).toContain("People who speak on screen");
    expect(prompt).toContain(
      "### v1\nTitle: Talk 1\nChannel: Conf\nDuration: 1:02:03\nTags: rust, talk\nChapters:\n0:00 Intro\n1:05 Demo",
    );
    expect(prompt).toContain("### v2\nTitle: Talk 2\nChannel: Conf\nDuration: (unknown)\nTags: (none)\nDescription:");
  });

  it("truncates each description to the bound", () => {
    const description = `${"a".repeat(DESCRIPTION_LIMIT)}TAIL-THAT-MUST-NOT-BE-SENT`;
    const prompt = buildPrompt([{ ref: "v1", video: video(1, { description }) }], FIELDS);
    expect(prompt).toContain("a".repeat(DESCRIPTION_LIMIT));
    expect(prompt).not.toContain("TAIL-THAT-MUST-NOT-BE-SENT");
    expect(prompt).toContain(`Description (first ${DESCRIPTION_LIMIT} characters):`);
  });
});

describe("K from the token budget", () => {
  it("is capped for a few small fields, and shrinks as fields grow", () => {
    expect(batchSizeFor(FIELDS, { maxOutputTokens: 8_192, cap: 20 })).toBe(20);
    const texts: Field[] = Array.from({ length: 20 }, (_, i) => ({
      key: `summary_${i}`,
      label: `S${i}`,
      type: "text",
    }));
    const k = batchSizeFor(texts, { maxOutputTokens: 8_192, cap: 20 });
    expect(k).toBeGreaterThanOrEqual(1);
    expect(k).toBeLessThan(5);
    expect(k * outputTokensPerVideo(texts)).toBeLessThanOrEqual(8_192 / 2);
  });

  it("never goes below one video, and sizes a call's output limit to its videos", () => {
    const texts: Field[] = Array.from({ length: 20 }, (_, i) => ({ key: `t${i}`, label: `T${i}`, type: "text" }));
    expect(batchSizeFor(texts, { maxOutputTokens: 256, cap: 20 })).toBe(1);
    expect(outputLimitFor(FIELDS, 1, 8_192)).toBeLessThan(outputLimitFor(FIELDS, 10, 8_192));
    expect(outputLimitFor(texts, 25, 4_096)).toBe(4_096);
  });
});

describe("reading an answer", () => {
  it("validates every item on its own and names the refs it left out", () => {
    const read = readAnswer(
      JSON.stringify({
        videos: [
          { _ref: "v1", level: "Hard", speakers: ["Ada"], has_code: true },
          { _ref: "v3", level: "expert", speakers: null, has_code: null },
          "not an item",
          { _ref: "v9", level: "easy" },
        ],
      }),
      FIELDS,
      ["v1", "v2", "v3"],
    );
    expect(read.items.get("v1")).toEqual({
      values: { level: "hard", speakers: ["Ada"], has_code: true },
      warnings: [],
    });
    expect(read.items.get("v3")?.values.level).toBeNull();
    expect(read.items.get("v3")?.warnings).toEqual([expect.stringMatching(/level.*"expert"/)]);
    expect(read.missing).toEqual(["v2"]);
  });

  it("takes a one-video answer given as the bare item", () => {
    expect(readAnswer({ level: "easy" }, FIELDS, ["v1"]).items.get("v1")?.values.level).toBe("easy");
  });

  it.each([
    ["text that is not JSON", "Sure! They are easy."],
    ["JSON without the list", '{"answer": 1}'],
  ])("refuses %s as a whole", (_, output) => {
    expect(() => readAnswer(output, FIELDS, ["v1", "v2"])).toThrow(UnreadableAnswer);
  });
});

/** An Extractor that answers with `script(refs of the call, request)` and records what it was asked. */
function scripted(
  script: (refs: string[], titles: string[]) => ExtractionAnswer | Error,
): Extractor & { asked: string[][] } {
  const asked: string[][] = [];
  return {
    asked,
    async extract(request: ExtractionRequest) {
      const titles = [...request.prompt.matchAll(/^Title: (.*)$/gm)].map((m) => m[1] as string);
      const refs = [...request.prompt.matchAll(/^### (\S+)$/gm)].map((m) => m[1] as string);
      asked.push(titles);
      const answer = script(refs, titles);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}
const itemsFor = (refs: string[]) => ({
  videos: refs.map((ref) => ({ _ref: ref, level: "easy", speakers: [], has_code: false })),
});
const group = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `vid_${i}`, video: video(i) }));

describe("the group runner", () => {
  it("asks once for the whole group and adds up usage", async () => {
    const extractor = scripted((refs) => ({ kind: "answer", output: itemsFor(refs), usage }));
    const { outcomes, usage: total } = await extractGroup(group(6), FIELDS, extractor, { outputCeiling: 8_192 });
    expect(extractor.asked).toHaveLength(1);
    expect([...outcomes.values()].every((outcome) => outcome.kind === "extracted")).toBe(true);
    expect(total).toEqual({ calls: 1, inputTokens: 100, outputTokens: 20, thinkingTokens: 5 });
  });

  it("asks again, alone, for an item left out; gives up on it if left out again", async () => {
    const extractor = scripted((refs, titles) => ({
      kind: "answer",
      output: itemsFor(refs.filter((_, i) => titles[i] !== "Talk 2")),
      usage,
    }));
    const { outcomes } = await extractGroup(group(4), FIELDS, extractor, { outputCeiling: 8_192 });
    expect(extractor.asked).toEqual([["Talk 0", "Talk 1", "Talk 2", "Talk 3"], ["Talk 2"]]);
    expect(outcomes.get("vid_2")).toEqual({ kind: "not_extracted", reason: expect.stringMatching(/no usable answer/) });
    expect(outcomes.get("vid_3")?.kind).toBe("extracted");
  });

  it("splits a cut answer until the halves fit; a single video that never fits is given up on", async () => {
    const extractor = scripted((refs, titles) =>
      refs.length > 2 || titles.includes("Talk 4")
        ? { kind: "cut", usage }
        : { kind: "answer", output: itemsFor(refs), usage },
    );
    const { outcomes } = await extractGroup(group(5), FIELDS, extractor, { outputCeiling: 8_192 });
    expect(extractor.asked.map((titles) => titles.length)).toEqual([5, 3, 2, 1, 2, 1, 1]);
    expect(outcomes.get("vid_4")).toEqual({ kind: "not_extracted", reason: expect.stringMatching(/output limit/) });
    expect([0, 1, 2, 3].every((i) => outcomes.get(`vid_${i}`)?.kind === "extracted")).toBe(true);
  });

  it("asks once more when the answer is not JSON, then gives up on the group with the reason", async () => {
    const extractor = scripted(() => ({ kind: "answer", output: "Sure!", usage }));
    const { outcomes } = await extractGroup(group(3), FIELDS, extractor, { outputCeiling: 8_192 });
    expect(extractor.asked).toHaveLength(2);
    expect(outcomes.get("vid_0")).toEqual({ kind: "not_extracted", reason: expect.stringMatching(/not JSON/) });
  });

  it("hands a call that throws to the caller, for its videos only", async () => {
    const failure = new Error("HTTP 500");
    const extractor = scripted((refs, titles) =>
      titles.includes("Talk 0") && refs.length === 1 ? failure : { kind: "blocked", reason: "SAFETY", usage },
    );
    const { outcomes } = await extractGroup(group(2), FIELDS, extractor, { outputCeiling: 8_192 });
    expect(outcomes.get("vid_0")).toEqual({ kind: "error", error: failure });
    expect(outcomes.get("vid_1")).toEqual({ kind: "not_extracted", reason: "the model declined this video (SAFETY)" });
  });

  it("makes no call when the list has no fields", async () => {
    const extractor = scripted(() => new Error("must not be called"));
    const { outcomes } = await extractGroup(group(3), [], extractor, { outputCeiling: 8_192 });
    expect(extractor.asked).toHaveLength(0);
    expect(outcomes.size).toBe(0);
  });
});
