/** Share links: one slug per shared list; the public side looks lists up by slug alone. */
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "./client";
import { type ListRow, listShares, lists, type VideoRow, videos } from "./schema";

export async function findShareOfList(db: Db, userId: string, listId: string) {
  const [row] = await db
    .select()
    .from(listShares)
    .where(and(eq(listShares.listId, listId), eq(listShares.userId, userId)))
    .limit(1);
  return row ?? null;
}

/** The list's slug: the existing one, or `slug` stored now. Safe against two requests racing. */
export async function ensureShare(db: Db, userId: string, listId: string, slug: string): Promise<string> {
  await db.insert(listShares).values({ listId, userId, slug }).onConflictDoNothing({ target: listShares.listId });
  return (await findShareOfList(db, userId, listId))?.slug ?? slug;
}

export async function deleteShare(db: Db, userId: string, listId: string): Promise<void> {
  await db.delete(listShares).where(and(eq(listShares.listId, listId), eq(listShares.userId, userId)));
}

/** The shared list behind a slug, or null once it is unshared or deleted. */
export async function findSharedList(db: Db, slug: string): Promise<ListRow | null> {
  const [row] = await db
    .select({ list: lists })
    .from(listShares)
    .innerJoin(lists, eq(lists.id, listShares.listId))
    .where(eq(listShares.slug, slug))
    .limit(1);
  return row?.list ?? null;
}

/** Only processed videos are public: the others have no metadata, or are a running job's. */
export const publicVideoCondition = (listId: string) => and(eq(videos.listId, listId), eq(videos.status, "completed"));

export async function countPublicVideos(db: Db, listId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(videos)
    .where(publicVideoCondition(listId));
  return row?.n ?? 0;
}

export async function newestPublicVideos(db: Db, listId: string, limit: number): Promise<VideoRow[]> {
  return db
    .select()
    .from(videos)
    .where(publicVideoCondition(listId))
    .orderBy(desc(videos.createdAt), desc(videos.id))
    .limit(limit);
}
