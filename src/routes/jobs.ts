import { z } from "@hono/zod-openapi";
import { failuresOfJob } from "../db/job-failures";
import { findActiveJobOfList, pageJobs, processingCounts, toJob, videoCountsOfJob } from "../db/jobs";
import { processedVersionFor } from "../domain/pipeline-version";
import { decodeCursor, pageFrom } from "../lib/cursor";
import { idempotentRequest } from "../services/idempotency";
import { controlJob, jobHistory, retryJob, startJob } from "../services/jobs";
import { ProgressHistory } from "../shared/protocol";
import { page } from "../shared/schemas/common";
import { EXAMPLE_IDS } from "../shared/schemas/examples";
import { JobFailures, RetryQuery } from "../shared/schemas/job-failures";
import { HistoryQuery, Job, JobDetail, JobQuery, ProcessBody, ProcessingStatus } from "../shared/schemas/jobs";
import { apiRoute, jsonBody, jsonContent } from "./openapi";
import { ownJob, ownList } from "./ownership";
import { newRouter } from "./router";

const common = { tag: "Processing", access: "user" } as const;
const IdParams = z.object({ id: z.string().meta({ example: EXAMPLE_IDS.job }) });
const ListParams = z.object({ id: z.string().meta({ example: EXAMPLE_IDS.list }) });
const IdempotencyHeaders = z.object({
  "idempotency-key": z.string().min(1).max(255).optional().meta({
    description:
      "Same key from the same user on the same route and list with the same body within 24 h returns the same job (200); with another list or body it answers 422 idempotency_key_reused",
    example: "3f1c2a9e-7d4b-4c1e-9a0b-2f6d8e5c4b1a",
  }),
});

const processingStatus = apiRoute({
  ...common,
  operationId: "getProcessingStatus",
  method: "get",
  path: "/lists/{id}/processing-status",
  summary: "Preview what Process would do",
  description:
    "Counts the list's videos as new (never processed), processed (with today's pipeline and fields), needing a rerun, failed and active, and names the active job if any.",
  request: { params: ListParams },
  responses: { 200: jsonContent(ProcessingStatus, "Counts by processing state") },
});

const processList = apiRoute({
  ...common,
  operationId: "processList",
  method: "post",
  path: "/lists/{id}/process",
  summary: "Start a job over the list's new, stale and failed videos (or all, with force)",
  description:
    "`force` takes every video; `videoIds` narrows the selection. One job per list at a time: another active job answers 409 `job_active` naming it. An empty selection answers 400 `nothing_to_process`.",
  request: { params: ListParams, headers: IdempotencyHeaders, ...jsonBody(ProcessBody, false) },
  errors: ["nothing_to_process", "job_active", "idempotency_key_reused", "limit_reached"],
  responses: {
    201: jsonContent(Job, "Job started"),
    200: jsonContent(Job, "The job this Idempotency-Key already started"),
  },
});

const listJobs = apiRoute({
  ...common,
  operationId: "listJobs",
  method: "get",
  path: "/jobs",
  summary: "The user's jobs, newest first",
  description:
    "Optionally of one list or in one status; cursor-paginated. `outcome` filters by the status a person reads, as the web UI shows it: a job that ended `completed_with_errors` with every video failed reads as `failed`. `status` keeps the stored status; given both, a job matches both.",
  request: { query: JobQuery },
  responses: { 200: jsonContent(page(Job), "A page of jobs") },
});

const getJob = apiRoute({
  ...common,
  operationId: "getJob",
  method: "get",
  path: "/jobs/{id}",
  summary: "A job with its videos counted by status",
  description: "The job's counters and status, plus how many of its videos are in each video status right now.",
  request: { params: IdParams },
  responses: { 200: jsonContent(JobDetail, "The job") },
});

