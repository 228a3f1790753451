/** Jobs: processing a list's videos, its preview, and the history of its progress. */
import { z } from "zod";
import { JOB_STATUSES, LIMITS, PAUSED_REASONS } from "../constants";
import { isoTime, PageQuery } from "./common";
import { EXAMPLE_IDS, EXAMPLE_PIPELINE_VERSION, EXAMPLE_TIMES } from "./examples";

const count = z.number().int().min(0);

/** Upstream spend of a job so far, as the queue consumer reported it batch by batch. */
export const JobUsage = z
  .object({
    youtubeUnits: count.meta({ description: "YouTube Data API quota units" }),
    aiCalls: count.meta({ description: "AI extraction requests" }),
    inputTokens: count,
    outputTokens: count,
    thinkingTokens: count.meta({ description: "Reasoning tokens, billed as output by Gemini" }),
  })
  .meta({
    id: "JobUsage",
    examples: [{ youtubeUnits: 1, aiCalls: 2, inputTokens: 4120, outputTokens: 388, thinkingTokens: 910 }],
  });
export type JobUsage = z.infer<typeof JobUsage>;

/** The job that processed the examples' list: two videos done, one a person added later. */
export const EXAMPLE_JOB = {
  id: EXAMPLE_IDS.job,
  listId: EXAMPLE_IDS.list,
  status: "completed" as const,
  total: 2,
  processed: 2,
  failed: 0,
  progress: 100,
  force: false,
  pipelineVersion: EXAMPLE_PIPELINE_VERSION,
  errorMessage: null,
  pausedReason: null,
  resumesAt: null,
  usage: { youtubeUnits: 1, aiCalls: 2, inputTokens: 4120, outputTokens: 388, thinkingTokens: 910 },
  createdAt: EXAMPLE_TIMES.updated,
  startedAt: EXAMPLE_TIMES.updated,
  finishedAt: EXAMPLE_TIMES.finished,
  updatedAt: EXAMPLE_TIMES.finished,
};

export const Job = z
  .object({
    id: z.string(),
    listId: z.string(),
    status: z.enum(JOB_STATUSES),
    total: z.number().int(),
    processed: z.number().int(),
    failed: z.number().int(),
    progress: z.number().int().min(0).max(100),
    force: z.boolean(),
    pipelineVersion: z.string(),
    errorMessage: z.string().nullable(),
    pausedReason: z.enum(PAUSED_REASONS).nullable().meta({
      description:
        "Why a paused job is paused: `user` (pause was asked for), or an upstream `rate_limit` / `quota` that parked it until `resumesAt`; null unless paused",
    }),
    resumesAt: isoTime.nullable().meta({ description: "When a parked job resumes by itself (or earlier on /resume)" }),
    usage: JobUsage,
    createdAt: isoTime,
    startedAt: isoTime.nullable(),
    finishedAt: isoTime.nullable(),
    updatedAt: isoTime,
  })
  .meta({ id: "Job", examples: [EXAMPLE_JOB] });
export type Job = z.infer<typeof Job>;

export const VideoStatusCounts = z.object({
  pending: z.number().int(),
  queued: z.number().int(),
  processing: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
});
export const JobDetail = Job.extend({ videos: VideoStatusCounts }).meta({
  id: "JobDetail",
  examples: [{ ...EXAMPLE_JOB, videos: { pending: 0, queued: 0, processing: 0, completed: 2, failed: 0 } }],
});
export type JobDetail = z.infer<typeof JobDetail>;

export const ProcessBody = z
  .object({
    force: z.boolean().optional(),
    videoIds: z.array(z.string()).min(1).max(10_000).optional(),
  })
  .meta({ examples: [{}, { force: true, videoIds: EXAMPLE_IDS.videos.slice(0, 2) }] });

export const ProcessingStatus = z
  .object({
    pipelineVersion: z.string(),
    total: z.number().int(),
    new: z.number().int(),
    processed: z.number().int(),
    needsRerun: z.number().int(),
    failed: z.number().int(),
    active: z.number().int(),
    activeJobId: z.string().nullable(),
  })
  .meta({
    id: "ProcessingStatus",
    examples: [
      {
        pipelineVersion: EXAMPLE_PIPELINE_VERSION,
        total: 3,
        new: 1,
        processed: 2,
        needsRerun: 0,
        failed: 0,
        active: 0,
        activeJobId: null,
      },
    ],
  });
export type ProcessingStatus = z.infer<typeof ProcessingStatus>;

export const JobQuery = PageQuery.extend({
  listId: z.string().optional(),
  status: z.enum(JOB_STATUSES).optional(),
  outcome: z.enum(JOB_STATUSES).optional().meta({
    description:
      "The status as a person reads it: `failed` also takes a job that ended `completed_with_errors` with every video failed (none processed), which `completed_with_errors` then leaves out; any other value is the same as `status`",
  }),
});

export const HistoryQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(LIMITS.historyMax).default(LIMITS.historyDefault),
});
