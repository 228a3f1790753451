/**
 * Changing a list. New fields can leave things that were right for the old ones, and each is put
 * right in the same batch as the fields change:
 * - a saved view filtering or sorting on a field that is gone, or on a value the field no longer
 *   takes, would be refused (400) the next time it is opened, so it loses exactly those
 *   parameters; a view left with nothing keeps its name and selects every video;
 * - a person's correction the retyped field cannot hold would be kept by every normal run, and the
 *   video would never get a value it can show, so the correction loses its mark: the value stays
 *   stored (not shown, domain/field-values.ts `fitsField`) until the next run fills the field.
 */

import type { Db } from "../db/client";
import { findListRow, updateList, type ViewQueryChange } from "../db/lists";
import { type Unmark, videosMarkedOn } from "../db/video-edits";
import { listViews } from "../db/views";
import { refusedKeys, reshapedKeys } from "../domain/field-values";
import { pruneViewQuery } from "../domain/view-query";
import type { Field } from "../shared/schemas/fields";

export async function changeList(
  db: Db,
  userId: string,
  listId: string,
  changes: { name?: string; description?: string; fields?: Field[] },
): Promise<boolean> {
  const { fields } = changes;
  if (!fields) return updateList(db, userId, listId, changes);
  // The fields it had, only: the row, without the video count the route's answer reads after.
  const list = await findListRow(db, userId, listId);
  if (!list) return false;
  return updateList(db, userId, listId, changes, {
    viewQueries: await rewrittenViews(db, listId, fields),
    unmarks: await refusedCorrections(db, listId, list.fields, fields),
  });
}

async function rewrittenViews(db: Db, listId: string, fields: Field[]): Promise<ViewQueryChange[]> {
  const rewrites: ViewQueryChange[] = [];
  for (const view of await listViews(db, listId)) {
    const to = pruneViewQuery(view.query, fields);
    if (to !== view.query) rewrites.push({ id: view.id, from: view.query, to });
  }
  return rewrites;
}

/** The marks on corrected values of reshaped fields that the new fields refuse. */
async function refusedCorrections(db: Db, listId: string, before: Field[], after: Field[]): Promise<Unmark[]> {
  const reshaped = reshapedKeys(before, after);
  if (reshaped.length === 0) return [];
  const unmarks: Unmark[] = [];
  for (const video of await videosMarkedOn(db, listId, reshaped)) {
    const corrected = Object.fromEntries(
      reshaped.filter((key) => video.fieldSources?.[key] === "user").map((key) => [key, video.fields?.[key] ?? null]),
    );
    const keys = refusedKeys(after, corrected);
    if (keys.length > 0) unmarks.push({ id: video.id, updatedAt: video.updatedAt, keys });
  }
  return unmarks;
}
