/** A user's usage for the day (UTC) and where they stand against each cap. */
import { z } from "zod";
import type { CapName } from "../../domain/caps";
import { isoTime } from "./common";

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
  .meta({ id: "Usage" });
export type Usage = z.infer<typeof Usage>;
