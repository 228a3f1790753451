import { and, asc, eq, sql } from "drizzle-orm";
import type { View } from "../shared/schemas/views";
import { type Db, prepare, rowsOf } from "./client";
import { nowIso, type ViewRow, views } from "./schema";

const viewFromSql = rowsOf(views);

export const toView = ({ userId: _userId, ...view }: ViewRow): View => view;

/** A list's views in the order they were made, as tabs in the list's header. */
export async function listViews(db: Db, listId: string): Promise<ViewRow[]> {
  return db.select().from(views).where(eq(views.listId, listId)).orderBy(asc(views.createdAt), asc(views.id));
}

export async function findView(db: Db, userId: string, viewId: string): Promise<ViewRow | null> {
  return (await db.query.views.findFirst({ where: and(eq(views.id, viewId), eq(views.userId, userId)) })) ?? null;
}

/**
 * Inserts the view unless the list already has `max` of them, in one statement so that two
 * concurrent saves cannot both pass the count. Null when the list is full.
 */
export async function insertView(
  db: Db,
  view: { id: string; userId: string; listId: string; name: string; query: string },
  max: number,
): Promise<ViewRow | null> {
  const row = await prepare(
    db,
    sql`INSERT INTO views (id, user_id, list_id, name, query)
      SELECT ${view.id}, ${view.userId}, ${view.listId}, ${view.name}, ${view.query}
      WHERE (SELECT count(*) FROM views WHERE list_id = ${view.listId}) < ${max}
      RETURNING *`,
  ).first<Record<string, unknown>>();
  return row ? viewFromSql(row) : null;
}

export async function updateView(
  db: Db,
  userId: string,
  viewId: string,
  changes: { name?: string; query?: string },
): Promise<ViewRow | null> {
  const [row] = await db
    .update(views)
    .set({ ...changes, updatedAt: nowIso })
    .where(and(eq(views.id, viewId), eq(views.userId, userId)))
    .returning();
  return row ?? null;
}

export async function deleteView(db: Db, userId: string, viewId: string): Promise<boolean> {
  const deleted = await db
    .delete(views)
    .where(and(eq(views.id, viewId), eq(views.userId, userId)))
    .returning({ id: views.id });
  return deleted.length > 0;
}
