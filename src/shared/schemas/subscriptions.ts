/** Subscriptions: a list following a channel or playlist, checked for new videos on a schedule. */
import { z } from "zod";
import { SOURCE_KINDS, SUBSCRIPTION_FILTER_LIMITS } from "../constants";
import { isoTime } from "./common";
import { EXAMPLE_IDS, EXAMPLE_TIMES } from "./examples";

const exampleFilters = { minDurationSeconds: 600, excludeShorts: true, titleIncludes: ["talk", "keynote"] };

const seconds = z
  .number()
  .int()
  .min(0)
  .max(7 * 86_400);

export const SubscriptionFilters = z
  .object({
    minDurationSeconds: seconds.optional(),
    maxDurationSeconds: seconds.optional(),
    excludeShorts: z.boolean().optional().meta({ description: "Leave out videos of 180 s or less" }),
    titleIncludes: z
      .array(z.string().trim().min(1).max(SUBSCRIPTION_FILTER_LIMITS.keywordLength))
      .max(SUBSCRIPTION_FILTER_LIMITS.keywords)
      .optional()
      .meta({ description: "Keep a video whose title contains any of these (case-insensitive)" }),
  })
  .strict()
  .refine(
    (f) =>
      f.minDurationSeconds === undefined ||
      f.maxDurationSeconds === undefined ||
      f.minDurationSeconds <= f.maxDurationSeconds,
    { message: "minDurationSeconds must not exceed maxDurationSeconds", path: ["minDurationSeconds"] },
  )
  .meta({ id: "SubscriptionFilters", examples: [exampleFilters] });
export type SubscriptionFilters = z.infer<typeof SubscriptionFilters>;

export const Subscription = z
  .object({
    id: z.string(),
    listId: z.string(),
    kind: z.enum(SOURCE_KINDS),
    sourceId: z.string(),
    title: z.string(),
    autoProcess: z.boolean(),
    filters: SubscriptionFilters,
    lastCheckedAt: isoTime.nullable(),
    lastAddedCount: z.number().int().nullable(),
    error: z
      .string()
      .nullable()
      .meta({ description: "Why the last check failed (the source is gone, …); null after a good one" }),
    createdAt: isoTime,
  })
  .meta({
    id: "Subscription",
    examples: [
      {
        id: EXAMPLE_IDS.subscription,
        listId: EXAMPLE_IDS.list,
        kind: "channel",
        sourceId: "UC_x5XG1OV2P6uZZ5FSM9Ttw",
        title: "Google for Developers",
        autoProcess: true,
        filters: exampleFilters,
        lastCheckedAt: EXAMPLE_TIMES.finished,
        lastAddedCount: 1,
        error: null,
        createdAt: EXAMPLE_TIMES.created,
      },
    ],
  });
export type Subscription = z.infer<typeof Subscription>;

export const CreateSubscriptionBody = z
  .object({
    url: z.string().min(1).max(2048),
    autoProcess: z.boolean().default(false),
    filters: SubscriptionFilters.default({}),
  })
  .meta({
    examples: [{ url: "https://www.youtube.com/@GoogleDevelopers", autoProcess: true, filters: exampleFilters }],
  });

export const CheckResult = z
  .object({
    added: z.number().int(),
    jobId: z.string().nullable().meta({ description: "The job auto-process started, if any" }),
  })
  .meta({
    id: "SubscriptionCheckResult",
    examples: [
      { added: 1, jobId: EXAMPLE_IDS.job },
      { added: 0, jobId: null },
    ],
  });
export type CheckResult = z.infer<typeof CheckResult>;
