/**
 * A Workers AI text-generation model through the `AI` binding as an `Extractor`, in JSON mode:
 * `ai.run(model, { messages, response_format: { type: "json_schema", json_schema }, max_tokens })`
 * (https://developers.cloudflare.com/workers-ai/features/json-mode/). `max_tokens` is the output
 * budget the domain sized to the call (the binding's default of 256 cuts answers for a few text
 * fields). Binding errors become UpstreamErrors (see upstream-error.ts).
 */
import type { ExtractionAnswer, ExtractionRequest, Extractor, TokenUsage } from "../domain/extraction/extractor";
import { UpstreamError } from "./upstream-error";

export interface WorkersAiOptions {
  ai: Ai;
  model: string;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const SERVICE = "Workers AI";
// Extraction wants the most likely reading, not variety.
const TEMPERATURE = 0.1;
// Error codes (docs: workers-ai/platform/errors). A model that cannot take a JSON Schema (5025)
// or this account (no such model 5007, invalid id 3042, not allowed 5018/3041, terms 5016,
// account blocked 3023, deprecated SDK 5019) fails every video alike, so it fails the job.
const JSON_SCHEMA_UNSUPPORTED = /\b5025\b|(doesn'?t|does not) support json schema/i;
const FATAL_CODES = /\b(5007|3042|5018|3041|5016|3023|5019)\b/;
const FATAL_TEXT =
  /no such model|invalid model|model not found|not allowed to access|agreed to .* terms|service unavailable for account/i;
// The account's daily free allocation of neurons (3036) comes back at 00:00 UTC.
const DAILY_ALLOCATION = /\b3036\b|daily free allocation/i;
// Out of capacity (3040) or rate limited: slow down, nothing is wrong with the request.
const THROTTLED = /\b3040\b|\b429\b|rate limit|too many requests|capacity/i;
// Input this model will not take for this call: invalid data (5004), LoRA unsupported (5005),
// bad input (5006), incomplete request (3003), request too large (3006).
const PERMANENT_CODES = /\b(5004|5005|5006|3003|3006)\b/;
const PERMANENT_TEXT = /invalid (input|data)|too large|bad input/i;
// Returned when constrained decoding could not satisfy the schema: a bad answer, not an outage.
const JSON_MODE_FAILED = /json mode couldn'?t be met/i;

/** What text generation returns: `response` is an object in JSON mode, text otherwise; some models answer OpenAI-style. */
interface RunOutput {
  response?: unknown;
  choices?: { message?: { content?: unknown }; finish_reason?: string }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number };
}

export function workersAiExtractor(opts: WorkersAiOptions): Extractor {
  return {
    async extract(request: ExtractionRequest): Promise<ExtractionAnswer> {
      const inputs = {
        messages: [
          { role: "system", content: request.system },
          { role: "user", content: request.prompt },
        ],
        response_format: { type: "json_schema", json_schema: request.schema },
        max_tokens: request.maxOutputTokens,
        temperature: TEMPERATURE,
      };
      let output: RunOutput;
      try {
        output = ((await runWithDeadline(opts, inputs)) ?? {}) as RunOutput;
      } catch (error) {
        if (error instanceof Error && JSON_MODE_FAILED.test(error.message)) {
          return {
            kind: "answer",
            output: error.message,
            usage: { inputTokens: 0, outputTokens: 0, thinkingTokens: 0 },
          };
        }
        throw error;
      }
      const usage: TokenUsage = {
        inputTokens: output.usage?.prompt_tokens ?? 0,
        outputTokens: output.usage?.completion_tokens ?? 0,
        thinkingTokens: 0,
      };
      const choice = output.choices?.[0];
      if (choice?.finish_reason === "length") return { kind: "cut", usage };
      const answer = choice ? choice.message?.content : output.response;
      if (typeof answer === "string" && usage.outputTokens >= request.maxOutputTokens && !parses(answer)) {
        return { kind: "cut", usage };
      }
      return { kind: "answer", output: answer ?? "", usage };
    },
  };
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
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
    if (error instanceof Error && JSON_MODE_FAILED.test(error.message)) throw error;
    throw bindingError(error, opts.model);
  } finally {
    clearTimeout(timer);
  }
}

/** Classifies what the binding threw; anything unrecognised is worth another try later. */
function bindingError(error: unknown, model: string): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (JSON_SCHEMA_UNSUPPORTED.test(message)) {
    return new UpstreamError(
      "fatal",
      `${SERVICE} model "${model}" does not support JSON Schema output: set WORKERS_AI_MODEL to a model listed under JSON mode (${message})`,
      { cause: error },
    );
  }
  if (FATAL_CODES.test(message) || FATAL_TEXT.test(message)) {
    return new UpstreamError(
      "fatal",
      `${SERVICE} cannot run model "${model}" for this account: ${message} (check WORKERS_AI_MODEL)`,
      { cause: error },
    );
  }
  if (DAILY_ALLOCATION.test(message)) {
    return new UpstreamError("quota", `${SERVICE} daily allocation is used up: ${message}`, {
      quotaResets: "midnight-utc",
      cause: error,
    });
  }
  if (THROTTLED.test(message)) {
    return new UpstreamError("throttled", `${SERVICE} is rate limiting requests: ${message}`, { cause: error });
  }
  if (PERMANENT_CODES.test(message) || PERMANENT_TEXT.test(message)) {
    return new UpstreamError("permanent", `${SERVICE} refused the request for model "${model}": ${message}`, {
      cause: error,
    });
  }
  return new UpstreamError("transient", `${SERVICE} failed; will retry: ${message}`, { cause: error });
}
