import { useEffect } from "preact/hooks";
import type { List } from "../../../../src/shared/schemas/lists";
import { api } from "../../api/endpoints";
import { createStore, useStore } from "../../lib/store";

/** Names of lists seen so far, so jobs and toasts can say "Talks" instead of an id. */
export const listNames = createStore<Record<string, string>>({});

export function rememberLists(lists: Pick<List, "id" | "name">[]) {
  if (!lists.length) return;
  listNames.update((names) => {
    const next = { ...names };
    for (const list of lists) next[list.id] = list.name;
    return next;
  });
}

export const listName = (listId: string) => listNames.get()[listId] ?? "a list";

/** Remembers one list's name and passes the list on, for use in a promise chain. */
export function rememberList<T extends Pick<List, "id" | "name">>(list: T): T {
  rememberLists([list]);
  return list;
}

const asked = new Set<string>();

/**
 * Names for lists this tab has not seen yet (the jobs page opened directly, or after a reload):
 * each unknown list is fetched once, so "Open list" becomes the list's name. A list deleted
 * since keeps the generic label.
 */
export function useListNames(listIds: string[]): Record<string, string> {
  const names = useStore(listNames);
  const missing = [...new Set(listIds)].filter((id) => !(id in names) && !asked.has(id));
  const wanted = missing.join(",");
  useEffect(() => {
    if (!wanted) return;
    for (const id of missing) {
      asked.add(id);
      api.list(id).then(rememberList, () => {});
    }
  }, [wanted]);
  return names;
}
