import { createRoute, z } from "@hono/zod-openapi";
import { failuresOfJob } from "../db/job-failures";
import { findActiveJobOfList, pageJobs, processingCounts, toJob, videoCountsOfJob } from "../db/jobs";
import { processedVersionFor } from "../domain/pipeline-version";
import { decodeCursor, pageFrom } from "../lib/cursor";
import { requireAuth } from "../middleware/auth";
import { controlJob, jobHistory, retryJob, startJob } from "../services/jobs";
import { ProgressHistory } from "../shared/protocol";
import { page } from "../shared/schemas/common";
import { JobFailures, RetryQuery } from "../shared/schemas/job-failures";
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

const retryRoute = createRoute({
  ...common,
  method: "post",
  path: "/jobs/{id}/retry",
  summary: "Start a new job over this finished job's failed videos (with only=retryable, those a retry can fix)",
  request: { params: IdParams, headers: IdempotencyHeaders, query: RetryQuery },
  responses: {
    201: jsonContent(Job, "The new job"),
    200: jsonContent(Job, "The job this Idempotency-Key already started"),
    ...errorResponses(400, 401, 404, 409, 422),
  },
});

const failures = createRoute({
  ...common,
  method: "get",
  path: "/jobs/{id}/failures",
  summary: "The job's failed videos grouped by reason, and which a retry can fix",
  request: { params: IdParams },
  responses: { 200: jsonContent(JobFailures, "Failures by reason"), ...errorResponses(401, 404) },
});

const history = createRoute({
  ...common,
  method: "get",
  path: "/jobs/{id}/progress-history",
  summary: "Progress events after a sequence number (kept 30 days)",
  request: { params: IdParams, query: HistoryQuery },
  responses: { 200: jsonContent(ProgressHistory, "Events in ascending seq"), ...errorResponses(400, 401, 404) },
});

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
  .openapi(control("pause", "Pause a running job; new work stops within one window, queued work waits"), async (c) => {
    const job = await ownJob(c, c.req.valid("param").id);
    return c.json(await controlJob(c.env, c.var.user.id, job.id, "pause"), 200);
  })
  .openapi(control("resume", "Resume a paused job, also one parked by an upstream limit"), async (c) => {
    const job = await ownJob(c, c.req.valid("param").id);
    return c.json(await controlJob(c.env, c.var.user.id, job.id, "resume"), 200);
  })
  .openapi(
    control(
      "cancel",
      "Cancel a job; each video it did not finish goes back to the state it had before (pending, or completed/failed with its previous values)",
    ),
    async (c) => {
      const job = await ownJob(c, c.req.valid("param").id);
      return c.json(await controlJob(c.env, c.var.user.id, job.id, "cancel"), 200);
    },
  )
  .openapi(retryRoute, async (c) => {
    const job = await ownJob(c, c.req.valid("param").id);
    const { job: started, created } = await retryJob(c.env, c.var.db, {
      job,
      list: await ownList(c, job.listId),
      userId: c.var.user.id,
      idempotencyKey: c.req.valid("header")["idempotency-key"] ?? null,
      onlyRetryable: c.req.valid("query").only === "retryable",
    });
    return c.json(started, created ? 201 : 200);
  })
  .openapi(failures, async (c) => {
    const job = await ownJob(c, c.req.valid("param").id);
    return c.json(await failuresOfJob(c.var.db, job.id), 200);
  })
  .openapi(history, async (c) => {
    const job = await ownJob(c, c.req.valid("param").id);
    return c.json(await jobHistory(c.env, c.var.user.id, job.id, c.req.valid("query")), 200);
  });
