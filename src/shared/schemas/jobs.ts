/** Jobs: processing a list's videos, its preview, and the history of its progress. */
import { z } from "zod";
import { JOB_STATUSES, LIMITS } from "../constants";
import { isoTime, PageQuery } from "./common";

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
    createdAt: isoTime,
    startedAt: isoTime.nullable(),
    finishedAt: isoTime.nullable(),
    updatedAt: isoTime,
  })
  .meta({ id: "Job" });
export type Job = z.infer<typeof Job>;

export const VideoStatusCounts = z.object({
  pending: z.number().int(),
  queued: z.number().int(),
  processing: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
});
export const JobDetail = Job.extend({ videos: VideoStatusCounts }).meta({ id: "JobDetail" });
export type JobDetail = z.infer<typeof JobDetail>;

export const ProcessBody = z.object({
  force: z.boolean().optional(),
  videoIds: z.array(z.string()).min(1).max(10_000).optional(),
});

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
  .meta({ id: "ProcessingStatus" });
export type ProcessingStatus = z.infer<typeof ProcessingStatus>;

export const JobQuery = PageQuery.extend({
  listId: z.string().optional(),
  status: z.enum(JOB_STATUSES).optional(),
});

export const HistoryQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(LIMITS.historyMax).default(LIMITS.historyDefault),
});
