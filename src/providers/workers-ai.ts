/**
 * Field extraction with a Workers AI text-generation model through the `AI` binding, in JSON
 * mode: `ai.run(model, { messages, response_format: { type: "json_schema", json_schema } })`
 * (https://developers.cloudflare.com/workers-ai/features/json-mode/). Same prompt, same result
 * shape and same error contract as the Gemini provider, so the queue treats both alike: the
 * answer is validated with `sanitizeFieldValues`, a non-JSON answer is a transient
 * `bad_ai_output`, and binding errors become UpstreamErrors (see upstream-error.ts).
 */
import { fieldsJsonSchema, sanitizeFieldValues } from "../domain/field-values";
import type { Field } from "../shared/schemas/fields";
import { buildPrompt, type ExtractionInput, type ExtractionResult, SYSTEM_PROMPT, TEMPERATURE } from "./gemini";
import { UpstreamError } from "./upstream-error";

export interface WorkersAiOptions {
  ai: Ai;
  model: string;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const SERVICE = "Workers AI";
// Workers AI error codes (docs: workers-ai/platform/errors). Configuration and account problems
// fail every video alike, so they fail the job (like a rejected key): no such model (5007),
// invalid model id (3042), account not allowed (5018, 3041), model terms not agreed (5016),
// account blocked (3023), daily allocation used (3036), deprecated SDK (5019).
const FATAL_CODES = /\b(5007|3042|5018|3041|5016|3023|3036|5019)\b/;
const FATAL_TEXT =
  /no such model|invalid model|model not found|not allowed to access|agreed to .* terms|service unavailable for account|daily free allocation/i;
// Input this model will not take for this one video: invalid data (5004), LoRA unsupported
// (5005), incomplete request (3003), request too large (3006).
const PERMANENT_CODES = /\b(5004|5005|5006|3003|3006)\b/;
const PERMANENT_TEXT = /invalid (input|data)|too large|bad input/i;
// Returned when constrained decoding could not satisfy the schema: a bad answer, not an outage.
const JSON_MODE_FAILED = /json mode couldn'?t be met/i;

/**
 * Extracts the list's fields for one video. No fields → no call. A model answer that is not a
 * JSON object throws `UpstreamError { kind: "transient", code: "bad_ai_output" }`; values of the
 * wrong type or outside a field's options are dropped individually and reported in `warnings`.
 */
export async function extractFieldsWithWorkersAi(
  input: ExtractionInput,
  fields: readonly Field[],
  opts: WorkersAiOptions,
): Promise<ExtractionResult> {
  if (fields.length === 0) return { values: {}, warnings: [] };

  const inputs = {
    messages: [
      { role: "system", content: SYSTEM_PROMPT },
      { role: "user", content: buildPrompt(input, fields) },
    ],
    response_format: { type: "json_schema", json_schema: fieldsJsonSchema(fields) },
    temperature: TEMPERATURE,
  };
  const output = await runWithDeadline(opts, inputs);
  const raw = answerObject(output);
  const usage = typeof output === "object" && output !== null ? (output as RunOutput).usage : undefined;
  return {
    ...sanitizeFieldValues(fields, raw),
    usage: usage && {
      promptTokens: usage.prompt_tokens ?? 0,
      outputTokens: usage.completion_tokens ?? 0,
      totalTokens: usage.total_tokens ?? 0,
    },
  };
}

/** What text generation returns: `response` is an object in JSON mode, text otherwise. */
interface RunOutput {
  response?: unknown;
  usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number };
}

const badOutput = (why: string) => new UpstreamError("transient", `${SERVICE}: ${why}`, { code: "bad_ai_output" });

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function answerObject(output: unknown): Record<string, unknown> {
  const response = isPlainObject(output) ? output.response : output;
  if (isPlainObject(response)) return response;
  if (typeof response !== "string" || response.trim() === "") {
    throw badOutput("the model returned no answer");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(response);
  } catch {
    throw badOutput(`the model answered with text that is not JSON: ${JSON.stringify(response.slice(0, 80))}`);
  }
  if (!isPlainObject(parsed)) throw badOutput("the model answered with JSON that is not an object");
  return parsed;
}

/**
 * `ai.run` with a deadline: a hung inference would otherwise hold the whole queue batch. The
 * signal lets the binding cancel; the race makes sure we stop waiting even if it does not.
 */
async function runWithDeadline(opts: WorkersAiOptions, inputs: Record<string, unknown>): Promise<unknown> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new UpstreamError("transient", `${SERVICE} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([opts.ai.run(opts.model, inputs, { signal: controller.signal }), deadline]);
  } catch (error) {
    throw bindingError(error, opts.model);
  } finally {
    clearTimeout(timer);
  }
}

/** Classifies what the binding threw; anything unrecognised is worth another try later. */
function bindingError(error: unknown, model: string): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (JSON_MODE_FAILED.test(message)) {
    return new UpstreamError("transient", `${SERVICE}: the model could not answer in the requested JSON shape`, {
      code: "bad_ai_output",
      cause: error,
    });
  }
  if (FATAL_CODES.test(message) || FATAL_TEXT.test(message)) {
    return new UpstreamError("fatal", `${SERVICE} cannot run model "${model}" for this account: ${message}`, {
      cause: error,
    });
  }
  if (PERMANENT_CODES.test(message) || PERMANENT_TEXT.test(message)) {
    return new UpstreamError("permanent", `${SERVICE} refused the request for model "${model}": ${message}`, {
      cause: error,
    });
  }
  return new UpstreamError("transient", `${SERVICE} failed; will retry: ${message}`, { cause: error });
}
