/**
 * The per-user caps, in one table: each has a name (what `limit_reached` details and
 * GET /api/usage call it), the environment variable that overrides it, and its default. A new
 * cap (webhooks) is a row here, a count in db/usage.ts `capsUsed`, its entry in the Usage schema
 * (the compiler asks for both) and a check in services/caps.ts where what it counts grows.
 */
export interface Cap {
  envVar: string;
  fallback: number;
  /** What the number counts, for the error message: "You have reached the limit of 100 <what>". */
  what: string;
}

export const CAPS = {
  lists: { envVar: "LIMIT_LISTS", fallback: 100, what: "lists" },
  videosPerList: { envVar: "LIMIT_VIDEOS_PER_LIST", fallback: 100_000, what: "videos in a list" },
  /** Ten full lists: the per-list cap alone would let one user hold 100 × 100,000 rows. */
  videosPerUser: { envVar: "LIMIT_VIDEOS_PER_USER", fallback: 1_000_000, what: "videos across your lists" },
  apiTokens: { envVar: "LIMIT_API_TOKENS", fallback: 20, what: "API tokens" },
  activeJobs: { envVar: "LIMIT_ACTIVE_JOBS", fallback: 5, what: "running or paused jobs" },
  videosProcessedPerDay: { envVar: "LIMIT_VIDEOS_PER_DAY", fallback: 50_000, what: "videos processed per day (UTC)" },
  subscriptions: { envVar: "LIMIT_SUBSCRIPTIONS", fallback: 50, what: "subscriptions" },
  webhooks: { envVar: "LIMIT_WEBHOOKS", fallback: 10, what: "webhooks" },
} as const satisfies Record<string, Cap>;

export type CapName = keyof typeof CAPS;
export const CAP_NAMES = Object.keys(CAPS) as CapName[];
