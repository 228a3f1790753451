import type { Env } from "../env";
import type { HubClient } from "./hub-contract";

/** The user's ProgressHub. One per user shards progress by user: no global hot spot. */
export const hubFor = (env: Env, userId: string): HubClient =>
  env.PROGRESS_HUB.get(env.PROGRESS_HUB.idFromName(userId)) as unknown as HubClient;
