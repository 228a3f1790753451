/**
 * Changing a list. New fields can leave a saved view filtering or sorting on a field that is
 * gone, or on a value the field no longer takes, and the videos route would refuse that view
 * (400) the next time it is opened. So such views lose exactly those parameters, in the same
 * batch as the fields change; a view left with nothing keeps its name and selects every video.
 */

import type { Db } from "../db/client";
import { updateList, type ViewQueryChange } from "../db/lists";
import { listViews } from "../db/views";
import { pruneViewQuery } from "../domain/view-query";
import type { Field } from "../shared/schemas/fields";

export async function changeList(
  db: Db,
  userId: string,
  listId: string,
  changes: { name?: string; description?: string; fields?: Field[] },
): Promise<boolean> {
  const { fields } = changes;
  const rewrites: ViewQueryChange[] = [];
  if (fields) {
    for (const view of await listViews(db, listId)) {
      const to = pruneViewQuery(view.query, fields);
      if (to !== view.query) rewrites.push({ id: view.id, from: view.query, to });
    }
  }
  return updateList(db, userId, listId, changes, rewrites);
}
