/**
 * The Workers AI provider against a fake `AI` binding that records each `run(model, inputs)` and
 * answers the way the real binding does in JSON mode (`{ response: {...} }`, or `{ response:
 * "<text>" }` from models that return text), then the consumer with `AI_PROVIDER=workers-ai`.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DEFAULT_WORKERS_AI_MODEL, readConfig } from "../../src/env";
import { SYSTEM_PROMPT } from "../../src/providers/gemini";
import { extractFieldsWithWorkersAi } from "../../src/providers/workers-ai";
import type { Field } from "../../src/shared/schemas/fields";
import { addVideos, allVideos, createList, signUp, ytId } from "./helpers";
import { useFakeUpstream } from "./support/fake-upstream-fetch";
import { deliver, startJobWithoutSending } from "./support/jobs";
import { rejection } from "./support/upstream-error";

const MODEL = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";

const FIELDS: Field[] = [
  { key: "difficulty", label: "Difficulty", type: "enum", options: ["easy", "medium", "hard"] },
  { key: "speakers", label: "Speakers", type: "tags", description: "People who speak on screen" },
  { key: "topics", label: "Topics", type: "tags", options: ["css", "js"] },
  { key: "has_code", label: "Shows code", type: "boolean" },
  { key: "rating", label: "Rating", type: "number", description: "1 to 5" },
  { key: "summary", label: "Summary", type: "text" },
];

const INPUT = {
  title: "CSS Grid in 20 minutes",
  channelTitle: "Frontend Weekly",
  description: "Layouts with grid.\n0:00 Intro\n1:05 Areas",
  tags: ["css", "grid"],
  chapters: [
    { startSeconds: 0, title: "Intro" },
    { startSeconds: 65, title: "Areas" },
  ],
};

interface RunCall {
  model: string;
  inputs: {
    messages: { role: string; content: string }[];
    response_format: { type: string; json_schema: Record<string, unknown> };
    temperature: number;
  };
  options?: { signal?: AbortSignal };
}

/** A stand-in for the `AI` binding: records calls, answers with `answer(call)` or throws it. */
function fakeAi(answer: (call: RunCall) => unknown) {
  const calls: RunCall[] = [];
  const ai = {
    async run(model: string, inputs: RunCall["inputs"], options?: RunCall["options"]) {
      const call = { model, inputs, options };
      calls.push(call);
      return answer(call);
    },
  };
  return { ai: ai as unknown as Ai, calls };
}

const usage = { prompt_tokens: 412, completion_tokens: 38, total_tokens: 450 };
const GOOD = {
  difficulty: "Medium",
  speakers: ["Ada"],
  topics: ["css"],
  has_code: true,
  rating: 4,
  summary: "Grid layouts, areas and tracks.",
};

describe("extractFieldsWithWorkersAi request", () => {
  it("runs the model in JSON mode with a JSON Schema built from the fields and the shared prompt", async () => {
    const { ai, calls } = fakeAi(() => ({ response: GOOD, usage }));
    await extractFieldsWithWorkersAi(INPUT, FIELDS, { ai, model: MODEL });

    expect(calls).toHaveLength(1);
    const [call] = calls as [RunCall];
    expect(call.model).toBe(MODEL);
    expect(call.inputs.temperature).toBeLessThanOrEqual(0.2);
    expect(call.options?.signal).toBeInstanceOf(AbortSignal);
    expect(call.inputs.messages).toEqual([
      { role: "system", content: SYSTEM_PROMPT },
      { role: "user", content: expect.stringContaining("Title: CSS Grid in 20 minutes") },
    ]);
    const prompt = call.inputs.messages[1]?.content ?? "";
    for (const expected of ["Channel: Frontend Weekly", "1:05 Areas", "one of: easy, medium, hard", "1 to 5"]) {
      expect(prompt).toContain(expected);
    }
    expect(call.inputs.response_format).toEqual({
      type: "json_schema",
      json_schema: {
        type: "object",
        properties: {
          difficulty: { type: ["string", "null"], enum: ["easy", "medium", "hard", null], description: "Difficulty" },
          speakers: {
            type: ["array", "null"],
            items: { type: "string" },
            description: "Speakers: People who speak on screen",
          },
          topics: { type: ["array", "null"], items: { type: "string", enum: ["css", "js"] }, description: "Topics" },
          has_code: { type: ["boolean", "null"], description: "Shows code" },
          rating: { type: ["number", "null"], description: "Rating: 1 to 5" },
          summary: { type: ["string", "null"], description: "Summary" },
        },
        required: ["difficulty", "speakers", "topics", "has_code", "rating", "summary"],
        additionalProperties: false,
      },
    });
  });

  it("makes no call when the list has no fields", async () => {
    const { ai, calls } = fakeAi(() => ({ response: {} }));
    expect(await extractFieldsWithWorkersAi(INPUT, [], { ai, model: MODEL })).toEqual({ values: {}, warnings: [] });
    expect(calls).toHaveLength(0);
  });
});

