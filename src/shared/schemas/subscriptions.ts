/** Subscriptions: a list following a channel or playlist, checked for new videos on a schedule. */
import { z } from "zod";
import { SOURCE_KINDS, SUBSCRIPTION_FILTER_LIMITS } from "../constants";
import { isoTime } from "./common";

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
  .meta({ id: "SubscriptionFilters" });
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
  .meta({ id: "Subscription" });
export type Subscription = z.infer<typeof Subscription>;

export const CreateSubscriptionBody = z.object({
  url: z.string().min(1).max(2048),
  autoProcess: z.boolean().default(false),
  filters: SubscriptionFilters.default({}),
});

export const CheckResult = z
  .object({
    added: z.number().int(),
    jobId: z.string().nullable().meta({ description: "The job auto-process started, if any" }),
  })
  .meta({ id: "SubscriptionCheckResult" });
export type CheckResult = z.infer<typeof CheckResult>;
