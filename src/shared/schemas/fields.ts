/** A list's fields (what the AI extracts) and the values they hold. */
import { z } from "zod";
import { FIELD_KEY_PATTERN, FIELD_TYPES, type FieldType, LIMITS } from "../constants";

/**
 * The fields of the examples' list of conference talks, one of each type. Typed by hand because
 * `Field`'s type comes from the schema that carries them; the schema's meta checks them again.
 */
export const EXAMPLE_FIELDS: {
  key: string;
  label: string;
  type: FieldType;
  description?: string;
  options?: string[];
}[] = [
  { key: "speaker", label: "Speaker", type: "text", description: "Who gives the talk" },
  { key: "difficulty", label: "Difficulty", type: "enum", options: ["easy", "medium", "hard"] },
  { key: "topics", label: "Topics", type: "tags", options: ["web", "apis", "databases", "performance"] },
  { key: "has_demo", label: "Live demo", type: "boolean", description: "Whether code is run on stage" },
  { key: "rating", label: "Rating", type: "number", description: "How useful, from 1 to 10" },
];

export const Field = z
  .object({
    key: z.string().regex(FIELD_KEY_PATTERN, "Use lowercase letters, digits and _, starting with a letter (max 40)"),
    label: z.string().trim().min(1).max(100),
    type: z.enum(FIELD_TYPES),
    description: z.string().max(500).optional(),
    options: z.array(z.string().trim().min(1).max(100)).min(1).max(50).optional(),
  })
  .superRefine((field, ctx) => {
    if (field.type === "enum" && !field.options) {
      ctx.addIssue({ code: "custom", path: ["options"], message: "An enum field needs options" });
    }
    if (field.options && field.type !== "enum" && field.type !== "tags") {
      ctx.addIssue({ code: "custom", path: ["options"], message: `A ${field.type} field has no options` });
    }
    if (field.options && new Set(field.options).size !== field.options.length) {
      ctx.addIssue({ code: "custom", path: ["options"], message: "Options must be unique" });
    }
  })
  .meta({ id: "Field", examples: EXAMPLE_FIELDS.slice(1, 2) });
export type Field = z.infer<typeof Field>;

export const FieldList = z
  .array(Field)
  .max(LIMITS.fieldsPerList, `A list has at most ${LIMITS.fieldsPerList} fields`)
  .superRefine((fields, ctx) => {
    const seen = new Set<string>();
    fields.forEach((field, i) => {
      if (seen.has(field.key)) {
        ctx.addIssue({ code: "custom", path: [i, "key"], message: `Duplicate field key "${field.key}"` });
      }
      seen.add(field.key);
    });
  });

export type FieldValue = string | number | boolean | string[];
export type FieldValues = Record<string, FieldValue | null>;
export const FieldValuesSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]),
);
