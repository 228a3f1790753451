/**
 * The values a list's fields may hold, written once as zod schemas built from the fields
 * themselves: the same schema validates model output here and, through `z.toJSONSchema`, becomes
 * the structured-output schema each vendor is sent (domain/extraction/batch-schema.ts). Model
 * output is untrusted: `sanitizeFieldValues` keeps every value that fits its field, empties the
 * rest one by one (a bad enum never costs the good tags next to it) and says what it dropped.
 */
import { z } from "zod";
import type { Field, FieldValue, FieldValues } from "../shared/schemas/fields";

/** The strict shape of one field's value: what we store and what the API returns. */
export function fieldValueSchema(field: Field): z.ZodType<FieldValue | null> {
  switch (field.type) {
    case "text":
      return z.string().nullable();
    case "number":
      return z.number().finite().nullable();
    case "boolean":
      return z.boolean().nullable();
    case "enum":
      return z.enum(field.options ?? []).nullable();
    case "tags":
      return z.array(field.options ? z.enum(field.options) : z.string()).nullable();
  }
}

/** What the model reads about a field inside the schema: its label, and what it means. */
export const fieldDescription = (field: Field) =>
  field.description ? `${field.label}: ${field.description}` : field.label;

export interface SanitizedValues {
  values: FieldValues;
  warnings: string[];
}

const show = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/** Case-insensitive match onto the canonical option, so "Easy" counts as "easy". */
function matchOption(options: readonly string[], value: string): string | undefined {
  const wanted = value.trim().toLowerCase();
  return options.find((option) => option.toLowerCase() === wanted);
}

// Small, predictable repairs of what models commonly emit; anything else is dropped.
function coerce(field: Field, value: unknown): unknown {
  switch (field.type) {
    case "text":
      return typeof value === "string" ? value.trim() : value;
    case "number":
      if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
      return value;
    case "boolean":
      if (value === "true") return true;
      if (value === "false") return false;
      return value;
    case "enum":
      return typeof value === "string" && field.options ? (matchOption(field.options, value) ?? value) : value;
    case "tags":
      return typeof value === "string" ? [value] : value;
  }
}

/** Keeps valid values, nulls invalid/missing ones, one warning per dropped value. */
export function sanitizeFieldValues(fields: readonly Field[], raw: unknown): SanitizedValues {
  const source = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const values: FieldValues = {};
  const warnings: string[] = [];

  for (const field of fields) {
    const input = source[field.key];
    if (input === undefined || input === null || input === "") {
      values[field.key] = null;
      continue;
    }
    let value = coerce(field, input);
    if (field.type === "tags" && Array.isArray(value)) {
      value = keepValidTags(field, value, warnings);
    }
    const parsed = fieldValueSchema(field).safeParse(value);
    if (parsed.success) {
      values[field.key] = parsed.data;
    } else {
      values[field.key] = null;
      warnings.push(describeDrop(field, input));
    }
  }
  return { values, warnings };
}

function keepValidTags(field: Field, items: unknown[], warnings: string[]): string[] {
  const kept: string[] = [];
  for (const item of items) {
    const text = typeof item === "string" ? item.trim() : null;
    const canonical = text && field.options ? matchOption(field.options, text) : (text ?? undefined);
    if (canonical) {
      if (!kept.includes(canonical)) kept.push(canonical);
    } else if (text !== "") {
      warnings.push(
        field.options
          ? `Field "${field.key}": tag ${show(item)} is not one of the options; dropped`
          : `Field "${field.key}": tag ${show(item)} is not text; dropped`,
      );
    }
  }
  return kept;
}

function describeDrop(field: Field, input: unknown): string {
  if (field.type === "enum") {
    return `Field "${field.key}": ${show(input)} is not one of ${(field.options ?? []).join(", ")}; left empty`;
  }
  return `Field "${field.key}": ${show(input)} is not a valid ${field.type}; left empty`;
}

/** What a field takes, in words, for a refused correction. */
function expectedValue(field: Field): string {
  const options = field.options?.join(", ");
  switch (field.type) {
    case "enum":
      return `one of ${options}`;
    case "tags":
      return options ? `a list of tags from ${options}` : "a list of tags (strings)";
    case "boolean":
      return "true or false";
    case "number":
      return "a number";
    case "text":
      return "a string";
  }
}

export type Correction =
  | { ok: true; values: Record<string, FieldValue | null> }
  | { ok: false; problems: { path: string; message: string }[] };

/**
 * Values a person sets, held to the strict shape of their fields (unlike model output, nothing is
 * repaired or dropped silently): each must fit, or the whole correction is refused. An empty
 * text is no text, and repeated tags count once.
 */
export function correctionOf(fields: readonly Field[], input: Record<string, unknown>): Correction {
  const byKey = new Map(fields.map((field) => [field.key, field]));
  const values: Record<string, FieldValue | null> = {};
  const problems: { path: string; message: string }[] = [];
  for (const [key, raw] of Object.entries(input)) {
    const field = byKey.get(key);
    if (!field) {
      problems.push({ path: `fields.${key}`, message: "This list has no such field" });
      continue;
    }
    const parsed = fieldValueSchema(field).safeParse(raw);
    if (!parsed.success) {
      problems.push({ path: `fields.${key}`, message: `Expected ${expectedValue(field)}, or null to clear it` });
      continue;
    }
    const value = parsed.data;
    values[key] = value === "" ? null : Array.isArray(value) ? [...new Set(value)] : value;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, values };
}

const fitCheckers = new WeakMap<Field, (value: unknown) => boolean>();

/**
 * Whether a stored value fits the field as it is now, held to the check a correction gets. A
 * field retyped, or given other options, can refuse what it held; such a value is not shown.
 * The checker is built once per field object (a list's fields are read once per request).
 */
export function fitsField(field: Field, value: unknown): boolean {
  let fits = fitCheckers.get(field);
  if (!fits) {
    const schema = fieldValueSchema(field);
    fits = (candidate) => schema.safeParse(candidate).success;
    fitCheckers.set(field, fits);
  }
  return fits(value);
}

/**
 * The keys of a video's stored values that these fields refuse: a field of the same key whose
 * type or options the value does not fit. Keys the fields do not have are not refused: as for a
 * field removed from a list, their values stay stored, shown nowhere, for a field put back.
 */
export function refusedKeys(fields: readonly Field[], values: FieldValues | null): string[] {
  const byKey = new Map(fields.map((field) => [field.key, field]));
  return Object.entries(values ?? {})
    .filter(([key, value]) => {
      const field = byKey.get(key);
      return field !== undefined && !fitsField(field, value);
    })
    .map(([key]) => key);
}

/**
 * Keys both field lists have where the new field may refuse a value the old one took: another
 * type, options where any string was taken, or an option taken away. Options added or reordered
 * refuse nothing.
 */
export function reshapedKeys(before: readonly Field[], after: readonly Field[]): string[] {
  const old = new Map(before.map((field) => [field.key, field]));
  return after
    .filter((field) => {
      const was = old.get(field.key);
      if (!was) return false;
      if (was.type !== field.type) return true;
      if (!field.options) return false;
      return !was.options || was.options.some((option) => !field.options?.includes(option));
    })
    .map((field) => field.key);
}
