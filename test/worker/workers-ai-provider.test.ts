/**
 * The Workers AI adapter against a fake `AI` binding that records each `run(model, inputs)` and
 * answers the way the real binding does in JSON mode (`{ response: {...} }`, or `{ response:
 * "<text>" }` from models that return text), then the consumer with `AI_PROVIDER=workers-ai`.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { batchSchema } from "../../src/domain/extraction/batch-schema";
import type { ExtractionRequest } from "../../src/domain/extraction/extractor";
import { SYSTEM_PROMPT } from "../../src/domain/extraction/prompt";
import { DEFAULT_WORKERS_AI_MODEL, readConfig } from "../../src/env";
import { workersAiExtractor } from "../../src/providers/workers-ai";
import type { Field } from "../../src/shared/schemas/fields";
import { addVideos, allVideos, callJson, createList, signUp, ytId } from "./helpers";
import { useFakeUpstream } from "./support/fake-upstream-fetch";
import { deliver, startJobWithoutSending } from "./support/jobs";
import { rejection } from "./support/upstream-error";

const MODEL = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";

const FIELDS: Field[] = [
  { key: "difficulty", label: "Difficulty", type: "enum", options: ["easy", "medium", "hard"] },
  { key: "topics", label: "Topics", type: "tags", options: ["css", "js"] },
  { key: "summary", label: "Summary", type: "text" },
];

const REQUEST: ExtractionRequest = {
  system: SYSTEM_PROMPT,
  prompt: "### v1\nTitle: CSS Grid in 20 minutes",
  schema: batchSchema(FIELDS, ["v1"]),
  maxOutputTokens: 900,
  estimatedInputTokens: 30,
};

interface RunCall {
  model: string;
  inputs: {
    messages: { role: string; content: string }[];
    response_format: { type: string; json_schema: Record<string, unknown> };
    max_tokens: number;
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
const ANSWER = { videos: [{ _ref: "v1", difficulty: "medium", topics: ["css"], summary: "Grid layouts." }] };
const extract = (ai: Ai, request = REQUEST, model = MODEL) => workersAiExtractor({ ai, model }).extract(request);

describe("the request", () => {
  it("runs the model in JSON mode with the domain's JSON Schema, system and prompt, and max_tokens sized to the call", async () => {
    const { ai, calls } = fakeAi(() => ({ response: ANSWER, usage }));
    await extract(ai);
    expect(calls).toHaveLength(1);
    const [call] = calls as [RunCall];
    expect(call.model).toBe(MODEL);
    expect(call.inputs.messages).toEqual([
      { role: "system", content: SYSTEM_PROMPT },
      { role: "user", content: REQUEST.prompt },
    ]);
    expect(call.inputs.response_format).toEqual({ type: "json_schema", json_schema: REQUEST.schema });
    expect(call.inputs.max_tokens).toBe(900);
    expect(call.inputs.temperature).toBeLessThanOrEqual(0.2);
    expect(call.options?.signal).toBeInstanceOf(AbortSignal);
  });

  it("sends standard JSON Schema as zod writes it, with the per-field schema once in the item", () => {
    const schema = REQUEST.schema as any;
    expect(schema).not.toHaveProperty("$schema");
    expect(schema.properties.videos.items.required).toEqual(["_ref", "difficulty", "topics", "summary"]);
    expect(schema.properties.videos.items.properties.difficulty).toEqual({
      anyOf: [{ type: "string", enum: ["easy", "medium", "hard"] }, { type: "null" }],
      description: "Difficulty",
    });
    expect(schema.properties.videos.items.additionalProperties).toBe(false);
  });
});

describe("the answer", () => {
  it("is the JSON-mode object, with token usage", async () => {
    const { ai } = fakeAi(() => ({ response: ANSWER, usage }));
    expect(await extract(ai)).toEqual({
      kind: "answer",
      output: ANSWER,
      usage: { inputTokens: 412, outputTokens: 38, thinkingTokens: 0 },
    });
  });

  it("or the model's text, for models that answer text", async () => {
    const { ai } = fakeAi(() => ({ response: ` ${JSON.stringify(ANSWER)}\n` }));
    expect(await extract(ai)).toMatchObject({ kind: "answer", output: ` ${JSON.stringify(ANSWER)}\n` });
  });

  it("says an answer that ran into max_tokens was cut", async () => {
    const { ai } = fakeAi(() => ({ response: '{"videos": [{"_ref": "v1", "summ', usage: { completion_tokens: 900 } }));
    expect(await extract(ai)).toMatchObject({ kind: "cut" });
  });

  it("reads OpenAI-style answers too, finish_reason length included", async () => {
    const { ai } = fakeAi(() => ({ choices: [{ message: { content: "{" }, finish_reason: "length" }], usage }));
    expect(await extract(ai)).toMatchObject({ kind: "cut" });
  });

  it("'JSON Mode couldn't be met' is an answer that is not the JSON asked for, not an outage", async () => {
    const { ai } = fakeAi(() => {
      throw new Error("JSON Mode couldn't be met");
    });
    expect(await extract(ai)).toMatchObject({ kind: "answer", output: "JSON Mode couldn't be met" });
  });
});

describe("binding errors", () => {
  const throwing = (message: string) =>
    fakeAi(() => {
      throw new Error(message);
    }).ai;

  it("a network error is transient: the video is retried later", async () => {
    const error = await rejection(extract(throwing("Network connection lost.")));
    expect(error.kind).toBe("transient");
    expect(error.message).toContain("Network connection lost.");
  });

  it("out of capacity is a throttle", async () => {
    const error = await rejection(extract(throwing("3040: No more data centers to forward the request to")));
    expect(error.kind).toBe("throttled");
  });

  it("the daily free allocation used up is a quota that comes back at midnight UTC", async () => {
    const error = await rejection(
      extract(throwing("3036: You have used up your daily free allocation of 10,000 neurons.")),
    );
    expect(error).toMatchObject({ kind: "quota", quotaResets: "midnight-utc" });
  });

  it("5025, a model that cannot take a JSON Schema, fails the job naming WORKERS_AI_MODEL", async () => {
    const error = await rejection(
      extract(throwing("5025: This model doesn't support JSON Schema"), REQUEST, "@cf/some/chat-model"),
    );
    expect(error.kind).toBe("fatal");
    expect(error.message).toContain("@cf/some/chat-model");
    expect(error.message).toContain("WORKERS_AI_MODEL");
  });

  it.each([
    "5007: No such model @cf/nope/nope or task",
    "3042: The model name is invalid",
    "3023: Service unavailable for account",
    "5016: User has not agreed to Llama3.2 model terms",
  ])("a configuration or account error fails the job: %s", async (message) => {
    const error = await rejection(extract(throwing(message), REQUEST, "@cf/nope/nope"));
    expect(error.kind).toBe("fatal");
    expect(error.message).toContain("@cf/nope/nope");
  });

  it.each(["AiError: Invalid input", "5004: Invalid data type for base64 input", "3006: Request is too large"])(
    "input this model will not take fails only that call's videos: %s",
    async (message) => {
      expect((await rejection(extract(throwing(message)))).kind).toBe("permanent");
    },
  );

  it("a run that never settles is abandoned at the deadline as transient, and its signal aborted", async () => {
    const { ai, calls } = fakeAi(() => new Promise(() => {}));
    const error = await rejection(workersAiExtractor({ ai, model: MODEL, timeoutMs: 20 }).extract(REQUEST));
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
      const prompt = call.inputs.messages[1]?.content ?? "";
      const videos = [...prompt.matchAll(/^### (\S+)\nTitle: (.*)$/gm)].map(([, ref, title]) => ({
        _ref: ref,
        level: "Hard",
        topic: `about ${title}`,
      }));
      return { response: { videos }, usage };
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
    // One call for the three videos of the list.
    expect(calls).toHaveLength(1);
    expect(calls[0]?.model).toBe("@cf/meta/llama-3.1-8b-instruct");
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
      calls.length === 1
        ? { response: "I think the topic is CSS." }
        : { response: '{"videos": [{"_ref": "v1", "topic": "CSS"}]}' },
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

describe("consumer with a Workers AI model that cannot take a JSON Schema", () => {
  useFakeUpstream();

  it("fails the job at once (5025), naming WORKERS_AI_MODEL, after one call; its videos are pending again", async () => {
    const { token, userId } = await signUp("workers-ai");
    const list = await createList(token, {
      name: "No schema",
      fields: [{ key: "topic", label: "Topic", type: "text" }],
    });
    await addVideos(token, list.id, [ytId(960), ytId(961), ytId(962)]);
    const { job, messages } = await startJobWithoutSending(userId, list.id);
    const { ai, calls } = fakeAi(() => {
      throw new Error("5025: This model doesn't support JSON Schema");
    });
    const bindings = { ...env, AI: ai, AI_PROVIDER: "workers-ai", WORKERS_AI_MODEL: "@cf/some/chat-model" };
    const result = await deliver(messages, 1, bindings);
    expect(result.retryMessages).toHaveLength(0);
    expect(calls).toHaveLength(1);
    const failed = await callJson(`/api/jobs/${job.id}`, { token, expect: 200 });
    expect(failed.status).toBe("failed");
    expect(failed.errorMessage).toMatch(/WORKERS_AI_MODEL/);
    expect((await allVideos(token, list.id)).map((video) => video.status)).toEqual(["pending", "pending", "pending"]);
  });
});
