import { createRoute, z } from "@hono/zod-openapi";
import {
  failedVideoIdsOfJob,
  findActiveJobOfList,
  findJobByIdempotencyKey,
  pageJobs,
  processingCounts,
  toJob,
  videoCountsOfJob,
} from "../db/jobs";
import { processedVersionFor } from "../domain/pipeline-version";
import { hubFor } from "../durable/hub-client";
import type { ControlResult } from "../durable/progress-hub";
import { ApiError, notFound } from "../errors";
import { decodeCursor, pageFrom } from "../lib/cursor";
import { requireAuth } from "../middleware/auth";
import { startJob } from "../services/jobs";
import { isJobFinished } from "../shared/constants";
import { ProgressHistory } from "../shared/protocol";
import { page } from "../shared/schemas/common";
import { HistoryQuery, Job, JobDetail, JobQuery, ProcessBody, ProcessingStatus } from "../shared/schemas/jobs";
import { bearerAuth, errorResponses, jsonBody, jsonContent } from "./openapi";
import { ownJob, ownList } from "./ownership";
import { newRouter } from "./router";

const common = { tags: ["Processing"], security: bearerAuth, middleware: [requireAuth] };
const IdParams = z.object({ id: z.string() });
const IdempotencyHeaders = z.object({
  "idempotency-key": z
    .string()
    .min(1)
    .max(255)
    .optional()
    .meta({ description: "Same key within 24 h returns the same job" }),
});

const processingStatus = createRoute({
  ...common,
  method: "get",
  path: "/lists/{id}/processing-status",
  summary: "Preview what Process would do",
  request: { params: IdParams },
  responses: { 200: jsonContent(ProcessingStatus, "Counts by processing state"), ...errorResponses(401, 404) },
});

const processList = createRoute({
  ...common,
  method: "post",
  path: "/lists/{id}/process",
  summary: "Start a job over the list's new, stale and failed videos (or all, with force)",
  request: { params: IdParams, headers: IdempotencyHeaders, ...jsonBody(ProcessBody, false) },
  responses: {
    201: jsonContent(Job, "Job started"),
    200: jsonContent(Job, "The job this Idempotency-Key already started"),
    ...errorResponses(400, 401, 404, 409, 422),
  },
});

const listJobs = createRoute({
  ...common,
  method: "get",
  path: "/jobs",
  summary: "The user's jobs, newest first",
  request: { query: JobQuery },
  responses: { 200: jsonContent(page(Job), "A page of jobs"), ...errorResponses(400, 401) },
});

const getJob = createRoute({
  ...common,
  method: "get",
  path: "/jobs/{id}",
  summary: "A job with its videos counted by status",
  request: { params: IdParams },
  responses: { 200: jsonContent(JobDetail, "The job"), ...errorResponses(401, 404) },
});

const control = (action: "pause" | "resume" | "cancel", summary: string) =>
  createRoute({
    ...common,
    method: "post",
    path: `/jobs/{id}/${action}`,
    summary,
    request: { params: IdParams },
    responses: { 200: jsonContent(Job, "The job after the change"), ...errorResponses(401, 404, 409) },
  });

const retryJob = createRoute({
  ...common,
  method: "post",
  path: "/jobs/{id}/retry",
  summary: "Start a new job over this finished job's failed videos",
  request: { params: IdParams, headers: IdempotencyHeaders },
  responses: {
    201: jsonContent(Job, "The new job"),
    200: jsonContent(Job, "The job this Idempotency-Key already started"),
    ...errorResponses(400, 401, 404, 409),
  },
});

const history = createRoute({
  ...common,
  method: "get",
  path: "/jobs/{id}/progress-history",
  summary: "Progress events after a sequence number (kept 30 days)",
  request: { params: IdParams, query: HistoryQuery },
  responses: { 200: jsonContent(ProgressHistory, "Events in ascending seq"), ...errorResponses(400, 401, 404) },
});

