import { and, desc, eq, sql } from "drizzle-orm";
import type { Cursor } from "../lib/cursor";
import type { Field } from "../shared/schemas/fields";
import type { List } from "../shared/schemas/lists";
import { type Db, olderThan, prepare } from "./client";
import { type ListRow, lists, nowIso, videos, views } from "./schema";
import { type Unmark, unmarkStatements } from "./video-edits";

// Spelled out: drizzle leaves columns unqualified in single-table selects, which would make
// `id` resolve to videos.id inside the subquery.
const videoCount = sql<number>`(SELECT count(*) FROM videos WHERE videos.list_id = lists.id)`.mapWith(Number);

const listColumns = {
  id: lists.id,
  name: lists.name,
  description: lists.description,
  fields: lists.fields,
  videoCount,
  createdAt: lists.createdAt,
  updatedAt: lists.updatedAt,
};

export async function pageLists(db: Db, userId: string, limit: number, after: Cursor | null): Promise<List[]> {
  return db
    .select(listColumns)
    .from(lists)
    .where(and(eq(lists.userId, userId), olderThan(lists, after)))
    .orderBy(desc(lists.createdAt), desc(lists.id))
    .limit(limit + 1);
}

/** A list of this user's, or null: other users' lists are indistinguishable from missing ones. */
export async function findList(db: Db, userId: string, listId: string): Promise<List | null> {
  const [row] = await db
    .select(listColumns)
    .from(lists)
    .where(and(eq(lists.id, listId), eq(lists.userId, userId)))
    .limit(1);
  return row ?? null;
}

export async function findListRow(db: Db, userId: string, listId: string): Promise<ListRow | null> {
  const row = await db.query.lists.findFirst({ where: and(eq(lists.id, listId), eq(lists.userId, userId)) });
  return row ?? null;
}

/** The fields of each of these lists of the user's, in one query. */
export async function fieldsOfLists(db: Db, userId: string, listIds: string[]): Promise<Map<string, Field[]>> {
  if (listIds.length === 0) return new Map();
  const rows = await db
    .select({ id: lists.id, fields: lists.fields })
    .from(lists)
    .where(
      and(eq(lists.userId, userId), sql`${lists.id} IN (SELECT value FROM json_each(${JSON.stringify(listIds)}))`),
    );
  return new Map(rows.map((row) => [row.id, row.fields]));
}

export async function insertList(
  db: Db,
  list: { id: string; userId: string; name: string; description: string; fields: Field[] },
): Promise<List> {
  const [row] = await db.insert(lists).values(list).returning();
  const inserted = row as ListRow;
  return { ...toListShape(inserted), videoCount: 0 };
}

/** A saved view's query replaced, only if it still reads `from` (a PATCH since then wins). */
export interface ViewQueryChange {
  id: string;
  from: string;
  to: string;
}

/**
 * Changes the list, rewrites these views of it and takes these marks off its videos, in one batch:
 * the fields, the views and the corrections never disagree.
 */
export async function updateList(
  db: Db,
  userId: string,
  listId: string,
  changes: { name?: string; description?: string; fields?: Field[] },
  follow: { viewQueries?: ViewQueryChange[]; unmarks?: Unmark[] } = {},
): Promise<boolean> {
  // One D1 batch of raw statements: drizzle's own batch cannot hold the raw SQL of the marks.
  const [updated] = await db.$client.batch([
    prepare(
      db,
      db
        .update(lists)
        .set({ ...changes, updatedAt: nowIso })
        .where(and(eq(lists.id, listId), eq(lists.userId, userId)))
        .returning({ id: lists.id })
        .getSQL(),
    ),
    ...(follow.viewQueries ?? []).map((view) =>
      prepare(
        db,
        db
          .update(views)
          .set({ query: view.to, updatedAt: nowIso })
          .where(
            and(eq(views.id, view.id), eq(views.listId, listId), eq(views.userId, userId), eq(views.query, view.from)),
          )
          .getSQL(),
      ),
    ),
    ...unmarkStatements(db, { userId, listId }, follow.unmarks ?? []),
  ]);
  return (updated?.results.length ?? 0) > 0;
}

/** Marks the list as recently active (videos added), which orders "last activity" in the UI. */
export const touchList = (db: Db, listId: string) =>
  db.update(lists).set({ updatedAt: nowIso }).where(eq(lists.id, listId));

export async function deleteList(db: Db, userId: string, listId: string): Promise<void> {
  // Videos and views go first in the same transaction; the foreign keys would cascade, but D1
  // does not promise foreign-key enforcement is on for every connection.
  await db.batch([
    db.delete(videos).where(eq(videos.listId, listId)),
    db.delete(views).where(eq(views.listId, listId)),
    db.delete(lists).where(and(eq(lists.id, listId), eq(lists.userId, userId))),
  ]);
}

const toListShape = (row: ListRow) => ({
  id: row.id,
  name: row.name,
  description: row.description,
  fields: row.fields,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
