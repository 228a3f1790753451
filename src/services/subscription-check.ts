/**
 * One check of one subscription, whether the Cron Trigger's queue or "check now" asked: read
 * what entered the source since the newest entry seen, keep what passes the filters, add it as
 * bulk add does, move the watermark, and (with auto-process) start a job through the normal job
 * path. Checking twice is harmless: the watermark has moved, and an add of a video already in
 * the list is a duplicate. A source that is gone marks the subscription with an error, and so
 * does an add over a videos cap (then nothing is added and the watermark stays).
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { findListRow } from "../db/lists";
import { type SubscriptionRow, videos } from "../db/schema";
import { recordCheck, toSubscription } from "../db/subscriptions";
import { toVideo } from "../db/videos";
import { durationMatches, needsDurations, titleMatches } from "../domain/subscription-filters";
import type { Config, Env } from "../env";
import { ApiError } from "../errors";
import { sha256Hex } from "../lib/crypto";
import type { PlaylistEntry } from "../providers/youtube-sources";
import type { CheckResult } from "../shared/schemas/subscriptions";
import { emitSubscriptionAdded } from "./events";
import { idempotentRequest } from "./idempotency";
import { startJob } from "./jobs";
import { collectSince } from "./source-pages";
import { type SourceApi, withSourceApi } from "./source-upstream";
import { addVideosToList } from "./video-intake";

/**
 * A playlist that changed size is read to its end, up to this many pages (1,000 items); its
 * entries past that are not seen. An uploads playlist is read only as far as its new uploads.
 */
export const MAX_CHECK_PAGES = 20;

export const GONE_MESSAGE = {
  channel: "The channel no longer exists on YouTube, or its uploads are not public",
  playlist: "The playlist no longer exists on YouTube, or it is private",
} as const;

export const checkSubscription = (
  env: Env,
  config: Config,
  db: Db,
  subscription: SubscriptionRow,
): Promise<CheckResult> =>
  withSourceApi(env, config, db, subscription.userId, (api) => check(env, config, db, api, subscription));

async function check(
  env: Env,
  config: Config,
  db: Db,
  api: SourceApi,
  subscription: SubscriptionRow,
): Promise<CheckResult> {
  const read = await collectNew(api, subscription);
  if (!read) {
    await recordCheck(db, subscription.id, { addedCount: null, error: GONE_MESSAGE[subscription.kind] });
    return { added: 0, jobId: null };
  }
  const kept = await keep(api, subscription, read.entries);
  const target = { listId: subscription.listId, userId: subscription.userId };
  const lines = kept.map((entry, i) => ({ line: i + 1, input: entry.videoId }));
  const { added, duplicates } = await addVideosToList(config.caps, db, target, lines).catch(async (error: unknown) => {
    // Refused whole, as any add over a cap. The watermark stays, so these videos come in with
    // the first check after the user makes room.
    if (error instanceof ApiError && error.code === "limit_reached") {
      const reason = `${error.message}; new videos from this source wait until there is room`;
      await recordCheck(db, subscription.id, { addedCount: 0, error: reason });
    }
    throw error;
  });
  // What the source delivered that is already in the list counts too: a check redelivered after
  // it added its videos but before it started their job finds them as duplicates.
  const delivered = [...added.map((video) => video.id), ...duplicates.map((entry) => entry.videoId)];
  const { jobId, waiting } = subscription.autoProcess
    ? await processAdded(env, config, db, subscription, [...subscription.waitingVideoIds, ...delivered])
    : { jobId: null, waiting: [] };
  const row = await recordCheck(db, subscription.id, {
    seenUntil: read.newest,
    seenTotal: read.total,
    addedCount: added.length,
    waitingVideoIds: waiting,
    error: null,
  });
  if (row && added.length > 0) {
    await emitSubscriptionAdded(env, subscription.userId, {
      subscription: toSubscription(row),
      // Just added: they hold no values yet, so no list's fields are needed to show them.
      videos: added.map((row) => toVideo(row, [])),
    });
  }
  return { added: added.length, jobId };
}

/** The baseline of a new subscription: the newest entry in the source now, and its size. */
export async function sourceBaseline(
  api: SourceApi,
  source: { playlistId: string; newestFirst: boolean },
): Promise<{ seenUntil: string | null; seenTotal: number | null } | null> {
  const read = await collectSince(api, source, { at: null, total: null }, MAX_CHECK_PAGES);
  return read && { seenUntil: read.newest, seenTotal: read.total };
}

async function collectNew(api: SourceApi, subscription: SubscriptionRow) {
  return collectSince(
    api,
    { playlistId: subscription.playlistId, newestFirst: subscription.playlistId.startsWith("UU") },
    { at: subscription.seenUntil, total: subscription.seenTotal },
    MAX_CHECK_PAGES,
  );
}

async function keep(api: SourceApi, subscription: SubscriptionRow, entries: PlaylistEntry[]): Promise<PlaylistEntry[]> {
  const { filters } = subscription;
  const titled = entries.filter((entry) => titleMatches(filters, entry.title));
  if (titled.length === 0 || !needsDurations(filters)) return titled;
  const metadata = await api.videoMetadata(titled.map((entry) => entry.videoId));
  return titled.filter((entry) => {
    const video = metadata.get(entry.videoId);
    // Gone between the playlist page and videos.list: nothing to add.
    return video !== null && video !== undefined && durationMatches(filters, video.durationSeconds);
  });
}

/**
 * Starts a job over the videos this subscription added (this check's and those that waited),
 * as Process would, and over nothing else of the list: videos added by hand stay the user's to
 * process. A video processed, started or removed meanwhile drops out. One active job per list:
 * if one runs, the videos wait for the next check (returned as `waiting`). The key is derived
 * from the videos, so a repeated check starts nothing new, and new arrivals make a new job.
 */
async function processAdded(
  env: Env,
  config: Config,
  db: Db,
  subscription: SubscriptionRow,
  candidates: readonly string[],
): Promise<{ jobId: string | null; waiting: string[] }> {
  const none = { jobId: null, waiting: [] };
  if (candidates.length === 0) return none;
  const list = await findListRow(db, subscription.userId, subscription.listId);
  if (!list) return none;
  const stillWaiting = await db
    .select({ id: videos.id })
    .from(videos)
    .where(
      and(
        sql`${videos.id} IN (SELECT value FROM json_each(${JSON.stringify([...new Set(candidates)])}))`,
        eq(videos.listId, list.id),
        eq(videos.status, "pending"),
        isNull(videos.processedVersion),
      ),
    )
    .orderBy(videos.id);
  const videoIds = stillWaiting.map((row) => row.id);
  if (videoIds.length === 0) return none;
  const idempotencyKey = `subscription:${subscription.id}:${(await sha256Hex(videoIds.join(","))).slice(0, 32)}`;
  try {
    const { job } = await startJob(env, config.caps, db, {
      list,
      userId: subscription.userId,
      force: false,
      videoIds,
      idempotency: await idempotentRequest(idempotencyKey, `check subscription ${subscription.id}`, { videoIds }),
    });
    return { jobId: job.id, waiting: [] };
  } catch (error) {
    // A running job or the user's job caps reached: the videos wait for the next check (or a
    // Process), which is what the user expects. Nothing to take: none wait any more.
    if (error instanceof ApiError && error.code === "nothing_to_process") return none;
    if (error instanceof ApiError && (error.code === "job_active" || error.code === "limit_reached")) {
      return { jobId: null, waiting: videoIds };
    }
    throw error;
  }
}
