import { useEffect, useRef, useState } from "preact/hooks";
import type { Field, FieldValue } from "../../../../src/shared/schemas/fields";

/** A draft of one value as the inputs hold it, and the value it stands for (null clears it). */
export function parseDraft(field: Field, draft: string): { value: FieldValue | null } | { error: string } {
  const text = draft.trim();
  if (text === "") return { value: null };
  switch (field.type) {
    case "number": {
      const n = Number(text);
      return Number.isFinite(n) ? { value: n } : { error: "Enter a number." };
    }
    case "boolean":
      return { value: text === "true" };
    case "enum":
      return field.options?.includes(text) ? { value: text } : { error: "Pick one of the options." };
    case "tags":
      return {
        value: [
          ...new Set(
            text
              .split(",")
              .map((t) => t.trim())
              .filter(Boolean),
          ),
        ],
      };
    default:
      return { value: text };
  }
}

export function draftOf(value: FieldValue | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.join(", ");
  return String(value);
}

interface Props {
  field: Field;
  value: FieldValue | null | undefined;
  onSave: (value: FieldValue | null) => Promise<void>;
  onCancel: () => void;
}

/**
 * Edits one field value in place: a select for enum and boolean, a number or text box, tags as
 * comma-separated text. Enter (or Save) saves, Escape cancels; an empty value clears the field.
 */
export function FieldEditor({ field, value, onSave, onCancel }: Props) {
  const [draft, setDraft] = useState(draftOf(value));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement & HTMLSelectElement>(null);
  useEffect(() => input.current?.focus(), []);
  const id = `edit-${field.key}`;

  const save = async (event: Event) => {
    event.preventDefault();
    const parsed = parseDraft(field, draft);
    if ("error" in parsed) return setError(parsed.error);
    setBusy(true);
    try {
      await onSave(parsed.value);
    } catch (err) {
      setError(err instanceof Error ? err.message : "Couldn't save the value.");
    } finally {
      setBusy(false);
    }
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "Escape") return;
    event.stopPropagation(); // Escape cancels the edit, not the whole panel.
    onCancel();
  };

  const common = {
    id,
    ref: input,
    // The detail panel focuses [data-autofocus] when it opens on a clicked value.
    "data-autofocus": true,
    "aria-invalid": !!error,
    "aria-describedby": error ? `${id}-error` : undefined,
  };
  return (
    <form class="field-editor" onSubmit={save} onKeyDown={onKeyDown}>
      <label class="visually-hidden" for={id}>
        {field.label}
      </label>
      {field.type === "enum" || field.type === "boolean" ? (
        <select {...common} value={draft} onChange={(e) => setDraft(e.currentTarget.value)}>
          <option value="">No value</option>
          {(field.type === "boolean" ? ["true", "false"] : (field.options ?? [])).map((option) => (
            <option key={option} value={option}>
              {field.type === "boolean" ? (option === "true" ? "Yes" : "No") : option}
            </option>
          ))}
        </select>
      ) : field.type === "number" ? (
        <input
          {...common}
          type="number"
          inputMode="decimal"
          value={draft}
          onInput={(e) => setDraft(e.currentTarget.value)}
        />
      ) : (
        <input
          {...common}
          type="text"
          value={draft}
          placeholder={field.type === "tags" ? "tag one, tag two" : ""}
          onInput={(e) => setDraft(e.currentTarget.value)}
        />
      )}
      <button type="submit" class="button button--small button--primary" disabled={busy}>
        {busy ? "Saving…" : "Save"}
      </button>
      <button type="button" class="button button--small" onClick={onCancel}>
        Cancel
      </button>
      {error && (
        <span id={`${id}-error`} class="field__error">
          {error}
        </span>
      )}
    </form>
  );
}
