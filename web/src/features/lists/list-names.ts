import type { List } from "../../../../src/shared/schemas";
import { createStore } from "../../lib/store";

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
