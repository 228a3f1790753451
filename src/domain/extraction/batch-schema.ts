/**
 * The answer's shape for a call covering several videos: `{videos: [{_ref, <field>: value, …}]}`.
 * The per-field schemas come from field-values.ts and appear once, in the item schema; `_ref`
 * is limited to the call's refs. One zod schema, turned into JSON Schema with `z.toJSONSchema`,
 * is what every vendor is sent (Gemini's adapter derives its OpenAPI subset from it).
 */
import { z } from "zod";
import type { Field } from "../../shared/schemas/fields";
import { fieldDescription, fieldValueSchema } from "../field-values";
import type { JsonSchema } from "./extractor";

export const ITEMS_KEY = "videos";
/** Field keys start with a letter, so this can never collide with one. */
export const REF_KEY = "_ref";

/** Short refs keep the prompt and the answer small; they only need to be unique within a call. */
export const refFor = (index: number) => `v${index + 1}`;

export function batchSchema(fields: readonly Field[], refs: readonly string[]): JsonSchema {
  const item = z.object({
    [REF_KEY]: z.enum(refs as [string, ...string[]]).describe("The ref of the video this item answers for"),
    ...Object.fromEntries(
      fields.map((field) => [field.key, fieldValueSchema(field).describe(fieldDescription(field))]),
    ),
  });
  const { $schema: _, ...schema } = z.toJSONSchema(z.object({ [ITEMS_KEY]: z.array(item) }));
  return schema;
}
