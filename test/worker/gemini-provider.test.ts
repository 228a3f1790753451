/**
 * The Gemini adapter against recorded generateContent answers: the request it sends (schema in
 * Gemini's subset, output limit, minimal thinking, no temperature for Gemini 3), how it reads an
 * answer (thought parts skipped, usage read in full, cut and declined answers told apart), and
 * how it classifies errors (per-minute and per-day quotas, retired models, rejected keys).
 */
import { describe, expect, it } from "vitest";
import { batchSchema } from "../../src/domain/extraction/batch-schema";
import type { ExtractionRequest } from "../../src/domain/extraction/extractor";
import { DEFAULT_GEMINI_MODEL } from "../../src/env";
import { geminiExtractor, thinkingConfigFor, toGeminiSchema } from "../../src/providers/gemini";
import type { Field } from "../../src/shared/schemas/fields";
import keyInvalid from "../fixtures/gemini/error-key-invalid.json";
import resourceExhausted from "../fixtures/gemini/error-resource-exhausted.json";
import generateContent from "../fixtures/gemini/generate-content.json";
import { geminiQuotaBody, modelNotFoundBody } from "../support/fake-upstream-data";
import { rejection } from "./support/upstream-error";

const API_BASE = "https://generativelanguage.googleapis.com";
const MODEL = DEFAULT_GEMINI_MODEL;
const KEY = "AIzaSyGeminiTestKey";

const FIELDS: Field[] = [
  { key: "difficulty", label: "Difficulty", type: "enum", options: ["easy", "medium", "hard"] },
  { key: "speakers", label: "Speakers", type: "tags", description: "People who speak on screen" },
  { key: "topics", label: "Topics", type: "tags", options: ["css", "js"] },
  { key: "has_code", label: "Shows code", type: "boolean" },
  { key: "rating", label: "Rating", type: "number", description: "1 to 5" },
  { key: "summary", label: "Summary", type: "text" },
];

const REQUEST: ExtractionRequest = {
  system: "You fill in fields.",
  prompt: "### v1\nTitle: Rick Astley - Never Gonna Give You Up",
  schema: batchSchema(FIELDS, ["v1", "v2"]),
  maxOutputTokens: 1_234,
  estimatedInputTokens: 20,
};

interface Call {
  url: string;
  headers: Headers;
  body: {
    systemInstruction: { parts: { text: string }[] };
    contents: { parts: { text: string }[] }[];
    generationConfig: Record<string, unknown>;
  };
}

/** Records the request and answers like generateContent would. */
function stubFetch(respond: () => Response) {
  const calls: Call[] = [];
  const fn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), headers: new Headers(init?.headers), body: JSON.parse(String(init?.body)) });
    return respond();
  }) as typeof fetch;
  return { fn, calls };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

const candidate = (parts: { text: string; thought?: boolean }[], finishReason = "STOP") =>
  json({ ...generateContent, candidates: [{ content: { parts, role: "model" }, finishReason, index: 0 }] });

const extractor = (fetchFn: typeof fetch, model = MODEL) =>
  geminiExtractor({ apiKey: KEY, apiBase: API_BASE, model, fetch: fetchFn });

