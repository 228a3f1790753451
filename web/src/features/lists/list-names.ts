import { useEffect } from "preact/hooks";
import { api } from "../../api/endpoints";
import { lists, putList } from "../../store/server-state";

/** A list's name for jobs and announcements, from the store; "a list" when the tab has not seen it. */
export const listName = (listId: string) => lists.value[listId]?.name ?? "a list";

const asked = new Set<string>();

/**
 * Names for lists this tab has not seen yet (the jobs page opened directly, or after a reload):
 * each unknown list is fetched once into the store. A list deleted since keeps the generic label.
 */
export function useListNames(listIds: string[]): Record<string, string | undefined> {
  const known = lists.value;
  const missing = [...new Set(listIds)].filter((id) => !(id in known) && !asked.has(id));
  const wanted = missing.join(",");
  useEffect(() => {
    if (!wanted) return;
    for (const id of missing) {
      asked.add(id);
      api.list(id).then(putList, () => {});
    }
  }, [wanted]);
  const names: Record<string, string | undefined> = {};
  for (const id of listIds) names[id] = known[id]?.name;
  return names;
}