function controlled(result: ControlResult): Job {
  if (result.ok) return result.job;
  if (result.reason === "not_found") throw notFound("Job");
  throw new ApiError("conflict", `The job is ${result.status}; that action does not apply`, { status: result.status });
}

export const jobRoutes = newRouter()
  .openapi(processingStatus, async (c) => {
    const list = await ownList(c, c.req.valid("param").id);
    const version = await processedVersionFor(list.fields);
    const [counts, active] = await Promise.all([
      processingCounts(c.var.db, list.id, version),
      findActiveJobOfList(c.var.db, list.id),
    ]);
    return c.json({ pipelineVersion: version, ...counts, activeJobId: active?.id ?? null }, 200);
  })
  .openapi(processList, async (c) => {
    const list = await ownList(c, c.req.valid("param").id);
    const body = c.req.valid("json") ?? {};
    const { job, created } = await startJob(c.env, c.var.db, {
      list,
      userId: c.var.user.id,
      force: body.force ?? false,
      videoIds: body.videoIds,
      idempotencyKey: c.req.valid("header")["idempotency-key"] ?? null,
    });
    return c.json(job, created ? 201 : 200);
  })
  .openapi(listJobs, async (c) => {
    const query = c.req.valid("query");
    const rows = await pageJobs(c.var.db, c.var.user.id, query, decodeCursor(query.cursor));
    const { items, nextCursor } = pageFrom(rows, query.limit, (job) => ({ k: job.createdAt, id: job.id }));
    return c.json({ items: items.map(toJob), nextCursor }, 200);
  })
  .openapi(getJob, async (c) => {
    const job = await ownJob(c, c.req.valid("param").id);
    return c.json({ ...toJob(job), videos: await videoCountsOfJob(c.var.db, job.id) }, 200);
  })
  .openapi(control("pause", "Pause a running job; queued work waits"), async (c) => {
    const job = await ownJob(c, c.req.valid("param").id);
    return c.json(controlled(await hubFor(c.env, c.var.user.id).pauseJob(job.id)), 200);
  })
  .openapi(control("resume", "Resume a paused job"), async (c) => {
    const job = await ownJob(c, c.req.valid("param").id);
    return c.json(controlled(await hubFor(c.env, c.var.user.id).resumeJob(job.id)), 200);
  })
  .openapi(control("cancel", "Cancel a job; its unfinished videos go back to pending"), async (c) => {
    const job = await ownJob(c, c.req.valid("param").id);
    return c.json(controlled(await hubFor(c.env, c.var.user.id).cancelJob(job.id)), 200);
  })
  .openapi(retryJob, async (c) => {
    const job = await ownJob(c, c.req.valid("param").id);
    const idempotencyKey = c.req.valid("header")["idempotency-key"] ?? null;
    // A repeated request finds the failed videos already moved to the job it started: answer with that job.
    const repeated = idempotencyKey ? await findJobByIdempotencyKey(c.var.db, c.var.user.id, idempotencyKey) : null;
    if (repeated) return c.json(toJob(repeated), 200);
    if (!isJobFinished(job.status))
      throw new ApiError("conflict", "Only a finished job can be retried", { status: job.status });
    const list = await ownList(c, job.listId);
    const videoIds = await failedVideoIdsOfJob(c.var.db, job.id);
    if (videoIds.length === 0) throw new ApiError("nothing_to_process", "This job has no failed videos to retry");
    const started = await startJob(c.env, c.var.db, {
      list,
      userId: c.var.user.id,
      force: true,
      videoIds,
      idempotencyKey,
    });
    return c.json(started.job, started.created ? 201 : 200);
  })
  .openapi(history, async (c) => {
    const job = await ownJob(c, c.req.valid("param").id);
    const { after, limit } = c.req.valid("query");
    return c.json(await hubFor(c.env, c.var.user.id).history(job.id, after, limit), 200);
  });
