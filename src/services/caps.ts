/**
 * Enforcing the caps of domain/caps.ts where what they count grows. A request that would go
 * over a cap is refused whole (422 `limit_reached`, `details {limit, max}`) before anything is
 * written. Counts are read just before the write, not in the same transaction: two requests
 * racing at the edge of a cap may both pass, so a cap can be exceeded by a request's worth.
 */
import type { Db } from "../db/client";
import { countSubscriptions } from "../db/subscriptions";
import {
  countActiveJobs,
  countApiTokens,
  countLists,
  countListVideos,
  countListVideosAmong,
  countUserVideos,
  usageToday,
} from "../db/usage";
import { countWebhooks } from "../db/webhooks";
import { CAPS, type CapName } from "../domain/caps";
import { type Env, readCaps } from "../env";
import { ApiError } from "../errors";

export const limitReached = (limit: CapName, max: number) =>
  new ApiError("limit_reached", `You have reached the limit of ${max.toLocaleString("en-US")} ${CAPS[limit].what}`, {
    limit,
    max,
  });

function within(env: Env, limit: CapName, used: number, adding: number) {
  const max = readCaps(env)[limit];
  if (used + adding > max) throw limitReached(limit, max);
}

export const checkNewList = async (env: Env, db: Db, userId: string) =>
  within(env, "lists", await countLists(db, userId), 1);

export const checkNewSubscription = async (env: Env, db: Db, userId: string) =>
  within(env, "subscriptions", await countSubscriptions(db, userId), 1);

export const checkNewWebhook = async (env: Env, db: Db, userId: string) =>
  within(env, "webhooks", await countWebhooks(db, userId), 1);

export const checkNewApiToken = async (env: Env, db: Db, userId: string) =>
  within(env, "apiTokens", await countApiTokens(db, userId), 1);

/**
 * `youtubeIds`: the distinct videos a request would put in the list; those the list already has
 * do not count. `moving`: they leave another of the user's lists, so only the list grows.
 */
export async function checkNewVideos(
  env: Env,
  db: Db,
  target: { listId: string; userId: string },
  youtubeIds: string[],
  { moving = false } = {},
) {
  if (youtubeIds.length === 0) return;
  const max = readCaps(env);
  const [inList, ofUser] = await Promise.all([
    countListVideos(db, target.listId),
    moving ? 0 : countUserVideos(db, target.userId),
  ]);
  const fits = (adding: number) => inList + adding <= max.videosPerList && ofUser + adding <= max.videosPerUser;
  if (fits(youtubeIds.length)) return;
  const adding = youtubeIds.length - (await countListVideosAmong(db, target.listId, youtubeIds));
  if (inList + adding > max.videosPerList) throw limitReached("videosPerList", max.videosPerList);
  if (ofUser + adding > max.videosPerUser) throw limitReached("videosPerUser", max.videosPerUser);
}

/** A new job: one more active job, and `videos` more to process today. */
export async function checkNewJob(env: Env, db: Db, userId: string, videos: number) {
  within(env, "activeJobs", await countActiveJobs(db, userId), 1);
  within(env, "videosProcessedPerDay", (await usageToday(db, userId)).videosProcessed, videos);
}