const control = <A extends "pause" | "resume" | "cancel">(action: A, summary: string, description: string) =>
  apiRoute({
    ...common,
    operationId: `${action}Job` as const,
    method: "post",
    path: `/jobs/{id}/${action}` as const,
    summary,
    description: `${description} A job in a state the action does not apply to answers 409 \`conflict\`.`,
    request: { params: IdParams },
    errors: ["conflict"],
    responses: { 200: jsonContent(Job, "The job after the change") },
  });

const retryRoute = apiRoute({
  ...common,
  operationId: "retryJob",
  method: "post",
  path: "/jobs/{id}/retry",
  summary: "Start a new job over this finished job's failed videos",
  description:
    "Only a finished job can be retried (409 `conflict` otherwise); with `only=retryable` it leaves out failures a retry cannot fix (private, deleted, not embeddable). No failed video to take answers 400 `nothing_to_process`.",
  request: { params: IdParams, headers: IdempotencyHeaders, query: RetryQuery },
  errors: ["nothing_to_process", "conflict", "job_active", "idempotency_key_reused", "limit_reached"],
  responses: {
    201: jsonContent(Job, "The new job"),
    200: jsonContent(Job, "The job this Idempotency-Key already started"),
  },
});

const failures = apiRoute({
  ...common,
  operationId: "getJobFailures",
  method: "get",
  path: "/jobs/{id}/failures",
  summary: "The job's failed videos grouped by reason",
  description:
    "Counts per reason, the first 20 videos of each, and whether a retry can fix that reason (private, deleted and not embeddable cannot).",
  request: { params: IdParams },
  responses: { 200: jsonContent(JobFailures, "Failures by reason") },
});

const history = apiRoute({
  ...common,
  operationId: "getJobProgressHistory",
  method: "get",
  path: "/jobs/{id}/progress-history",
  summary: "Progress events after a sequence number (kept 30 days)",
  description:
    "The same events the WebSocket sends, in ascending `seq`, those with `seq > after`; pass `nextAfter` back as `after` until it is null.",
  request: { params: IdParams, query: HistoryQuery },
  responses: { 200: jsonContent(ProgressHistory, "Events in ascending seq") },
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
    const selection = { force: body.force ?? false, videoIds: body.videoIds };
    const { job, created } = await startJob(c.env, c.var.config.caps, c.var.db, {
      list,
      userId: c.var.user.id,
      ...selection,
      idempotency: await idempotentRequest(
        c.req.valid("header")["idempotency-key"],
        `POST /lists/${list.id}/process`,
        selection,
      ),
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
  .openapi(
    control(
      "pause",
      "Pause a running job",
      "New work stops within one window of the hub; work already queued waits until resume.",
    ),
    async (c) => {
      const job = await ownJob(c, c.req.valid("param").id);
      return c.json(await controlJob(c.env, c.var.user.id, job.id, "pause"), 200);
    },
  )
  .openapi(
    control("resume", "Resume a paused job", "Also resumes a job parked by an upstream limit before its resumesAt."),
    async (c) => {
      const job = await ownJob(c, c.req.valid("param").id);
      return c.json(await controlJob(c.env, c.var.user.id, job.id, "resume"), 200);
    },
  )
  .openapi(
    control(
      "cancel",
      "Cancel a running or paused job",
      "Each video it did not finish goes back to the state it had before (pending, or completed/failed with its previous values).",
    ),
    async (c) => {
      const job = await ownJob(c, c.req.valid("param").id);
      return c.json(await controlJob(c.env, c.var.user.id, job.id, "cancel"), 200);
    },
  )
  .openapi(retryRoute, async (c) => {
    const job = await ownJob(c, c.req.valid("param").id);
    const query = c.req.valid("query");
    const { job: started, created } = await retryJob(c.env, c.var.config.caps, c.var.db, {
      job,
      list: await ownList(c, job.listId),
      userId: c.var.user.id,
      idempotency: await idempotentRequest(c.req.valid("header")["idempotency-key"], `POST /jobs/${job.id}/retry`, {
        only: query.only ?? null,
      }),
      onlyRetryable: query.only === "retryable",
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
