/**
 * Reads a model's answer for one call. Constrained decoding is a strong hint, not a guarantee,
 * so every item is checked on its own: a missing or malformed item costs only its video, and a
 * value outside its field's type or options costs only that value (field-values.ts).
 */
import type { Field, FieldValues } from "../../shared/schemas/fields";
import { sanitizeFieldValues } from "../field-values";
import { ITEMS_KEY, REF_KEY } from "./batch-schema";

export interface ReadAnswer {
  /** Values per ref, for the refs the answer covered with an object. */
  items: Map<string, { values: FieldValues; warnings: string[] }>;
  /** Refs of the call the answer left out or answered with something that is not an object. */
  missing: string[];
}

/** The answer as a whole is not what was asked for (not JSON, not the envelope). */
export class UnreadableAnswer extends Error {}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function parse(output: unknown): unknown {
  if (typeof output !== "string") return output;
  try {
    return JSON.parse(output);
  } catch {
    throw new UnreadableAnswer(`the model answered with text that is not JSON: ${JSON.stringify(output.slice(0, 80))}`);
  }
}

export function readAnswer(output: unknown, fields: readonly Field[], refs: readonly string[]): ReadAnswer {
  const parsed = parse(output);
  // A one-video call may come back as the bare item or a bare array; both are unambiguous.
  const list = Array.isArray(parsed) ? parsed : isObject(parsed) ? parsed[ITEMS_KEY] : undefined;
  const entries = Array.isArray(list) ? list : refs.length === 1 && isObject(parsed) ? [parsed] : null;
  if (!entries) throw new UnreadableAnswer(`the model's JSON has no "${ITEMS_KEY}" list`);

  const wanted = new Set(refs);
  const items: ReadAnswer["items"] = new Map();
  for (const entry of entries) {
    if (!isObject(entry)) continue;
    const ref = refs.length === 1 && entry[REF_KEY] === undefined ? refs[0] : entry[REF_KEY];
    // The first answer for a ref wins; refs the call did not ask about are ignored.
    if (typeof ref !== "string" || !wanted.has(ref) || items.has(ref)) continue;
    items.set(ref, sanitizeFieldValues(fields, entry));
  }
  return { items, missing: refs.filter((ref) => !items.has(ref)) };
}
