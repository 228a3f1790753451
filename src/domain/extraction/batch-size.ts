/**
 * How many videos go into one call (K), from a token budget: what the answer for one video is
 * expected to cost (its ref plus each field's key and value, by type) against the output limit,
 * keeping half the limit spare, since models write longer than planned. Capped, because a
 * bigger call loses more to one bad answer and waits longer for its first result.
 */
import type { Field } from "../../shared/schemas/fields";

/** Expected answer tokens per value, by field type: a word, a number, a phrase, a few tags. */
const VALUE_TOKENS = { boolean: 2, number: 3, enum: 6, text: 60, tags: 30 } as const;
const ITEM_OVERHEAD_TOKENS = 10;
const ENVELOPE_TOKENS = 16;
/** Only this share of the output limit is planned for; the rest absorbs verbose answers. */
const BUDGET_SHARE = 0.5;

export const BATCH_SIZE_RANGE = { min: 1, max: 25 } as const;

export function outputTokensPerVideo(fields: readonly Field[]): number {
  let total = ITEM_OVERHEAD_TOKENS;
  for (const field of fields) {
    const key = Math.ceil(field.key.length / 4) + 2;
    const enumLength = field.type === "enum" ? Math.max(...(field.options ?? [""]).map((o) => o.length)) : 0;
    total += key + Math.max(VALUE_TOKENS[field.type], Math.ceil(enumLength / 4) + 2);
  }
  return total;
}

/** K for these fields: as many videos as the planned share of `maxOutputTokens` covers, within [1, cap]. */
export function batchSizeFor(fields: readonly Field[], limits: { maxOutputTokens: number; cap: number }): number {
  const fit = Math.floor((limits.maxOutputTokens * BUDGET_SHARE - ENVELOPE_TOKENS) / outputTokensPerVideo(fields));
  return Math.max(BATCH_SIZE_RANGE.min, Math.min(limits.cap, fit));
}

/** An output limit sized to a call of `count` videos: twice the plan, never above `ceiling`. */
export function outputLimitFor(fields: readonly Field[], count: number, ceiling: number): number {
  return Math.min(ceiling, Math.ceil((ENVELOPE_TOKENS + count * outputTokensPerVideo(fields)) / BUDGET_SHARE));
}
