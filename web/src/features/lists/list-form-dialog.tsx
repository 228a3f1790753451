import { useState } from "preact/hooks";
import { LIMITS } from "../../../../src/shared/constants";
import type { List } from "../../../../src/shared/schemas/lists";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import { Dialog } from "../../components/dialog";
import { describedBy, FormField } from "../../components/form-field";
import { InlineError } from "../../components/states";

interface Props {
  /** Absent: create a new list. */
  list?: List;
  onClose: () => void;
  onSaved: (list: List) => void;
}

/** Create a list, or rename and describe an existing one. */
export function ListFormDialog({ list, onClose, onSaved }: Props) {
  const [name, setName] = useState(list?.name ?? "");
  const [description, setDescription] = useState(list?.description ?? "");
  const [errors, setErrors] = useState<{ name?: string; description?: string }>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!name.trim()) found.name = "Give the list a name.";
    else if (name.trim().length > LIMITS.listNameMax) found.name = `Keep it under ${LIMITS.listNameMax} characters.`;
    if (description.length > LIMITS.descriptionMax)
      found.description = `Keep it under ${LIMITS.descriptionMax} characters.`;
    setErrors(found);
    setFailure(null);
    if (found.name || found.description) return;
    setBusy(true);
    try {
      const body = { name: name.trim(), description };
      onSaved(list ? await api.updateList(list.id, body) : await api.createList(body));
    } catch (error) {
      if (error instanceof ApiError && error.code === "validation_failed") {
        const fields = error.fieldErrors();
        setErrors({ name: fields.name, description: fields.description });
        if (!fields.name && !fields.description) setFailure(error);
      } else {
        setFailure(error);
      }
      setBusy(false);
    }
  };

  return (
    <Dialog title={list ? "Edit list" : "New list"} onClose={onClose}>
      <form onSubmit={submit} noValidate class="stack">
        <FormField id="list-name" label="Name" error={errors.name}>
          <input
            id="list-name"
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
            placeholder="e.g. Conference talks to watch"
            aria-invalid={!!errors.name}
            aria-describedby={describedBy("list-name", errors.name)}
            data-autofocus
          />
        </FormField>
        <FormField id="list-description" label="Description (optional)" error={errors.description}>
          <textarea
            id="list-description"
            rows={3}
            value={description}
            onInput={(e) => setDescription(e.currentTarget.value)}
            aria-invalid={!!errors.description}
            aria-describedby={describedBy("list-description", errors.description)}
          />
        </FormField>
        <InlineError error={failure} />
        <div class="modal__actions">
          <button type="button" class="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="button button--primary" disabled={busy}>
            {busy ? "Saving…" : list ? "Save" : "Create list"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