describe("the request", () => {
  it("posts system and prompt to models/{model}:generateContent with the key in a header, never the URL", async () => {
    const { fn, calls } = stubFetch(() => json(generateContent));
    await extractor(fn).extract(REQUEST);
    expect(calls).toHaveLength(1);
    const [call] = calls as [Call];
    expect(call.url).toBe(`${API_BASE}/v1beta/models/${MODEL}:generateContent`);
    expect(call.headers.get("x-goog-api-key")).toBe(KEY);
    expect(call.url).not.toContain(KEY);
    expect(call.body.systemInstruction.parts[0]?.text).toBe(REQUEST.system);
    expect(call.body.contents[0]?.parts[0]?.text).toBe(REQUEST.prompt);
  });

  it("asks for JSON in the schema's Gemini subset, within the output limit, thinking minimal, at the default temperature", async () => {
    const { fn, calls } = stubFetch(() => json(generateContent));
    await extractor(fn).extract(REQUEST);
    const config = calls[0]?.body.generationConfig ?? {};
    expect(config).toEqual({
      responseMimeType: "application/json",
      responseSchema: toGeminiSchema(REQUEST.schema),
      maxOutputTokens: 1_234,
      thinkingConfig: { thinkingLevel: "minimal" },
    });
    expect(config).not.toHaveProperty("temperature");
  });

  it("derives the subset from the JSON Schema: nullable instead of null branches, enums, order pinned, ref first", () => {
    const schema = toGeminiSchema(REQUEST.schema);
    expect(schema.required).toEqual(["videos"]);
    const item = schema.properties?.videos?.items;
    expect(schema.properties?.videos?.type).toBe("ARRAY");
    expect(item?.propertyOrdering).toEqual([
      "_ref",
      "difficulty",
      "speakers",
      "topics",
      "has_code",
      "rating",
      "summary",
    ]);
    expect(item?.required).toEqual(item?.propertyOrdering);
    expect(item?.properties).toEqual({
      _ref: { type: "STRING", format: "enum", enum: ["v1", "v2"], description: expect.any(String) },
      difficulty: {
        type: "STRING",
        format: "enum",
        enum: ["easy", "medium", "hard"],
        nullable: true,
        description: "Difficulty",
      },
      speakers: {
        type: "ARRAY",
        items: { type: "STRING" },
        nullable: true,
        description: "Speakers: People who speak on screen",
      },
      topics: {
        type: "ARRAY",
        items: { type: "STRING", format: "enum", enum: ["css", "js"] },
        nullable: true,
        description: "Topics",
      },
      has_code: { type: "BOOLEAN", nullable: true, description: "Shows code" },
      rating: { type: "NUMBER", nullable: true, description: "Rating: 1 to 5" },
      summary: { type: "STRING", nullable: true, description: "Summary" },
    });
  });

  it("keeps thinking at each family's floor", () => {
    expect(thinkingConfigFor("gemini-3.5-flash-lite")).toEqual({ thinkingLevel: "minimal" });
    expect(thinkingConfigFor("gemini-3.1-pro")).toEqual({ thinkingLevel: "low" });
    expect(thinkingConfigFor("gemini-2.5-flash-lite")).toEqual({ thinkingBudget: 0 });
    expect(thinkingConfigFor("gemini-2.5-pro")).toEqual({ thinkingBudget: 128 });
  });

  it("sends a low temperature only to the older families that take one", async () => {
    const { fn, calls } = stubFetch(() => json(generateContent));
    await extractor(fn, "gemini-2.5-flash-lite").extract(REQUEST);
    expect(calls[0]?.body.generationConfig).toMatchObject({ temperature: 0.1, thinkingConfig: { thinkingBudget: 0 } });
  });
});

describe("the answer", () => {
  it("is the model's text, with prompt, output and thinking tokens read from usageMetadata", async () => {
    const { fn } = stubFetch(() => json(generateContent));
    expect(await extractor(fn).extract(REQUEST)).toEqual({
      kind: "answer",
      output: generateContent.candidates[0]?.content.parts[0]?.text,
      usage: { inputTokens: 412, outputTokens: 38, thinkingTokens: 161 },
    });
  });

  it("skips thought parts", async () => {
    const { fn } = stubFetch(() => candidate([{ text: "Let me think", thought: true }, { text: '{"videos": []}' }]));
    expect(await extractor(fn).extract(REQUEST)).toMatchObject({ kind: "answer", output: '{"videos": []}' });
  });

  it("says an answer stopped at MAX_TOKENS was cut", async () => {
    const { fn } = stubFetch(() => candidate([{ text: '{"videos": [{"_ref": "v1", "diffi' }], "MAX_TOKENS"));
    expect(await extractor(fn).extract(REQUEST)).toMatchObject({ kind: "cut" });
  });

  it.each([
    ["a SAFETY stop", () => json({ candidates: [{ finishReason: "SAFETY", index: 0 }] }), /SAFETY/],
    ["a RECITATION stop", () => json({ candidates: [{ finishReason: "RECITATION", index: 0 }] }), /RECITATION/],
    ["a blocked prompt", () => json({ promptFeedback: { blockReason: "PROHIBITED_CONTENT" } }), /PROHIBITED_CONTENT/],
  ])("says %s was declined, with the reason", async (_, answer, reason) => {
    const { fn } = stubFetch(answer);
    const result = await extractor(fn).extract(REQUEST);
    expect(result.kind).toBe("blocked");
    expect(result.kind === "blocked" && result.reason).toMatch(reason);
  });
});

