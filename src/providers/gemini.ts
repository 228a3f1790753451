/**
 * Gemini `models/{model}:generateContent` as an `Extractor`: wire format only. The JSON Schema
 * the domain builds is translated to the OpenAPI subset `responseSchema` takes; the answer's
 * finish reason tells a cut or declined answer from a complete one; `usageMetadata` is read in
 * full, thinking included. HTTP failures become UpstreamErrors (see upstream-error.ts).
 */
import type {
  ExtractionAnswer,
  ExtractionRequest,
  Extractor,
  JsonSchema,
  TokenUsage,
} from "../domain/extraction/extractor";
import {
  fetchWithTimeout,
  type GoogleError,
  isRetryableStatus,
  parseGoogleError,
  parseRetryAfter,
  readJson,
  UpstreamError,
} from "./upstream-error";

export interface GeminiOptions {
  apiKey: string;
  apiBase: string;
  model: string;
  fetch: typeof fetch;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const SERVICE = "Gemini API";
// Candidates that stopped for these reasons will stop the same way on a retry.
const BLOCKED_FINISH_REASONS = new Set([
  "SAFETY",
  "RECITATION",
  "BLOCKLIST",
  "PROHIBITED_CONTENT",
  "SPII",
  "IMAGE_SAFETY",
  "LANGUAGE",
]);
// What Google and resellers answer for a model that was shut down (404 NOT_FOUND, or 503 with this;
// resellers' 503 reads "no available channels for model <name>").
const MODEL_GONE_TEXT =
  /not found|no longer (available|supported)|deprecated|retired|shut ?down|discontinued|no available channels for model/i;

export type GeminiSchema = {
  type: "OBJECT" | "STRING" | "NUMBER" | "INTEGER" | "BOOLEAN" | "ARRAY";
  nullable?: boolean;
  description?: string;
  format?: "enum";
  enum?: string[];
  items?: GeminiSchema;
  properties?: Record<string, GeminiSchema>;
  required?: string[];
  propertyOrdering?: string[];
};

const GEMINI_TYPES: Record<string, GeminiSchema["type"]> = {
  object: "OBJECT",
  string: "STRING",
  number: "NUMBER",
  integer: "INTEGER",
  boolean: "BOOLEAN",
  array: "ARRAY",
};

/**
 * JSON Schema (as `z.toJSONSchema` writes it) → Gemini's OpenAPI 3.0 subset: upper-case types,
 * `nullable` instead of a `null` branch or type, enums as `format: "enum"`, and property order
 * pinned to the schema's so the ref comes first. Keywords the subset lacks are dropped.
 */
export function toGeminiSchema(node: JsonSchema): GeminiSchema {
  let source = node;
  let nullable = false;
  if (Array.isArray(node.anyOf)) {
    const branches = (node.anyOf as JsonSchema[]).filter((branch) => branch.type !== "null");
    nullable = branches.length < node.anyOf.length;
    source = { ...(branches[0] ?? {}), ...(node.description ? { description: node.description } : {}) };
  }
  let type = source.type;
  if (Array.isArray(type)) {
    nullable ||= type.includes("null");
    type = type.find((t) => t !== "null");
  }
  const out: GeminiSchema = { type: GEMINI_TYPES[String(type)] ?? "STRING" };
  if (nullable) out.nullable = true;
  if (typeof source.description === "string") out.description = source.description;
  if (Array.isArray(source.enum)) {
    out.format = "enum";
    out.enum = (source.enum as unknown[]).filter((value): value is string => typeof value === "string");
  }
  if (source.items && typeof source.items === "object") out.items = toGeminiSchema(source.items as JsonSchema);
  if (source.properties && typeof source.properties === "object") {
    const entries = Object.entries(source.properties as Record<string, JsonSchema>);
    out.properties = Object.fromEntries(entries.map(([key, child]) => [key, toGeminiSchema(child)]));
    out.propertyOrdering = entries.map(([key]) => key);
  }
  if (Array.isArray(source.required)) out.required = source.required as string[];
  return out;
}

/**
 * Thinking kept to the least each family allows (extraction is lookup, not reasoning): Gemini 3
 * takes a `thinkingLevel` (`minimal` on Flash and Flash-Lite, `low` the least on Pro); 2.5 took a
 * token `thinkingBudget` (0 turns it off on Flash, 128 is Pro's floor).
 */
export function thinkingConfigFor(model: string) {
  if (/^gemini-2\./.test(model)) return { thinkingBudget: /pro/.test(model) ? 128 : 0 };
  return { thinkingLevel: /pro/.test(model) ? "low" : "minimal" };
}

/**
 * Gemini 3 models are tuned for the default temperature (custom values are ignored or degrade
 * answers, per Google's Gemini 3 guide), so none is sent; older families take a low one.
 */
export const temperatureFor = (model: string) => (/^gemini-[12]\./.test(model) ? { temperature: 0.1 } : {});

export function geminiExtractor(opts: GeminiOptions): Extractor {
  const url = `${opts.apiBase.replace(/\/$/, "")}/v1beta/models/${encodeURIComponent(opts.model)}:generateContent`;
  return {
    async extract(request: ExtractionRequest): Promise<ExtractionAnswer> {
      const body = {
        systemInstruction: { parts: [{ text: request.system }] },
        contents: [{ role: "user", parts: [{ text: request.prompt }] }],
        generationConfig: {
          responseMimeType: "application/json",
          responseSchema: toGeminiSchema(request.schema),
          maxOutputTokens: request.maxOutputTokens,
          thinkingConfig: thinkingConfigFor(opts.model),
          ...temperatureFor(opts.model),
        },
      };
      const response = await fetchWithTimeout(
        opts.fetch,
        url,
        {
          method: "POST",
          headers: { "Content-Type": "application/json", "x-goog-api-key": opts.apiKey },
          body: JSON.stringify(body),
        },
        opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        SERVICE,
      );
      if (!response.ok) throw await geminiError(response, opts.model);
      return readAnswer((await readJson(SERVICE, response)) as GenerateContentResponse);
    },
  };
}

interface GenerateContentResponse {
  candidates?: {
    content?: { parts?: { text?: string; thought?: boolean }[] };
    finishReason?: string;
  }[];
  promptFeedback?: { blockReason?: string };
  usageMetadata?: {
    promptTokenCount?: number;
    candidatesTokenCount?: number;
    thoughtsTokenCount?: number;
    totalTokenCount?: number;
  };
}

function readAnswer(answer: GenerateContentResponse): ExtractionAnswer {
  const meta = answer.usageMetadata;
  const usage: TokenUsage = {
    inputTokens: meta?.promptTokenCount ?? 0,
    outputTokens: meta?.candidatesTokenCount ?? 0,
    thinkingTokens: meta?.thoughtsTokenCount ?? 0,
  };
  const blockReason = answer.promptFeedback?.blockReason;
  if (blockReason) return { kind: "blocked", reason: `${SERVICE} blocked the prompt: ${blockReason}`, usage };
  const candidate = answer.candidates?.[0];
  const finishReason = candidate?.finishReason;
  if (finishReason && BLOCKED_FINISH_REASONS.has(finishReason)) {
    return { kind: "blocked", reason: `${SERVICE} stopped: ${finishReason}`, usage };
  }
  if (finishReason === "MAX_TOKENS") return { kind: "cut", usage };
  // Thinking models may add thought parts; the answer is the concatenation of the others.
  const text = (candidate?.content?.parts ?? [])
    .filter((part) => !part.thought && typeof part.text === "string")
    .map((part) => part.text)
    .join("");
  return { kind: "answer", output: text, usage };
}

const isDailyQuota = (google: GoogleError | null) => google?.quotaIds.some((id) => /PerDay/i.test(id)) ?? false;

async function geminiError(response: Response, model: string): Promise<UpstreamError> {
  const status = response.status;
  let body: unknown = null;
  try {
    body = JSON.parse(await response.text());
  } catch {
    // A proxy's HTML page: decide on the status alone.
  }
  const google = parseGoogleError(body);
  const reasons = new Set(google?.reasons ?? []);
  const detail = google?.message ? `: ${google.message}` : "";
  const retryAfterSeconds = parseRetryAfter(response.headers.get("Retry-After")) ?? google?.retryDelaySeconds;
  const options = { status, retryAfterSeconds };
  const modelGone = () =>
    new UpstreamError(
      "fatal",
      `Gemini model "${model}" is not available (retired or unknown)${detail}; set GEMINI_MODEL to a current model`,
      options,
    );

  if (status === 429) {
    if (isDailyQuota(google)) {
      return new UpstreamError("quota", `Gemini API daily quota for ${model} is used up${detail}`, {
        ...options,
        quotaResets: "midnight-pacific",
      });
    }
    return new UpstreamError("throttled", `${SERVICE} is rate limiting requests (HTTP 429)${detail}`, {
      ...options,
      limits: google?.perMinuteLimits,
    });
  }
  if (status === 404 || (status === 503 && MODEL_GONE_TEXT.test(google?.message ?? ""))) return modelGone();
  if (isRetryableStatus(status)) {
    return new UpstreamError("transient", `${SERVICE} answered HTTP ${status}; will retry${detail}`, options);
  }
  if (reasons.has("API_KEY_INVALID") || /api key/i.test(google?.message ?? "") || status === 401) {
    return new UpstreamError("fatal", "Gemini API key rejected: the key is not valid (check GEMINI_API_KEY)", options);
  }
  if (status === 403) {
    return new UpstreamError(
      "fatal",
      `Gemini API key rejected${detail || " (HTTP 403)"} (check GEMINI_API_KEY)`,
      options,
    );
  }
  if (google?.status === "FAILED_PRECONDITION") {
    // E.g. the free tier is not available in the Worker's region: no video will get through.
    return new UpstreamError("fatal", `${SERVICE} cannot serve this project${detail}`, options);
  }
  if (status === 400 && /model|thinking/i.test(google?.message ?? "")) {
    // A setting this model does not take fails every call alike.
    return new UpstreamError(
      "fatal",
      `${SERVICE} rejected the request for model "${model}"${detail} (check GEMINI_MODEL)`,
      options,
    );
  }
  return new UpstreamError("permanent", `${SERVICE} refused the request (HTTP ${status})${detail}`, options);
}
