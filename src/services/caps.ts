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
import type { Caps } from "../env";
import { ApiError } from "../errors";

export const limitReached = (limit: CapName, max: number) =>
  new ApiError("limit_reached", `You have reached the limit of ${max.toLocaleString("en-US")} ${CAPS[limit].what}`, {
    limit,
    max,
  });

function within(caps: Caps, limit: CapName, used: number, adding: number) {
  const max = caps[limit];
  if (used + adding > max) throw limitReached(limit, max);
}

export const checkNewList = async (caps: Caps, db: Db, userId: string) =>
  within(caps, "lists", await countLists(db, userId), 1);

export const checkNewSubscription = async (caps: Caps, db: Db, userId: string) =>
  within(caps, "subscriptions", await countSubscriptions(db, userId), 1);

export const checkNewWebhook = async (caps: Caps, db: Db, userId: string) =>
  within(caps, "webhooks", await countWebhooks(db, userId), 1);

export const checkNewApiToken = async (caps: Caps, db: Db, userId: string) =>
  within(caps, "apiTokens", await countApiTokens(db, userId), 1);

/**
 * `youtubeIds`: the distinct videos a request would put in the list; those the list already has
 * do not count. `moving`: they leave another of the user's lists, so only the list grows.
 */
export async function checkNewVideos(
  caps: Caps,
  db: Db,
  target: { listId: string; userId: string },
  youtubeIds: string[],
  { moving = false } = {},
) {
  if (youtubeIds.length === 0) return;
  const [inList, ofUser] = await Promise.all([
    countListVideos(db, target.listId),
    moving ? 0 : countUserVideos(db, target.userId),
  ]);
  const fits = (adding: number) => inList + adding <= caps.videosPerList && ofUser + adding <= caps.videosPerUser;
  if (fits(youtubeIds.length)) return;
  const adding = youtubeIds.length - (await countListVideosAmong(db, target.listId, youtubeIds));
  if (inList + adding > caps.videosPerList) throw limitReached("videosPerList", caps.videosPerList);
  if (ofUser + adding > caps.videosPerUser) throw limitReached("videosPerUser", caps.videosPerUser);
}

/** A new job: one more active job, and `videos` more to process today. */
export async function checkNewJob(caps: Caps, db: Db, userId: string, videos: number) {
  within(caps, "activeJobs", await countActiveJobs(db, userId), 1);
  within(caps, "videosProcessedPerDay", (await usageToday(db, userId)).videosProcessed, videos);
}