describe("errors", () => {
  it("a per-minute 429 (QuotaFailure per minute, RetryInfo, no Retry-After) is a throttle with the RetryInfo delay", async () => {
    const { fn } = stubFetch(() => json(resourceExhausted, 429));
    const error = await rejection(extractor(fn).extract(REQUEST));
    expect(error).toMatchObject({ kind: "throttled", status: 429, retryAfterSeconds: 26 });
    // The violation's quotaValue is the limit passed, which the governor paces to from then on.
    expect(error.limits).toEqual({ perMinute: 10 });
  });

  it("a per-day 429 (QuotaFailure per day) is a quota that comes back at midnight Pacific", async () => {
    const { fn } = stubFetch(() => json(geminiQuotaBody(MODEL, "day", 30_000, 20), 429));
    const error = await rejection(extractor(fn).extract(REQUEST));
    expect(error).toMatchObject({ kind: "quota", quotaResets: "midnight-pacific" });
    expect(error.message).toMatch(/daily quota/);
  });

  it("a 503 for an overloaded model is transient", async () => {
    const { fn } = stubFetch(() =>
      json(
        { error: { code: 503, message: "The model is overloaded. Please try again later.", status: "UNAVAILABLE" } },
        503,
      ),
    );
    expect((await rejection(extractor(fn).extract(REQUEST))).kind).toBe("transient");
  });

  it.each([
    ["404 NOT_FOUND", () => json(modelNotFoundBody("gemini-2.5-flash"), 404)],
    [
      "503 for a withdrawn model",
      () => json({ error: { code: 503, message: "This model is no longer available.", status: "UNAVAILABLE" } }, 503),
    ],
    [
      "a reseller's 503 for a withdrawn model",
      () =>
        json(
          {
            error: { code: 503, message: "no available channels for model gemini-2.5-flash", status: "UNAVAILABLE" },
          },
          503,
        ),
    ],
  ])("a retired model (%s) fails the job with a message naming GEMINI_MODEL", async (_, answer) => {
    const { fn } = stubFetch(answer);
    const error = await rejection(extractor(fn, "gemini-2.5-flash").extract(REQUEST));
    expect(error.kind).toBe("fatal");
    expect(error.message).toMatch(/gemini-2\.5-flash/);
    expect(error.message).toMatch(/GEMINI_MODEL/);
  });

  it("fails the job on 400 API_KEY_INVALID without echoing the key", async () => {
    const { fn } = stubFetch(() => json(keyInvalid, 400));
    const error = await rejection(extractor(fn).extract(REQUEST));
    expect(error.kind).toBe("fatal");
    expect(error.message).toMatch(/Gemini API key rejected/);
    expect(error.message).not.toContain(KEY);
  });

  it("fails the job on 403 PERMISSION_DENIED", async () => {
    const { fn } = stubFetch(() =>
      json({ error: { code: 403, message: "Your API key was reported as leaked.", status: "PERMISSION_DENIED" } }, 403),
    );
    expect((await rejection(extractor(fn).extract(REQUEST))).kind).toBe("fatal");
  });
});
