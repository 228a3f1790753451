import { useLayoutEffect, useState } from "preact/hooks";
import { LIMITS } from "../../../../src/shared/constants";
import type { Field } from "../../../../src/shared/schemas/fields";
import { ApiError } from "../../api/client";
import { InlineError } from "../../components/states";
import { useAnnounce } from "../../lib/announce";
import { formatNumber } from "../../lib/format";
import { emptyDraft, type FieldDraft, keyFromLabel, toDraft, type Validation, validateDrafts } from "./field-drafts";
import { FieldRow } from "./field-row";

interface Props {
  initial: Field[];
  /** How many videos are already processed: changing fields sends them back for a rerun. */
  processedCount: number;
  onSave: (fields: Field[]) => Promise<void>;
  onCancel?: () => void;
  /** Told whenever the drafts start or stop differing from `initial` (for "discard changes?"). */
  onDirtyChange?: (dirty: boolean) => void;
}

/**
 * Add, edit, reorder and remove a list's fields. Errors appear next to the input they concern,
 * first when the user tries to save and then live as they fix them.
 */
export function FieldsEditor({ initial, processedCount, onSave, onCancel, onDirtyChange }: Props) {
  const [drafts, setDrafts] = useState<FieldDraft[]>(() => initial.map(toDraft));
  // Keys typed by hand are never overwritten by the label-to-key suggestion.
  const [keyTouched, setKeyTouched] = useState<Set<string>>(() => new Set(drafts.map((d) => d.uid)));
  const [attempted, setAttempted] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const validation = validateDrafts(drafts);
  const shown: Pick<Validation, "errors" | "listError"> = attempted ? validation : { errors: {}, listError: null };
  const dirty =
    JSON.stringify(drafts.map((d) => [d.key, d.label, d.type, d.description, d.optionsText])) !==
    JSON.stringify(initial.map(toDraft).map((d) => [d.key, d.label, d.type, d.description, d.optionsText]));

  // In the commit, not after the next paint: an Escape pressed right after a keystroke asks first.
  useLayoutEffect(() => onDirtyChange?.(dirty), [dirty]);
  useAnnounce(shown.listError ?? (attempted && !validation.fields ? "Fix the highlighted fields to save." : null));

  const change = (uid: string, patch: Partial<FieldDraft>) => {
    if ("key" in patch) setKeyTouched((touched) => new Set(touched).add(uid));
    setDrafts((current) =>
      current.map((draft) => {
        if (draft.uid !== uid) return draft;
        const next = { ...draft, ...patch };
        if ("label" in patch && !keyTouched.has(uid)) next.key = keyFromLabel(next.label);
        return next;
      }),
    );
  };
  const move = (index: number, delta: -1 | 1) =>
    setDrafts((current) => {
      const next = current.slice();
      const [item] = next.splice(index, 1);
      if (item) next.splice(index + delta, 0, item);
      return next;
    });
  const remove = (uid: string) => setDrafts((current) => current.filter((d) => d.uid !== uid));

  const save = async (event: Event) => {
    event.preventDefault();
    setAttempted(true);
    setFailure(null);
    if (!validation.fields) {
      // The first bad input may be far down a long drawer: take the user (and focus) to it
      // once the errors have rendered.
      const form = event.currentTarget as HTMLFormElement;
      requestAnimationFrame(() => {
        const first = form.querySelector<HTMLElement>('[aria-invalid="true"]');
        // Centred, so its message is not hidden under the sticky Save bar.
        first?.scrollIntoView({ block: "center" });
        first?.focus({ preventScroll: true });
      });
      return;
    }
    setBusy(true);
    try {
      await onSave(validation.fields);
    } catch (error) {
      setFailure(
        error instanceof ApiError && error.code === "validation_failed"
          ? new Error(Object.values(error.fieldErrors())[0] ?? error.message)
          : error,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="fields-editor stack" onSubmit={save} noValidate>
      <p class="muted">
        Fields are what the AI fills in for every video. Give each a clear label and, if it helps, a description.
      </p>
      {drafts.length === 0 && <p class="state state--empty">No fields yet. Videos still get their YouTube metadata.</p>}
      {drafts.map((draft, index) => (
        <FieldRow
          key={draft.uid}
          draft={draft}
          index={index}
          count={drafts.length}
          errors={shown.errors[draft.uid]}
          onChange={(patch) => change(draft.uid, patch)}
          onMove={(delta) => move(index, delta)}
          onRemove={() => remove(draft.uid)}
        />
      ))}
      {shown.listError && <p class="field__error">{shown.listError}</p>}
      <div>
        <button
          type="button"
          class="button"
          onClick={() => setDrafts((current) => [...current, emptyDraft()])}
          disabled={drafts.length >= LIMITS.fieldsPerList}
        >
          + Add field
        </button>
      </div>
      {dirty && processedCount > 0 && (
        <p class="notice notice--warning" role="note">
          Changing fields means the {formatNumber(processedCount)} processed{" "}
          {processedCount === 1 ? "video needs" : "videos need"} a rerun to fill them in. Nothing reruns until you press
          Process.
        </p>
      )}
      {attempted && !validation.fields && <p class="field__error">Fix the highlighted fields to save.</p>}
      <InlineError error={failure} />
      <div class="modal__actions">
        {onCancel && (
          <button type="button" class="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" class="button button--primary" disabled={busy || !dirty}>
          {busy ? "Saving…" : "Save fields"}
        </button>
      </div>
    </form>
  );
}
