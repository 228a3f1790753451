import { describe, expect, it } from "vitest";
import { DESCRIPTION_LIMIT, extractFields } from "../../src/providers/gemini";
import type { Field } from "../../src/shared/schemas/fields";
import keyInvalid from "../fixtures/gemini/error-key-invalid.json";
import resourceExhausted from "../fixtures/gemini/error-resource-exhausted.json";
import generateContent from "../fixtures/gemini/generate-content.json";
import { rejection } from "./support/upstream-error";

const API_BASE = "https://generativelanguage.googleapis.com";
const MODEL = "gemini-2.5-flash";
const KEY = "AIzaSyGeminiTestKey";

const FIELDS: Field[] = [
  { key: "difficulty", label: "Difficulty", type: "enum", options: ["easy", "medium", "hard"] },
  { key: "speakers", label: "Speakers", type: "tags", description: "People who speak on screen" },
  { key: "has_code", label: "Shows code", type: "boolean" },
  { key: "rating", label: "Rating", type: "number", description: "1 to 5" },
  { key: "summary", label: "Summary", type: "text" },
];

const INPUT = {
  title: "Rick Astley - Never Gonna Give You Up",
  channelTitle: "Rick Astley",
  description: "The official video.\n0:00 Intro\n0:18 Verse 1\n1:00 Chorus",
  tags: ["rick astley", "rickroll"],
  chapters: [
    { startSeconds: 0, title: "Intro" },
    { startSeconds: 18, title: "Verse 1" },
    { startSeconds: 60, title: "Chorus" },
  ],
};

