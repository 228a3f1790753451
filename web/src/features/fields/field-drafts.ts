import type { FieldType } from "../../../../src/shared/constants";
import { FIELD_KEY_PATTERN, LIMITS } from "../../../../src/shared/constants";
import type { Field } from "../../../../src/shared/schemas/fields";

/**
 * A field as it is being edited: options as typed text, plus a stable id so React-style keys
 * survive reordering and key edits.
 */
export interface FieldDraft {
  uid: string;
  key: string;
  label: string;
  type: FieldType;
  description: string;
  optionsText: string;
}

export type DraftErrors = Partial<Record<"key" | "label" | "options" | "description", string>>;

export interface Validation {
  errors: Record<string, DraftErrors>;
  /** An error about the set as a whole (too many fields). */
  listError: string | null;
  /** The fields to send, when there is no error. */
  fields: Field[] | null;
}

let uidCounter = 0;
const nextUid = () => `f${++uidCounter}`;

export const parseOptions = (text: string) =>
  text
    .split(/[,\n]/)
    .map((option) => option.trim())
    .filter(Boolean);

export function toDraft(field: Field): FieldDraft {
  return {
    uid: nextUid(),
    key: field.key,
    label: field.label,
    type: field.type,
    description: field.description ?? "",
    optionsText: (field.options ?? []).join(", "),
  };
}

export function emptyDraft(): FieldDraft {
  return { uid: nextUid(), key: "", label: "", type: "text", description: "", optionsText: "" };
}

/** "Skill level!" → "skill_level": a key suggestion while the user types the label. */
export function keyFromLabel(label: string): string {
  const slug = label
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[^a-z]+/, "")
    .replace(/_+$/, "");
  return slug.slice(0, 40);
}

const takesOptions = (type: FieldType) => type === "enum" || type === "tags";

/** The same rules the API applies (src/shared/schemas.ts), with messages meant for this form. */
export function validateDrafts(drafts: FieldDraft[]): Validation {
  const errors: Record<string, DraftErrors> = {};
  const seen = new Map<string, string>();
  for (const draft of drafts) {
    const e: DraftErrors = {};
    const key = draft.key.trim();
    if (!key) e.key = "A key is required.";
    else if (!FIELD_KEY_PATTERN.test(key))
      e.key = "Start with a lowercase letter; then lowercase letters, digits or _ (at most 40).";
    else if (seen.has(key)) e.key = `"${key}" is already used by another field.`;
    else seen.set(key, draft.uid);

    if (!draft.label.trim()) e.label = "A label is required.";
    else if (draft.label.trim().length > 100) e.label = "Keep the label under 100 characters.";

    const options = parseOptions(draft.optionsText);
    if (draft.type === "enum" && options.length === 0) e.options = "An enum needs at least one option.";
    else if (takesOptions(draft.type) && new Set(options).size !== options.length)
      e.options = "Options must be unique.";
    else if (options.length > 50) e.options = "At most 50 options.";
    else if (options.some((o) => o.length > 100)) e.options = "Keep each option under 100 characters.";

    if (draft.description.length > 500) e.description = "Keep the description under 500 characters.";
    if (Object.keys(e).length) errors[draft.uid] = e;
  }
  const listError = drafts.length > LIMITS.fieldsPerList ? `A list has at most ${LIMITS.fieldsPerList} fields.` : null;
  const valid = !listError && Object.keys(errors).length === 0;
  return { errors, listError, fields: valid ? drafts.map(toField) : null };
}

export function toField(draft: FieldDraft): Field {
  const field: Field = { key: draft.key.trim(), label: draft.label.trim(), type: draft.type };
  if (draft.description.trim()) field.description = draft.description.trim();
  const options = parseOptions(draft.optionsText);
  if (takesOptions(draft.type) && options.length) field.options = options;
  return field;
}
