/**
 * Domain events other parts of the app react to. Emitting is the checker's job; delivering
 * them (webhooks) belongs to the webhooks slice, which fills these in. Until then an event is
 * emitted and nothing listens.
 */
import type { Env } from "../env";
import type { Subscription } from "../shared/schemas/subscriptions";
import type { Video } from "../shared/schemas/videos";

/** A subscription's check added `videos` to its list. */
export async function emitSubscriptionAdded(
  _env: Env,
  _userId: string,
  _payload: { subscription: Subscription; videos: Video[] },
): Promise<void> {}
