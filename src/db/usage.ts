/**
 * What the caps count, and a user's usage for the day (the `usage_days` rows the consumer adds
 * to, see video-results.ts, and source reads add their units to). Each count is one indexed query.
 */
import { and, count, eq, inArray, sql } from "drizzle-orm";
import type { CapName } from "../domain/caps";
import type { Db } from "./client";
import { jobs, lists, tokens, usageDays, videos } from "./schema";
import { countSubscriptions } from "./subscriptions";
import { countWebhooks } from "./webhooks";

const today = sql`strftime('%Y-%m-%d', 'now')`;

export async function usageToday(db: Db, userId: string) {
  const [row] = await db
    .select({
      day: today.mapWith(String),
      videosProcessed: sql`coalesce(max(${usageDays.videosProcessed}), 0)`.mapWith(Number),
      aiCalls: sql`coalesce(max(${usageDays.aiCalls}), 0)`.mapWith(Number),
      inputTokens: sql`coalesce(max(${usageDays.inputTokens}), 0)`.mapWith(Number),
      outputTokens: sql`coalesce(max(${usageDays.outputTokens}), 0)`.mapWith(Number),
      thinkingTokens: sql`coalesce(max(${usageDays.thinkingTokens}), 0)`.mapWith(Number),
      youtubeUnits: sql`coalesce(max(${usageDays.youtubeUnits}), 0)`.mapWith(Number),
    })
    .from(usageDays)
    .where(and(eq(usageDays.userId, userId), eq(usageDays.day, today)));
  return row as NonNullable<typeof row>;
}

/** Adds YouTube quota units spent outside a job (source previews, imports, subscription checks) to today's row. */
export async function addYoutubeUnits(db: Db, userId: string, units: number): Promise<void> {
  await db
    .insert(usageDays)
    .values({ userId, day: today, youtubeUnits: units })
    .onConflictDoUpdate({
      target: [usageDays.userId, usageDays.day],
      set: { youtubeUnits: sql`${usageDays.youtubeUnits} + excluded.youtube_units` },
    });
}

const countOf = async (query: Promise<{ n: number }[]>) => (await query)[0]?.n ?? 0;

export const countLists = (db: Db, userId: string) =>
  countOf(db.select({ n: count() }).from(lists).where(eq(lists.userId, userId)));

export const countListVideos = (db: Db, listId: string) =>
  countOf(db.select({ n: count() }).from(videos).where(eq(videos.listId, listId)));

/** Through each list's index: videos carry no index on their owner. */
export const countUserVideos = (db: Db, userId: string) =>
  countOf(
    db
      .select({ n: count() })
      .from(videos)
      .where(inArray(videos.listId, db.select({ id: lists.id }).from(lists).where(eq(lists.userId, userId)))),
  );

/** Of these YouTube ids, how many the list already holds (they would be duplicates, not additions). */
export const countListVideosAmong = (db: Db, listId: string, youtubeIds: string[]) =>
  countOf(
    db
      .select({ n: count() })
      .from(videos)
      .where(
        and(
          eq(videos.listId, listId),
          sql`${videos.youtubeId} IN (SELECT value FROM json_each(${JSON.stringify(youtubeIds)}))`,
        ),
      ),
  );

export const countApiTokens = (db: Db, userId: string) =>
  countOf(
    db
      .select({ n: count() })
      .from(tokens)
      .where(and(eq(tokens.userId, userId), eq(tokens.kind, "api"))),
  );

export const countActiveJobs = (db: Db, userId: string) =>
  countOf(
    db
      .select({ n: count() })
      .from(jobs)
      .where(and(eq(jobs.userId, userId), inArray(jobs.status, ["running", "paused"]))),
  );

/** The largest list of the user: how close they are to the per-list cap. */
export const largestList = async (db: Db, userId: string) =>
  countOf(
    db.select({ n: sql<number>`coalesce(max(n), 0)`.mapWith(Number) }).from(
      db
        .select({ n: count().as("n") })
        .from(videos)
        .where(eq(videos.userId, userId))
        .groupBy(videos.listId)
        .as("per_list"),
    ),
  );

/** Each cap's current use, for GET /api/usage. */
export async function capsUsed(db: Db, userId: string, videosProcessedToday: number): Promise<Record<CapName, number>> {
  const [listCount, biggest, userVideos, apiTokens, activeJobs, subscriptionCount, webhookCount] = await Promise.all([
    countLists(db, userId),
    largestList(db, userId),
    countUserVideos(db, userId),
    countApiTokens(db, userId),
    countActiveJobs(db, userId),
    countSubscriptions(db, userId),
    countWebhooks(db, userId),
  ]);
  return {
    lists: listCount,
    videosPerList: biggest,
    videosPerUser: userVideos,
    apiTokens,
    activeJobs,
    videosProcessedPerDay: videosProcessedToday,
    subscriptions: subscriptionCount,
    webhooks: webhookCount,
  };
}
