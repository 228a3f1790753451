/**
 * The MCP tools: each is a route of the API seen by an assistant, calling the same services and
 * queries as that route, with its input schema built from the same zod schemas. A `read`
 * credential gets only the tools that read (the others are neither listed nor callable).
 * Every tool answers JSON as text; an ApiError comes back as the API's error body with isError.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { Db } from "../db/client";
import { findJob, toJob, videoCountsOfJob } from "../db/jobs";
import { findList, findListRow, pageLists } from "../db/lists";
import type { ListRow } from "../db/schema";
import { toVideo } from "../db/videos";
import type { Config, Env } from "../env";
import { ApiError, errorBody, notFound } from "../errors";
import { decodeCursor, pageFrom } from "../lib/cursor";
import type { Credential } from "../middleware/auth";
import { startJob } from "../services/jobs";
import { findVideos, searchVideos } from "../services/video-find";
import { addVideosToList } from "../services/video-intake";
import { LIMITS } from "../shared/constants";
import { PageQuery } from "../shared/schemas/common";
import { ProcessBody } from "../shared/schemas/jobs";
import { AddVideoBody, VideoQuery } from "../shared/schemas/videos";

export interface McpContext {
  env: Env;
  config: Config;
  db: Db;
  userId: string;
  credential: Credential;
}

const listId = z.string().min(1).describe("A list id (lst_…), from list_lists");

const SearchInput = VideoQuery.extend({
  listId: listId.optional().describe("Search one list; without it, every list of the user"),
  filters: z
    .record(z.string(), z.string())
    .optional()
    .describe('More query parameters of the videos route, e.g. {"field.level": "hard", "channelId": "UC…"}'),
});

const AddInput = z.object({
  listId,
  urls: z.array(AddVideoBody.shape.url).min(1).max(LIMITS.bulkUrls).describe("YouTube URLs or 11-character ids"),
});

const text = (value: unknown) => ({ content: [{ type: "text" as const, text: JSON.stringify(value) }] });

/** Runs a tool body; the API's own errors become a tool error the assistant can read. */
async function answer(run: () => Promise<unknown>) {
  try {
    return text(await run());
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { ...text(errorBody(error.code, error.message, error.details)), isError: true };
  }
}

async function ownListRow(ctx: McpContext, id: string): Promise<ListRow> {
  const list = await findListRow(ctx.db, ctx.userId, id);
  if (!list) throw notFound("List");
  return list;
}

function searchParams(input: z.infer<typeof SearchInput>): URLSearchParams {
  const { listId: _listId, filters, ...query } = input;
  const params = new URLSearchParams(filters);
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  return params;
}

export function buildMcpServer(ctx: McpContext, version: string): McpServer {
  const server = new McpServer({ name: "tubelist", version });

  server.registerTool(
    "list_lists",
    {
      title: "List my lists",
      description: "The user's video lists, newest first, with their fields and video counts. Paged by cursor.",
      inputSchema: PageQuery.shape,
      annotations: { readOnlyHint: true },
    },
    (input) =>
      answer(async () => {
        const rows = await pageLists(ctx.db, ctx.userId, input.limit, decodeCursor(input.cursor));
        return pageFrom(rows, input.limit, (list) => ({ k: list.createdAt, id: list.id }));
      }),
  );

  server.registerTool(
    "get_list",
    {
      title: "Get a list",
      description: "One list: name, description, the fields extracted for every video, and its video count.",
      inputSchema: { listId },
      annotations: { readOnlyHint: true },
    },
    ({ listId: id }) =>
      answer(async () => {
        const list = await findList(ctx.db, ctx.userId, id);
        if (!list) throw notFound("List");
        return list;
      }),
  );

  server.registerTool(
    "search_videos",
    {
      title: "Search videos",
      description:
        "Videos of one list (listId) or of every list: full-text `q`, `status`, `sort`, `order`, paging, and the videos route's other filters in `filters`.",
      inputSchema: SearchInput.shape,
      annotations: { readOnlyHint: true },
    },
    (input) =>
      answer(async () => {
        const params = searchParams(input);
        if (input.listId) return findVideos(ctx.db, await ownListRow(ctx, input.listId), params);
        // Across lists, what GET /api/search does: ranked full-text search.
        if (!input.q) throw new ApiError("bad_request", "Give q to search every list, or a listId");
        return searchVideos(ctx.db, ctx.userId, { q: input.q, limit: input.limit ?? 50, cursor: input.cursor });
      }),
  );

  server.registerTool(
    "get_job",
    {
      title: "Get a processing job",
      description: "A job's status, counts, progress and usage, and how many of its videos are in each state.",
      inputSchema: { jobId: z.string().min(1).describe("A job id (job_…), from process_list") },
      annotations: { readOnlyHint: true },
    },
    ({ jobId }) =>
      answer(async () => {
        const job = await findJob(ctx.db, ctx.userId, jobId);
        if (!job) throw notFound("Job");
        return { ...toJob(job), videos: await videoCountsOfJob(ctx.db, job.id) };
      }),
  );

  if (ctx.credential.scope !== "write") return server;

  server.registerTool(
    "add_videos",
    {
      title: "Add videos to a list",
      description: `Adds up to ${LIMITS.bulkUrls} YouTube videos (URLs or ids) to a list; reports what was added, already there or not a video. Run process_list to fill them in.`,
      inputSchema: AddInput.shape,
    },
    (input) =>
      answer(async () => {
        const list = await ownListRow(ctx, input.listId);
        const lines = input.urls.map((url, i) => ({ line: i + 1, input: url }));
        const result = await addVideosToList(ctx.config.caps, ctx.db, { listId: list.id, userId: ctx.userId }, lines);
        return { ...result, added: result.added.map((row) => toVideo(row, list.fields)) };
      }),
  );

  server.registerTool(
    "process_list",
    {
      title: "Process a list",
      description:
        "Starts a job that fetches metadata and extracts the list's fields for its new, changed and failed videos (all with force). Follow it with get_job.",
      inputSchema: ProcessBody.pick({ force: true }).extend({ listId }).shape,
    },
    (input) =>
      answer(async () => {
        const list = await ownListRow(ctx, input.listId);
        const { job } = await startJob(ctx.env, ctx.config.caps, ctx.db, {
          list,
          userId: ctx.userId,
          force: input.force ?? false,
          idempotency: null,
        });
        return job;
      }),
  );

  return server;
}
