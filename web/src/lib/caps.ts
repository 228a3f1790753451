import { formatNumber } from "./format";

/**
 * The per-user caps as people read them: a name for the usage meters, and for a 422
 * `limit_reached {limit, max}` a sentence naming the limit, its maximum and what to do about it.
 * A cap the server adds later still reads sensibly, under its own key and the server's message.
 */
interface CapText {
  label: string;
  reached: (max: string) => string;
}

const CAPS: Record<string, CapText> = {
  lists: {
    label: "Lists",
    reached: (max) => `You have ${max} lists, the most an account can have. Delete a list you no longer need first.`,
  },
  videosPerList: {
    label: "Videos in your largest list",
    reached: (max) =>
      `A list holds at most ${max} videos, and this would pass that. Remove some videos, or add these to another list.`,
  },
  videosPerUser: {
    label: "Videos in all your lists",
    reached: (max) =>
      `Your lists hold at most ${max} videos in all, and this would pass that. Remove videos you no longer need first.`,
  },
  apiTokens: {
    label: "API tokens",
    reached: (max) => `You have ${max} API tokens, the most allowed. Revoke one you no longer use first.`,
  },
  activeJobs: {
    label: "Jobs running at once",
    reached: (max) =>
      `At most ${max} jobs can be running or paused at once. Wait for one to finish, or cancel one, then try again.`,
  },
  videosProcessedPerDay: {
    label: "Videos processed today",
    reached: (max) =>
      `You can process ${max} videos a day (UTC), and this would pass today's. Process fewer, or try again after midnight UTC.`,
  },
  subscriptions: {
    label: "Subscriptions",
    reached: (max) => `You have ${max} subscriptions, the most allowed. Remove one you no longer need first.`,
  },
  webhooks: {
    label: "Webhooks",
    reached: (max) => `You have ${max} webhooks, the most allowed. Delete one you no longer need first.`,
  },
  viewsPerList: {
    label: "Saved views in a list",
    reached: (max) => `A list keeps at most ${max} saved views. Delete one you no longer use first.`,
  },
};

export const capLabel = (name: string) => CAPS[name]?.label ?? name;

/** The sentence for a `limit_reached` error, or null when its details are not `{limit, max}`. */
export function limitReachedSentence(details: unknown): string | null {
  if (typeof details !== "object" || details === null) return null;
  const limit = "limit" in details ? details.limit : undefined;
  const max = "max" in details ? details.max : undefined;
  if (typeof limit !== "string" || typeof max !== "number") return null;
  const text = CAPS[limit];
  return text ? text.reached(formatNumber(max)) : null;
}