describe("extractFieldsWithWorkersAi answers", () => {
  it("turns a JSON-mode object answer into values, with token usage", async () => {
    const { ai } = fakeAi(() => ({ response: GOOD, usage }));
    const result = await extractFieldsWithWorkersAi(INPUT, FIELDS, { ai, model: MODEL });
    expect(result).toEqual({
      values: { ...GOOD, difficulty: "medium" },
      warnings: [],
      usage: { promptTokens: 412, outputTokens: 38, totalTokens: 450 },
    });
  });

  it("also accepts the answer as JSON text", async () => {
    const { ai } = fakeAi(() => ({ response: ` ${JSON.stringify(GOOD)}\n` }));
    const result = await extractFieldsWithWorkersAi(INPUT, FIELDS, { ai, model: MODEL });
    expect(result.values).toEqual({ ...GOOD, difficulty: "medium" });
    expect(result.usage).toBeUndefined();
  });

  it("empties a value outside a field's options with a warning and keeps the rest", async () => {
    const { ai } = fakeAi(() => ({
      response: { ...GOOD, difficulty: "expert", topics: ["css", "rust"], rating: "four" },
    }));
    const result = await extractFieldsWithWorkersAi(INPUT, FIELDS, { ai, model: MODEL });
    expect(result.values).toMatchObject({ difficulty: null, topics: ["css"], rating: null, has_code: true });
    expect(result.warnings).toEqual([
      'Field "difficulty": "expert" is not one of easy, medium, hard; left empty',
      'Field "topics": tag "rust" is not one of the options; dropped',
      'Field "rating": "four" is not a valid number; left empty',
    ]);
  });

  it.each([
    ["text that is not JSON", { response: "Sure! Here are the fields: difficulty is easy" }],
    ["JSON that is not an object", { response: "[1, 2, 3]" }],
    ["an empty answer", { response: "" }],
    ["no response at all", {}],
  ])("treats %s as bad_ai_output (transient, retried once by the consumer)", async (_, output) => {
    const { ai } = fakeAi(() => output);
    const error = await rejection(extractFieldsWithWorkersAi(INPUT, FIELDS, { ai, model: MODEL }));
    expect(error).toMatchObject({ kind: "transient", code: "bad_ai_output" });
    expect(error.message).toMatch(/^Workers AI: /);
  });
});

describe("extractFieldsWithWorkersAi binding errors", () => {
  const throwing = (message: string) =>
    fakeAi(() => {
      throw new Error(message);
    }).ai;

  it("a capacity or network error is transient: the video is retried later", async () => {
    for (const message of ["3040: No more data centers to forward the request to", "Network connection lost."]) {
      const error = await rejection(extractFieldsWithWorkersAi(INPUT, FIELDS, { ai: throwing(message), model: MODEL }));
      expect(error.kind).toBe("transient");
      expect(error.code).toBeUndefined();
      expect(error.message).toContain(message);
    }
  });

  it.each([
    "5007: No such model @cf/nope/nope or task",
    "3042: The model name is invalid",
    "3023: Service unavailable for account",
    "3036: You have used up your daily free allocation of 10,000 neurons.",
    "5016: User has not agreed to Llama3.2 model terms",
  ])("a configuration or account error fails the job: %s", async (message) => {
    const error = await rejection(
      extractFieldsWithWorkersAi(INPUT, FIELDS, { ai: throwing(message), model: "@cf/nope/nope" }),
    );
    expect(error.kind).toBe("fatal");
    expect(error.message).toContain("@cf/nope/nope");
  });

  it.each(["AiError: Invalid input", "5004: Invalid data type for base64 input", "3006: Request is too large"])(
    "input this model will not take fails only that video: %s",
    async (message) => {
      const error = await rejection(extractFieldsWithWorkersAi(INPUT, FIELDS, { ai: throwing(message), model: MODEL }));
      expect(error.kind).toBe("permanent");
    },
  );

  it("'JSON Mode couldn't be met' is a bad answer, not an outage", async () => {
    const error = await rejection(
      extractFieldsWithWorkersAi(INPUT, FIELDS, { ai: throwing("JSON Mode couldn't be met"), model: MODEL }),
    );
    expect(error).toMatchObject({ kind: "transient", code: "bad_ai_output" });
  });

  it("a run that never settles is abandoned at the deadline as transient, and its signal aborted", async () => {
    const { ai, calls } = fakeAi(() => new Promise(() => {}));
    const error = await rejection(extractFieldsWithWorkersAi(INPUT, FIELDS, { ai, model: MODEL, timeoutMs: 20 }));
    expect(error.kind).toBe("transient");
    expect(error.message).toBe("Workers AI did not answer within 20 ms");
    expect(calls[0]?.options?.signal?.aborted).toBe(true);
  });
});

