import type { Env } from "../env";

/** The user's ProgressHub. One per user shards progress by user: no global hot spot. */
export const hubFor = (env: Env, userId: string) => env.PROGRESS_HUB.get(env.PROGRESS_HUB.idFromName(userId));
