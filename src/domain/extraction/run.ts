/**
 * Extraction for one group: up to K videos of the same list, sent in one call, with what it takes
 * to get an answer for each video without paying for the whole group again:
 * - an item left out or malformed is asked again alone, once;
 * - an answer cut at the output limit is split in half and each half asked again;
 * - a declined answer (safety, recitation, blocked prompt) is split the same way until the one
 *   video that causes it is alone, so only that video goes without fields, with the reason;
 * - an answer that is not the JSON asked for is asked again once as it was.
 * A call that throws (HTTP error, timeout, quota) marks its videos `error` for the caller to
 * judge; everything else ends `extracted` or `not_extracted` with a sentence a person reads.
 */
import type { Field, FieldValues } from "../../shared/schemas/fields";
import { modelDeclined } from "../failures";
import { readAnswer, UnreadableAnswer } from "./answer";
import { batchSchema, refFor } from "./batch-schema";
import { outputLimitFor } from "./batch-size";
import type { Extractor, TokenUsage } from "./extractor";
import { buildPrompt, estimateTokens, SYSTEM_PROMPT, type VideoForExtraction } from "./prompt";

export type ItemOutcome =
  | { kind: "extracted"; values: FieldValues; warnings: string[] }
  | { kind: "not_extracted"; reason: string }
  | { kind: "error"; error: unknown };

export interface GroupUsage extends TokenUsage {
  calls: number;
}

export interface GroupVideo {
  id: string;
  video: VideoForExtraction;
}

export interface GroupResult {
  outcomes: Map<string, ItemOutcome>;
  usage: GroupUsage;
}

export interface GroupOptions {
  /** The most output tokens one call may ask for (the vendor's or the configured limit). */
  outputCeiling: number;
}

export async function extractGroup(
  videos: readonly GroupVideo[],
  fields: readonly Field[],
  extractor: Extractor,
  options: GroupOptions,
): Promise<GroupResult> {
  const outcomes = new Map<string, ItemOutcome>();
  const usage: GroupUsage = { calls: 0, inputTokens: 0, outputTokens: 0, thinkingTokens: 0 };
  const notExtracted = (chunk: readonly GroupVideo[], reason: string) => {
    for (const { id } of chunk) outcomes.set(id, { kind: "not_extracted", reason });
  };

  async function ask(chunk: readonly GroupVideo[], { badAnswerRetries = 1, alone = false } = {}): Promise<void> {
    const refs = chunk.map((_, i) => refFor(i));
    const prompt = buildPrompt(
      chunk.map(({ video }, i) => ({ ref: refs[i] as string, video })),
      fields,
    );
    let answer: Awaited<ReturnType<Extractor["extract"]>>;
    try {
      answer = await extractor.extract({
        system: SYSTEM_PROMPT,
        prompt,
        schema: batchSchema(fields, refs),
        maxOutputTokens: outputLimitFor(fields, chunk.length, options.outputCeiling),
        estimatedInputTokens: estimateTokens(SYSTEM_PROMPT) + estimateTokens(prompt),
      });
    } catch (error) {
      for (const { id } of chunk) outcomes.set(id, { kind: "error", error });
      return;
    }
    usage.calls++;
    usage.inputTokens += answer.usage.inputTokens;
    usage.outputTokens += answer.usage.outputTokens;
    usage.thinkingTokens += answer.usage.thinkingTokens;

    if (answer.kind === "cut" || answer.kind === "blocked") {
      if (chunk.length > 1) {
        const half = Math.ceil(chunk.length / 2);
        await ask(chunk.slice(0, half), { alone });
        await ask(chunk.slice(half), { alone });
      } else if (answer.kind === "cut") {
        notExtracted(chunk, "the model's answer for this video did not fit the output limit");
      } else {
        notExtracted(chunk, modelDeclined(answer.reason));
      }
      return;
    }

    let read: ReturnType<typeof readAnswer>;
    try {
      read = readAnswer(answer.output, fields, refs);
    } catch (error) {
      if (!(error instanceof UnreadableAnswer)) throw error;
      if (badAnswerRetries > 0) return ask(chunk, { badAnswerRetries: badAnswerRetries - 1, alone });
      return notExtracted(chunk, error.message);
    }
    chunk.forEach(({ id }, i) => {
      const item = read.items.get(refs[i] as string);
      if (item) outcomes.set(id, { kind: "extracted", ...item });
    });
    const missing = chunk.filter((_, i) => read.missing.includes(refs[i] as string));
    if (alone) return notExtracted(missing, "the model gave no usable answer for this video");
    for (const video of missing) await ask([video], { alone: true });
  }

  if (videos.length > 0 && fields.length > 0) await ask(videos);
  return { outcomes, usage };
}
