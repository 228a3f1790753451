/**
 * The one seam between extraction and an AI vendor, after karakeep's `InferenceClient`: the
 * domain builds the request (prompt, JSON Schema, output budget) and reads the answer; a vendor
 * adapter (providers/gemini.ts, providers/workers-ai.ts) only translates it to and from its
 * wire format. Failures of the call itself (HTTP errors, timeouts, quotas) are thrown by the
 * adapter; what the model said, including that it stopped early or declined, is the answer.
 */

/** A standard JSON Schema document (draft 2020-12), as `z.toJSONSchema` writes it. */
export type JsonSchema = { [key: string]: unknown };

export interface ExtractionRequest {
  system: string;
  prompt: string;
  /** The answer's shape; adapters translate it to the vendor's dialect if they must. */
  schema: JsonSchema;
  /** Output tokens the answer may use, sized to the request's videos and fields. */
  maxOutputTokens: number;
  /** A rough count of the request's input tokens, for pacing before the real count is known. */
  estimatedInputTokens: number;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  /** Billed like output, reported apart by models that think before answering. */
  thinkingTokens: number;
}

export type ExtractionAnswer =
  /** `output` is the parsed JSON when the vendor parsed it, else the model's text. */
  | { kind: "answer"; output: unknown; usage: TokenUsage }
  /** The answer stopped at the output limit: whatever came back is incomplete. */
  | { kind: "cut"; usage: TokenUsage }
  /** The model declined the prompt or stopped for a safety or recitation reason. */
  | { kind: "blocked"; reason: string; usage: TokenUsage };

export interface Extractor {
  extract(request: ExtractionRequest): Promise<ExtractionAnswer>;
}
