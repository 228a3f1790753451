import { useState } from "preact/hooks";
import type { List } from "../../../src/shared/schemas/lists";
import { api } from "../api/endpoints";
import { useConfirm } from "../components/confirm";
import { EmptyState, ErrorState, Spinner } from "../components/states";
import { toast } from "../components/toasts";
import { ActiveJobs } from "../features/jobs/active-jobs";
import { ListFormDialog } from "../features/lists/list-form-dialog";
import { rememberLists } from "../features/lists/list-names";
import { formatRelative, plural } from "../lib/format";
import { Link, navigate } from "../lib/router";
import { useAsync } from "../lib/use-async";

interface Loaded {
  items: List[];
  nextCursor: string | null;
}

/** Every list of the user, newest first, with what each holds and when it last changed. */
export function ListsPage() {
  const lists = useAsync<Loaded>(async () => {
    const page = await api.lists();
    rememberLists(page.items);
    return page;
  }, []);
  const [editing, setEditing] = useState<List | "new" | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [confirmDialog, ask] = useConfirm();

  const loadMore = async () => {
    const cursor = lists.data?.nextCursor;
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await api.lists(cursor);
      rememberLists(page.items);
      lists.setData((current) => ({ items: [...(current?.items ?? []), ...page.items], nextCursor: page.nextCursor }));
    } catch (error) {
      toast("error", "Couldn't load more lists", error instanceof Error ? error.message : undefined);
    } finally {
      setLoadingMore(false);
    }
  };

  const remove = async (list: List) => {
    const yes = await ask({
      title: `Delete "${list.name}"?`,
      body: `This deletes the list and its ${plural(list.videoCount, "video")}, and stops any job running on it. It can't be undone.`,
      confirmLabel: "Delete list",
    });
    if (!yes) return;
    try {
      await api.deleteList(list.id);
      lists.setData((current) => current && { ...current, items: current.items.filter((l) => l.id !== list.id) });
      toast("success", `Deleted "${list.name}"`);
    } catch (error) {
      toast("error", "Couldn't delete the list", error instanceof Error ? error.message : undefined);
    }
  };

  const saved = (list: List) => {
    const isNew = editing === "new";
    setEditing(null);
    rememberLists([list]);
    if (isNew) navigate(`/lists/${encodeURIComponent(list.id)}`);
    else
      lists.setData(
        (current) => current && { ...current, items: current.items.map((l) => (l.id === list.id ? list : l)) },
      );
  };

  return (
    <main class="page">
      <header class="page__header">
        <h1>Your lists</h1>
        <button type="button" class="button button--primary" onClick={() => setEditing("new")}>
          New list
        </button>
      </header>
      <ActiveJobs />
      {lists.loading && !lists.data ? (
        <Spinner label="Loading your lists…" />
      ) : lists.error ? (
        <ErrorState error={lists.error} onRetry={lists.reload} />
      ) : !lists.data?.items.length ? (
        <EmptyState title="No lists yet">
          <p>A list holds YouTube videos and the fields you want filled in for each one.</p>
          <button type="button" class="button button--primary" onClick={() => setEditing("new")}>
            Create your first list
          </button>
        </EmptyState>
      ) : (
        <>
          <ul class="list-grid">
            {lists.data.items.map((list) => (
              <li key={list.id} class="card list-card">
                <Link class="list-card__title" href={`/lists/${encodeURIComponent(list.id)}`}>
                  {list.name}
                </Link>
                {list.description && <p class="list-card__description">{list.description}</p>}
                <p class="list-card__stats">
                  <span>{plural(list.videoCount, "video")}</span>
                  <span>{plural(list.fields.length, "field")}</span>
                  <span title={list.updatedAt}>updated {formatRelative(list.updatedAt)}</span>
                </p>
                <div class="list-card__actions">
                  <button type="button" class="button button--small" onClick={() => setEditing(list)}>
                    Edit
                  </button>
                  <button type="button" class="button button--small button--danger" onClick={() => remove(list)}>
                    Delete
                  </button>
                </div>
              </li>
            ))}
          </ul>
          {lists.data.nextCursor && (
            <div class="center">
              <button type="button" class="button" onClick={loadMore} disabled={loadingMore}>
                {loadingMore ? "Loading…" : "Load more lists"}
              </button>
            </div>
          )}
        </>
      )}
      {editing && (
        <ListFormDialog
          list={editing === "new" ? undefined : editing}
          onClose={() => setEditing(null)}
          onSaved={saved}
        />
      )}
      {confirmDialog}
    </main>
  );
}
