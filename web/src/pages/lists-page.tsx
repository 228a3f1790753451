import { useState } from "preact/hooks";
import { lazy, ErrorBoundary as Suspended, useLocation } from "preact-iso";
import type { List } from "../../../src/shared/schemas/lists";
import { api } from "../api/endpoints";
import { useConfirm } from "../components/confirm";
import { PageHeading } from "../components/page-heading";
import { EmptyState, ErrorState, errorMessage, Spinner } from "../components/states";
import { toast } from "../components/toasts";
import { ActiveJobs, useDashboardSettled } from "../features/jobs/active-jobs";
import { formatRelative, plural } from "../lib/format";
import { listHref } from "../lib/query-state";
import { useCursorPages } from "../lib/use-cursor-pages";
import { dropList, lists, putList, putLists } from "../store/server-state";

const ListFormDialog = lazy(() => import("../features/lists/list-form-dialog").then((m) => m.ListFormDialog));

/** Every list of the user, newest first, with what each holds and when it last changed. */
export function ListsPage() {
  const pages = useCursorPages({
    key: "lists",
    fetchPage: (cursor, limit) => api.lists(cursor, limit),
    id: (list) => list.id,
    onPage: putLists,
  });
  const { route } = useLocation();
  const [editing, setEditing] = useState<List | "new" | null>(null);
  const [confirmDialog, ask] = useConfirm();
  const settled = useDashboardSettled();
  // The store's copy wins: a rename elsewhere in the tab shows here without a refetch.
  const known = lists.value;
  const items = pages.items.filter((list) => list.id in known).map((list) => known[list.id] ?? list);

  const remove = async (list: List) => {
    const yes = await ask({
      title: `Delete "${list.name}"?`,
      body: `This deletes the list and its ${plural(list.videoCount, "video")}, and stops any job running on it. It can't be undone.`,
      confirmLabel: "Delete list",
    });
    if (!yes) return;
    try {
      await api.deleteList(list.id);
      pages.remove(list.id);
      dropList(list.id);
      toast("success", `Deleted "${list.name}"`);
    } catch (error) {
      toast("error", "Couldn't delete the list", errorMessage(error));
    }
  };

  const saved = (list: List) => {
    const isNew = editing === "new";
    setEditing(null);
    putList(list);
    if (isNew) route(listHref(list.id));
  };

  return (
    <main class="page">
      <header class="page__header">
        <PageHeading title="Your lists" />
        <button type="button" class="button button--primary" onClick={() => setEditing("new")}>
          New list
        </button>
      </header>
      <ActiveJobs />
      {(pages.loading && !items.length) || !settled ? (
        <Spinner label="Loading your lists…" />
      ) : pages.error && !items.length ? (
        <ErrorState error={pages.error} onRetry={pages.reload} />
      ) : !items.length ? (
        <EmptyState title="No lists yet">
          <p>A list holds YouTube videos and the fields you want filled in for each one.</p>
          <button type="button" class="button button--primary" onClick={() => setEditing("new")}>
            Create your first list
          </button>
        </EmptyState>
      ) : (
        <>
          <ul class="list-grid">
            {items.map((list) => (
              <li key={list.id} class="card list-card">
                <a class="list-card__title" href={listHref(list.id)}>
                  {list.name}
                </a>
                {list.description && <p class="list-card__description">{list.description}</p>}
                <p class="list-card__stats">
                  <span>{plural(list.videoCount, "video")}</span>
                  <span>{plural(list.fields.length, "field")}</span>
                  <span title={list.updatedAt}>updated {formatRelative(list.updatedAt)}</span>
                </p>
                <div class="list-card__actions">
                  <button
                    type="button"
                    class="button button--small"
                    onClick={() => setEditing(list)}
                    aria-label={`Edit ${list.name}`}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    class="button button--small button--danger"
                    onClick={() => remove(list)}
                    aria-label={`Delete ${list.name}`}
                  >
                    Delete
                  </button>
                </div>
              </li>
            ))}
          </ul>
          {pages.hasMore && (
            <div class="center">
              <button type="button" class="button" onClick={pages.loadMore} aria-disabled={pages.loadingMore}>
                {pages.loadingMore ? "Loading…" : "Load more lists"}
              </button>
            </div>
          )}
        </>
      )}
      <Suspended>
        {editing && (
          <ListFormDialog
            list={editing === "new" ? undefined : editing}
            onClose={() => setEditing(null)}
            onSaved={saved}
          />
        )}
      </Suspended>
      {confirmDialog}
    </main>
  );
}
