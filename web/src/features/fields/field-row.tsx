import type { FieldType } from "../../../../src/shared/constants";
import { FIELD_TYPES } from "../../../../src/shared/constants";
import { describedBy, FormField } from "../../components/form-field";
import type { DraftErrors, FieldDraft } from "./field-drafts";

const TYPE_LABEL: Record<FieldType, string> = {
  text: "Text",
  number: "Number",
  boolean: "Yes / no",
  enum: "One of (enum)",
  tags: "Tags",
};

/** What each type's inputs suggest before anything is typed: an example of a field of that type. */
const EXAMPLE: Record<FieldType, { label: string; key: string; options?: string; description: string }> = {
  text: { label: "Summary", key: "summary", description: "One sentence on what the video teaches" },
  number: { label: "Minutes of code", key: "minutes_of_code", description: "Minutes with code on screen" },
  boolean: { label: "Has code", key: "has_code", description: "Whether the video shows code" },
  enum: {
    label: "Difficulty",
    key: "difficulty",
    options: "easy, medium, hard",
    description: "How much prior knowledge the video assumes",
  },
  tags: { label: "Languages", key: "languages", options: "rust, go, zig", description: "Programming languages used" },
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
  const showOptions = draft.type === "enum" || draft.type === "tags";
  const example = EXAMPLE[draft.type];

  return (
    <fieldset class="field-row">
      <legend class="field-row__legend">
        Field {index + 1}
        {draft.label ? `: ${draft.label}` : ""}
      </legend>
      <div class="field-row__grid">
        <FormField id={id("label")} label="Label" error={errors.label}>
          <input
            id={id("label")}
            value={draft.label}
            onInput={(e) => onChange({ label: e.currentTarget.value })}
            aria-invalid={!!errors.label}
            aria-describedby={describedBy(id("label"), errors.label)}
            placeholder={example.label}
          />
        </FormField>
        <FormField id={id("key")} label="Key" error={errors.key}>
          <input
            id={id("key")}
            value={draft.key}
            class="mono"
            onInput={(e) => onChange({ key: e.currentTarget.value })}
            aria-invalid={!!errors.key}
            aria-describedby={describedBy(id("key"), errors.key)}
            placeholder={example.key}
            spellcheck={false}
          />
        </FormField>
        <FormField id={id("type")} label="Type">
          <select
            id={id("type")}
            value={draft.type}
            onChange={(e) => onChange({ type: e.currentTarget.value as FieldType })}
          >
            {FIELD_TYPES.map((type) => (
              <option key={type} value={type}>
                {TYPE_LABEL[type]}
              </option>
            ))}
          </select>
        </FormField>
        {showOptions && (
          <FormField
            id={id("options")}
            class="field-row__wide"
            label={draft.type === "tags" ? "Options (optional: limits the tags)" : "Options"}
            error={errors.options}
            hint="Separate options with commas."
          >
            <input
              id={id("options")}
              value={draft.optionsText}
              onInput={(e) => onChange({ optionsText: e.currentTarget.value })}
              aria-invalid={!!errors.options}
              aria-describedby={describedBy(id("options"), errors.options, true)}
              placeholder={example.options}
            />
          </FormField>
        )}
        <FormField
          id={id("description")}
          class="field-row__wide"
          label="Description (tells the AI what to extract)"
          error={errors.description}
        >
          <input
            id={id("description")}
            value={draft.description}
            onInput={(e) => onChange({ description: e.currentTarget.value })}
            aria-invalid={!!errors.description}
            aria-describedby={describedBy(id("description"), errors.description)}
            placeholder={example.description}
          />
        </FormField>
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
