/**
 * Subscriptions a user makes and removes, and "check now". A new subscription resolves its
 * source and starts from the newest entry in it now: existing videos come in through
 * `sources/import`, the subscription brings what arrives later.
 */

import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/client";
import type { ListRow, SubscriptionRow } from "../db/schema";
import { findSubscription, insertSubscription } from "../db/subscriptions";
import type { Config, Env } from "../env";
import { ApiError, notFound } from "../errors";
import { newId } from "../lib/ids";
import type { CheckResult, SubscriptionFilters } from "../shared/schemas/subscriptions";
import { checkNewSubscription } from "./caps";
import { resolveSource } from "./source-resolve";
import { withSourceApi } from "./source-upstream";
import { checkSubscription, sourceBaseline } from "./subscription-check";

export async function createSubscription(
  env: Env,
  config: Config,
  db: Db,
  list: ListRow,
  userId: string,
  request: { url: string; autoProcess: boolean; filters: SubscriptionFilters },
): Promise<SubscriptionRow> {
  await checkNewSubscription(config.caps, db, userId);
  const { source, baseline } = await withSourceApi(env, config, db, userId, async (api) => {
    const source = await resolveSource(api, request.url);
    const baseline = await sourceBaseline(api, source);
    if (!baseline) throw notFound(source.kind === "channel" ? "Channel" : "Playlist");
    return { source, baseline };
  });
  try {
    return await insertSubscription(
      db,
      {
        id: newId("sub"),
        userId,
        listId: list.id,
        kind: source.kind,
        sourceId: source.sourceId,
        playlistId: source.playlistId,
        title: source.title,
        autoProcess: request.autoProcess,
        filters: request.filters,
        seenUntil: baseline.seenUntil,
        seenTotal: baseline.seenTotal,
      },
      config.subscriptions.intervalSeconds,
    );
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ApiError("conflict", "This list already follows that source", { sourceId: source.sourceId });
    }
    throw error;
  }
}

export async function checkNow(
  env: Env,
  config: Config,
  db: Db,
  userId: string,
  subscriptionId: string,
): Promise<CheckResult> {
  const subscription = await findSubscription(db, userId, subscriptionId);
  if (!subscription) throw notFound("Subscription");
  return checkSubscription(env, config, db, subscription);
}
