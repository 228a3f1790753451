import type { FieldType } from "../../../../src/shared/schemas";
import { FIELD_TYPES } from "../../../../src/shared/schemas";
import type { DraftErrors, FieldDraft } from "./field-drafts";

const TYPE_LABEL: Record<FieldType, string> = {
  text: "Text",
  number: "Number",
  boolean: "Yes / no",
  enum: "One of (enum)",
  tags: "Tags",
};

interface Props {
  draft: FieldDraft;
  index: number;
  count: number;
  errors: DraftErrors | undefined;
  onChange: (patch: Partial<FieldDraft>) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}

/** One field in the editor; every input shows its own error right under it. */
export function FieldRow({ draft, index, count, errors = {}, onChange, onMove, onRemove }: Props) {
  const id = (name: string) => `${draft.uid}-${name}`;
  const describedBy = (name: keyof DraftErrors) => (errors[name] ? id(`${name}-error`) : undefined);
  const error = (name: keyof DraftErrors) =>
    errors[name] && (
      <span id={id(`${name}-error`)} class="field__error">
        {errors[name]}
      </span>
    );
  const showOptions = draft.type === "enum" || draft.type === "tags";

  return (
    <fieldset class="field-row">
      <legend class="field-row__legend">
        Field {index + 1}
        {draft.label ? `: ${draft.label}` : ""}
      </legend>
      <div class="field-row__grid">
        <label class="field">
          <span class="field__label">Label</span>
          <input
            value={draft.label}
            onInput={(e) => onChange({ label: e.currentTarget.value })}
            aria-invalid={!!errors.label}
            aria-describedby={describedBy("label")}
            placeholder="Difficulty"
          />
          {error("label")}
        </label>
        <label class="field">
          <span class="field__label">Key</span>
          <input
            value={draft.key}
            class="mono"
            onInput={(e) => onChange({ key: e.currentTarget.value })}
            aria-invalid={!!errors.key}
            aria-describedby={describedBy("key")}
            placeholder="difficulty"
            spellcheck={false}
          />
          {error("key")}
        </label>
        <label class="field">
          <span class="field__label">Type</span>
          <select value={draft.type} onChange={(e) => onChange({ type: e.currentTarget.value as FieldType })}>
            {FIELD_TYPES.map((type) => (
              <option key={type} value={type}>
                {TYPE_LABEL[type]}
              </option>
            ))}
          </select>
        </label>
        {showOptions && (
          <label class="field field-row__wide">
            <span class="field__label">
              Options {draft.type === "tags" && <span class="muted">(optional: limits the tags)</span>}
            </span>
            <input
              value={draft.optionsText}
              onInput={(e) => onChange({ optionsText: e.currentTarget.value })}
              aria-invalid={!!errors.options}
              aria-describedby={describedBy("options") ?? id("options-hint")}
              placeholder="easy, medium, hard"
            />
            {error("options") || (
              <span id={id("options-hint")} class="field__hint">
                Separate options with commas.
              </span>
            )}
          </label>
        )}
        <label class="field field-row__wide">
          <span class="field__label">
            Description <span class="muted">(tells the AI what to extract)</span>
          </span>
          <input
            value={draft.description}
            onInput={(e) => onChange({ description: e.currentTarget.value })}
            aria-invalid={!!errors.description}
            aria-describedby={describedBy("description")}
            placeholder="How much prior knowledge the video assumes"
          />
          {error("description")}
        </label>
      </div>
      <div class="field-row__actions">
        <button
          type="button"
          class="button button--small"
          onClick={() => onMove(-1)}
          disabled={index === 0}
          aria-label={`Move field ${index + 1} up`}
        >
          ↑
        </button>
        <button
          type="button"
          class="button button--small"
          onClick={() => onMove(1)}
          disabled={index === count - 1}
          aria-label={`Move field ${index + 1} down`}
        >
          ↓
        </button>
        <button type="button" class="button button--small button--danger" onClick={onRemove}>
          Remove
        </button>
      </div>
    </fieldset>
  );
}