interface Call {
  url: string;
  headers: Headers;
  body: {
    contents: { parts: { text: string }[] }[];
    generationConfig: { temperature: number; responseMimeType: string; responseSchema: Record<string, unknown> };
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

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

/** generateContent's real envelope around a given model text. */
const modelAnswer = (text: string) =>
  json({
    ...generateContent,
    candidates: [{ ...generateContent.candidates[0], content: { parts: [{ text }], role: "model" } }],
  });

const opts = (fetchFn: typeof fetch) => ({ apiKey: KEY, apiBase: API_BASE, model: MODEL, fetch: fetchFn });

describe("extractFields request", () => {
  it("posts to models/{model}:generateContent with the key header and a JSON-mode schema built from the fields", async () => {
    const { fn, calls } = stubFetch(() => json(generateContent));
    await extractFields(INPUT, FIELDS, opts(fn));

    expect(calls).toHaveLength(1);
    const [call] = calls as [Call];
    expect(call.url).toBe(`${API_BASE}/v1beta/models/${MODEL}:generateContent`);
    expect(call.headers.get("x-goog-api-key")).toBe(KEY);
    expect(call.url).not.toContain(KEY);
    expect(call.body.generationConfig.temperature).toBeLessThanOrEqual(0.2);
    expect(call.body.generationConfig.responseMimeType).toBe("application/json");
    expect(call.body.generationConfig.responseSchema).toEqual({
      type: "OBJECT",
      properties: {
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
        has_code: { type: "BOOLEAN", nullable: true, description: "Shows code" },
        rating: { type: "NUMBER", nullable: true, description: "Rating: 1 to 5" },
        summary: { type: "STRING", nullable: true, description: "Summary" },
      },
      required: ["difficulty", "speakers", "has_code", "rating", "summary"],
      propertyOrdering: ["difficulty", "speakers", "has_code", "rating", "summary"],
    });
  });

  it("restricts tag items to the options when the field has options", async () => {
    const { fn, calls } = stubFetch(() => modelAnswer('{"topics": ["css"]}'));
    const topics: Field = { key: "topics", label: "Topics", type: "tags", options: ["css", "js"] };
    await extractFields(INPUT, [topics], opts(fn));
    const properties = calls[0]?.body.generationConfig.responseSchema.properties as Record<string, unknown>;
    expect(properties.topics).toMatchObject({ type: "ARRAY", items: { type: "STRING", enum: ["css", "js"] } });
  });

  it("puts title, channel, tags, chapters and every field's label into the prompt", async () => {
    const { fn, calls } = stubFetch(() => json(generateContent));
    await extractFields(INPUT, FIELDS, opts(fn));
    const prompt = calls[0]?.body.contents[0]?.parts[0]?.text ?? "";
    for (const expected of [
      "Rick Astley - Never Gonna Give You Up",
      "Channel: Rick Astley",
      "rick astley, rickroll",
      "0:18 Verse 1",
      "Difficulty",
      "People who speak on screen",
      "one of: easy, medium, hard",
    ]) {
      expect(prompt).toContain(expected);
    }
  });

  it("truncates a long description to the bound", async () => {
    const { fn, calls } = stubFetch(() => json(generateContent));
    const description = `${"a".repeat(DESCRIPTION_LIMIT)}TAIL-THAT-MUST-NOT-BE-SENT`;
    await extractFields({ ...INPUT, description }, FIELDS, opts(fn));
    const prompt = calls[0]?.body.contents[0]?.parts[0]?.text ?? "";
    expect(prompt).toContain("a".repeat(DESCRIPTION_LIMIT));
    expect(prompt).not.toContain("TAIL-THAT-MUST-NOT-BE-SENT");
    expect(prompt.length).toBeLessThan(DESCRIPTION_LIMIT + 2_000);
  });

  it("makes no call when the list has no fields", async () => {
    const { fn, calls } = stubFetch(() => json(generateContent));
    expect(await extractFields(INPUT, [], opts(fn))).toEqual({ values: {}, warnings: [] });
    expect(calls).toHaveLength(0);
  });
});

describe("extractFields answer", () => {
  it("returns the model's values when they fit the fields, with token usage", async () => {
    const { fn } = stubFetch(() => json(generateContent));
    const result = await extractFields(INPUT, FIELDS, opts(fn));
    expect(result.values).toEqual({
      difficulty: "medium",
      speakers: ["Rick Astley"],
      has_code: false,
      rating: 4.5,
      summary: "The official music video.",
    });
    expect(result.warnings).toEqual([]);
    expect(result.usage).toEqual({ promptTokens: 412, outputTokens: 38, totalTokens: 611 });
  });

  it("empties an enum value outside the options and says so, keeping the other fields", async () => {
    const { fn } = stubFetch(() =>
      modelAnswer('{"difficulty": "expert", "speakers": ["Ada"], "has_code": true, "rating": 3, "summary": "x"}'),
    );
    const result = await extractFields(INPUT, FIELDS, opts(fn));
    expect(result.values.difficulty).toBeNull();
    expect(result.values.speakers).toEqual(["Ada"]);
    expect(result.values.has_code).toBe(true);
    expect(result.warnings).toEqual([expect.stringMatching(/difficulty.*"expert".*easy, medium, hard/)]);
  });

  it("repairs small slips: a number as a string, an enum in another case; missing keys become null", async () => {
    const { fn } = stubFetch(() => modelAnswer('{"difficulty": "Hard", "rating": "3"}'));
    const result = await extractFields(INPUT, FIELDS, opts(fn));
    expect(result.values).toEqual({ difficulty: "hard", speakers: null, has_code: null, rating: 3, summary: null });
    expect(result.warnings).toEqual([]);
  });

  it("drops tags outside the options one by one and keeps the rest", async () => {
    const topics: Field = { key: "topics", label: "Topics", type: "tags", options: ["css", "js", "wasm"] };
    const { fn } = stubFetch(() => modelAnswer('{"topics": ["css", "cobol", "JS", 7]}'));
    const result = await extractFields(INPUT, [topics], opts(fn));
    expect(result.values.topics).toEqual(["css", "js"]);
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings[0]).toMatch(/topics.*"cobol"/);
  });

  it("throws the documented bad_ai_output error when the model's text is not JSON", async () => {
    const { fn } = stubFetch(() => modelAnswer("Sure! Here are the fields: difficulty is medium."));
    const error = await rejection(extractFields(INPUT, FIELDS, opts(fn)));
    expect(error.kind).toBe("transient");
    expect(error.code).toBe("bad_ai_output");
  });

  it("treats an answer cut off at MAX_TOKENS as bad output too", async () => {
    const { fn } = stubFetch(() =>
      json({
        candidates: [
          { content: { parts: [{ text: '{"difficulty": "med' }], role: "model" }, finishReason: "MAX_TOKENS" },
        ],
      }),
    );
    const error = await rejection(extractFields(INPUT, FIELDS, opts(fn)));
    expect(error.code).toBe("bad_ai_output");
  });

  it("fails only this video when the prompt is blocked", async () => {
    const { fn } = stubFetch(() => json({ promptFeedback: { blockReason: "SAFETY" } }));
    const error = await rejection(extractFields(INPUT, FIELDS, opts(fn)));
    expect(error.kind).toBe("permanent");
    expect(error.code).toBe("ai_blocked");
  });
});

describe("extractFields errors", () => {
  it("retries later on 429 RESOURCE_EXHAUSTED, using the RetryInfo delay", async () => {
    const { fn } = stubFetch(() => json(resourceExhausted, 429));
    const error = await rejection(extractFields(INPUT, FIELDS, opts(fn)));
    expect(error.kind).toBe("transient");
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBe(26);
  });

  it("retries later on 503", async () => {
    const { fn } = stubFetch(() =>
      json(
        { error: { code: 503, message: "The model is overloaded. Please try again later.", status: "UNAVAILABLE" } },
        503,
      ),
    );
    const error = await rejection(extractFields(INPUT, FIELDS, opts(fn)));
    expect(error.kind).toBe("transient");
  });

  it("fails the job on 400 API_KEY_INVALID without echoing the key", async () => {
    const { fn } = stubFetch(() => json(keyInvalid, 400));
    const error = await rejection(extractFields(INPUT, FIELDS, opts(fn)));
    expect(error.kind).toBe("fatal");
    expect(error.message).toMatch(/Gemini API key rejected/);
    expect(error.message).not.toContain(KEY);
  });

  it("fails the job on 403 PERMISSION_DENIED", async () => {
    const { fn } = stubFetch(() =>
      json({ error: { code: 403, message: "Your API key was reported as leaked.", status: "PERMISSION_DENIED" } }, 403),
    );
    const error = await rejection(extractFields(INPUT, FIELDS, opts(fn)));
    expect(error.kind).toBe("fatal");
  });

  it("fails the job when the configured model does not exist", async () => {
    const { fn } = stubFetch(() =>
      json({ error: { code: 404, message: "models/gemini-9 is not found", status: "NOT_FOUND" } }, 404),
    );
    const error = await rejection(extractFields(INPUT, FIELDS, opts(fn)));
    expect(error.kind).toBe("fatal");
    expect(error.message).toMatch(/GEMINI_MODEL/);
  });
});
