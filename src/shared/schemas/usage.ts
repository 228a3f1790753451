/** A user's usage for the day (UTC) and where they stand against each cap. */
import { z } from "zod";
import type { CapName } from "../../domain/caps";
import { isoTime } from "./common";

const exampleUsage = {
  day: { start: "2026-11-23T00:00:00.000Z", end: "2026-11-24T00:00:00.000Z" },
  videosProcessed: 2,
  aiCalls: 2,
  inputTokens: 4120,
  outputTokens: 388,
  thinkingTokens: 910,
  youtubeUnits: 6,
  limits: {
    lists: { max: 100, used: 2 },
    videosPerList: { max: 100_000, used: 3 },
    videosPerUser: { max: 1_000_000, used: 5 },
    apiTokens: { max: 20, used: 1 },
    activeJobs: { max: 5, used: 0 },
    videosProcessedPerDay: { max: 50_000, used: 2 },
    subscriptions: { max: 50, used: 1 },
    webhooks: { max: 10, used: 1 },
  },
};

const Count = z.number().int().min(0);

export const CapUse = z.object({ max: Count, used: Count });

export const Usage = z
  .object({
    day: z.object({ start: isoTime, end: isoTime }),
    videosProcessed: Count,
    aiCalls: Count,
    inputTokens: Count,
    outputTokens: Count,
    /** Billed like output by models that think; reported apart. */
    thinkingTokens: Count,
    youtubeUnits: Count,
    limits: z.object({
      lists: CapUse,
      videosPerList: CapUse.meta({ description: "`used` is the user's largest list" }),
      videosPerUser: CapUse.meta({ description: "Videos across all of the user's lists" }),
      apiTokens: CapUse,
      activeJobs: CapUse,
      videosProcessedPerDay: CapUse,
      subscriptions: CapUse,
      webhooks: CapUse,
    } satisfies Record<CapName, typeof CapUse>),
  })
  .meta({ id: "Usage", examples: [exampleUsage] });
export type Usage = z.infer<typeof Usage>;