describe("configuration", () => {
  it("WORKERS_AI_MODEL picks the model, with a JSON-mode default", () => {
    const base = { ...env, AI: fakeAi(() => ({})).ai, AI_PROVIDER: "workers-ai" };
    expect(readConfig(base).ai).toMatchObject({ provider: "workers-ai", workersAiModel: DEFAULT_WORKERS_AI_MODEL });
    expect(readConfig({ ...base, WORKERS_AI_MODEL: " @cf/meta/llama-3.1-8b-instruct " }).ai.workersAiModel).toBe(
      "@cf/meta/llama-3.1-8b-instruct",
    );
  });
});

describe("consumer with AI_PROVIDER=workers-ai", () => {
  const upstream = useFakeUpstream();

  it("fills fields from the AI binding and never calls Gemini, though a Gemini key is set", async () => {
    const { token, userId } = await signUp("workers-ai");
    const list = await createList(token, {
      name: "Workers AI",
      fields: [
        { key: "level", label: "Level", type: "enum", options: ["easy", "medium", "hard"] },
        { key: "topic", label: "Topic", type: "text" },
      ],
    });
    const ids = Array.from({ length: 3 }, (_, i) => ytId(900 + i));
    await addVideos(token, list.id, ids);
    const { messages } = await startJobWithoutSending(userId, list.id);

    const { ai, calls } = fakeAi((call) => {
      const title = /^Title: (.*)$/m.exec(call.inputs.messages[1]?.content ?? "")?.[1];
      return { response: { level: "Hard", topic: `about ${title}` }, usage };
    });
    const bindings = {
      ...env,
      AI: ai,
      AI_PROVIDER: "workers-ai",
      WORKERS_AI_MODEL: "@cf/meta/llama-3.1-8b-instruct",
    };
    expect(bindings.GEMINI_API_KEY).toBeTruthy();
    const result = await deliver(messages, 1, bindings);

    expect(result.explicitAcks).toHaveLength(3);
    expect(upstream().calls.generateContent).toBe(0);
    expect(upstream().calls.videos).toBe(1);
    expect(calls).toHaveLength(3);
    expect(calls.every((call) => call.model === "@cf/meta/llama-3.1-8b-instruct")).toBe(true);
    const videos = await allVideos(token, list.id);
    expect(videos).toHaveLength(3);
    for (const video of videos) {
      expect(video.status).toBe("completed");
      expect(video.fields).toEqual({ level: "hard", topic: `about ${video.title}` });
    }
  });

  it("retries a non-JSON answer once within the delivery, like Gemini's", async () => {
    const { token, userId } = await signUp("workers-ai");
    const list = await createList(token, {
      name: "Workers AI retry",
      fields: [{ key: "topic", label: "Topic", type: "text" }],
    });
    await addVideos(token, list.id, [ytId(950)]);
    const { messages } = await startJobWithoutSending(userId, list.id);
    const { ai, calls } = fakeAi(() =>
      calls.length === 1 ? { response: "I think the topic is CSS." } : { response: '{"topic": "CSS"}' },
    );

    const result = await deliver(messages, 1, { ...env, AI: ai, AI_PROVIDER: "workers-ai" });
    expect(result.explicitAcks).toHaveLength(1);
    expect(calls).toHaveLength(2);
    expect(calls[0]?.model).toBe(DEFAULT_WORKERS_AI_MODEL);
    expect(upstream().calls.generateContent).toBe(0);
    const [video] = await allVideos(token, list.id);
    expect(video).toMatchObject({ status: "completed", fields: { topic: "CSS" }, error: null });
  });
});
