import { useState } from "preact/hooks";
import type { Field } from "../../../../src/shared/schemas/fields";
import { api, type View } from "../../api/endpoints";
import { useConfirm } from "../../components/confirm";
import { errorMessage } from "../../components/states";
import { toast } from "../../components/toasts";
import { listHref } from "../../lib/query-state";
import { useAsync } from "../../lib/use-async";
import { normaliseQueryString } from "./find-query";
import "../../styles/find.css";

interface Props {
  listId: string;
  fields: Field[];
  /** The page's query string as findQueryString writes it ("" for all videos). */
  current: string;
}

/**
 * Saved views in the list header: each is a link to the list with its query (the URL is the
 * view), the one matching the page is marked current. The page's query can be saved under a
 * name; the current view can be renamed or deleted.
 */
export function ViewsBar({ listId, fields, current }: Props) {
  // Changing the list's fields rewrites its views on the server (a filter or sort on a field that
  // went is taken out), so other fields mean the views are read again; a rename, which gives the
  // list new but equal fields, does not.
  const fieldsKey = JSON.stringify(fields);
  const views = useAsync(() => api.views(listId).then((r) => r.items), [listId, fieldsKey]);
  const [naming, setNaming] = useState<{ mode: "create" } | { mode: "rename"; view: View } | null>(null);
  const [confirmDialog, ask] = useConfirm();
  const items = views.data ?? [];
  const active = items.find((view) => normaliseQueryString(view.query, fields) === current) ?? null;
  const base = listHref(listId);

  const saveName = async (name: string) => {
    if (!naming) return;
    try {
      if (naming.mode === "create") {
        const view = await api.createView(listId, name, current);
        views.setData((list) => [...(list ?? []), view]);
        toast("success", `View “${view.name}” saved`);
      } else {
        const view = await api.updateView(naming.view.id, { name });
        views.setData((list) => list?.map((v) => (v.id === view.id ? view : v)));
        toast("success", `View renamed to “${view.name}”`);
      }
      setNaming(null);
    } catch (error) {
      toast("error", "Couldn't save the view", errorMessage(error));
    }
  };

  const remove = async (view: View) => {
    const yes = await ask({
      title: "Delete this view?",
      body: `“${view.name}” is removed from the list's views. No video changes.`,
      confirmLabel: "Delete view",
    });
    if (!yes) return;
    try {
      await api.deleteView(view.id);
      views.setData((list) => list?.filter((v) => v.id !== view.id));
      toast("success", `View “${view.name}” deleted`);
    } catch (error) {
      toast("error", "Couldn't delete the view", errorMessage(error));
    }
  };

  return (
    <nav class="views-bar" aria-label="Saved views">
      <ul class="views-bar__list">
        <li>
          <a class="view-link" href={base} aria-current={current === "" ? "page" : undefined}>
            All videos
          </a>
        </li>
        {items.map((view) => (
          <li key={view.id}>
            <a
              class="view-link"
              href={`${base}?${view.query}`}
              aria-current={active?.id === view.id ? "page" : undefined}
            >
              {view.name}
            </a>
          </li>
        ))}
      </ul>
      <div class="views-bar__actions">
        {naming ? (
          <ViewNameForm
            initial={naming.mode === "rename" ? naming.view.name : ""}
            label={naming.mode === "rename" ? "New name of the view" : "Name of the view"}
            onSubmit={saveName}
            onCancel={() => setNaming(null)}
          />
        ) : (
          <>
            {current !== "" && !active && (
              <button type="button" class="button button--small" onClick={() => setNaming({ mode: "create" })}>
                Save view
              </button>
            )}
            {active && (
              <>
                <button
                  type="button"
                  class="button button--small"
                  onClick={() => setNaming({ mode: "rename", view: active })}
                >
                  Rename view
                </button>
                <button type="button" class="button button--small button--danger" onClick={() => remove(active)}>
                  Delete view
                </button>
              </>
            )}
          </>
        )}
      </div>
      {confirmDialog}
    </nav>
  );
}

function ViewNameForm({
  initial,
  label,
  onSubmit,
  onCancel,
}: {
  initial: string;
  label: string;
  onSubmit: (name: string) => Promise<void>;
  onCancel: () => void;
}) {
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      class="view-name-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!name.trim()) return setError("Give the view a name.");
        void onSubmit(name.trim());
      }}
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.stopPropagation();
          onCancel();
        }
      }}
    >
      <label class="visually-hidden" for="view-name">
        {label}
      </label>
      <input
        id="view-name"
        value={name}
        placeholder="e.g. Hard ones"
        maxLength={100}
        // biome-ignore lint/a11y/noAutofocus: the form opens on request, to type a name
        autoFocus
        aria-invalid={!!error}
        aria-describedby={error ? "view-name-error" : undefined}
        onInput={(e) => setName(e.currentTarget.value)}
      />
      <button type="submit" class="button button--small button--primary">
        Save
      </button>
      <button type="button" class="button button--small" onClick={onCancel}>
        Cancel
      </button>
      {error && (
        <span id="view-name-error" class="field__error">
          {error}
        </span>
      )}
    </form>
  );
}
