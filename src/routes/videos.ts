import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { findListRow } from "../db/lists";
import { deleteVideo, findVideo, toVideo } from "../db/videos";
import type { AppEnv } from "../env";
import { ApiError, notFound } from "../errors";
import { limitBody } from "../middleware/limits";
import { parseVideoCsv, splitBulkText } from "../services/video-csv";
import { exportCsv, exportJson } from "../services/video-export";
import { findVideos } from "../services/video-find";
import { addVideosToList } from "../services/video-intake";
import { LIMITS } from "../shared/constants";
import { examplesOf, page } from "../shared/schemas/common";
import { EXAMPLE_IDS } from "../shared/schemas/examples";
import { VideoHit } from "../shared/schemas/search";
import {
  AddVideoBody,
  BulkAddBody,
  BulkAddResult,
  ExportQuery,
  ImportResult,
  Video,
  VideoQuery,
} from "../shared/schemas/videos";
import { apiRoute, jsonBody, jsonContent } from "./openapi";
import { ownList } from "./ownership";
import { newRouter } from "./router";

const common = { tag: "Videos", access: "user" } as const;
const ListParams = z.object({ id: z.string().meta({ example: EXAMPLE_IDS.list }) });

const addVideo = apiRoute({
  ...common,
  operationId: "addVideo",
  method: "post",
  path: "/lists/{id}/videos",
  summary: "Add one video by URL or id",
  description:
    "Takes every common YouTube URL shape (watch, youtu.be, shorts, live, embed, nocookie) or a bare 11-character id; the stored `url` is canonical. A video already in the list answers 409, anything else 422 `invalid_url`.",
  request: { params: ListParams, ...jsonBody(AddVideoBody) },
  errors: ["conflict", "invalid_url", "limit_reached"],
  responses: { 201: jsonContent(Video, "Added, pending") },
});

const bulkAdd = apiRoute({
  ...common,
  operationId: "addVideosInBulk",
  method: "post",
  path: "/lists/{id}/videos/bulk",
  summary: `Add up to ${LIMITS.bulkUrls} videos from URLs (or text, one per line)`,
  description:
    "Send `urls` or `text`, not both (422). Each input is added, reported as a duplicate (already in the list, or repeated in the request) or reported invalid with its line and reason.",
  request: { params: ListParams, ...jsonBody(BulkAddBody) },
  errors: ["limit_reached"],
  responses: { 200: jsonContent(BulkAddResult, "Per-line report") },
});

const importCsv = apiRoute({
  ...common,
  operationId: "importVideos",
  method: "post",
  path: "/lists/{id}/videos/import",
  summary: "Import a CSV with a url or video_id column",
  description: `multipart/form-data with \`file\`, or a text/csv body. At most 5 MB and ${LIMITS.csvRows} rows.`,
  // A multipart upload carries its boundaries and headers beside the file's 5 MB.
  bodyGuard: [limitBody(LIMITS.csvBodyBytes + 64 * 1024, "A CSV upload")],
  request: {
    params: ListParams,
    body: {
      content: {
        "multipart/form-data": { schema: z.object({ file: z.any().meta({ type: "string", format: "binary" }) }) },
        "text/csv": { schema: z.string() },
      },
    },
  },
  errors: ["limit_reached"],
  responses: { 200: jsonContent(ImportResult, "Counts and invalid rows") },
});

const listVideos = apiRoute({
  ...common,
  operationId: "listVideos",
  method: "get",
  path: "/lists/{id}/videos",
  summary: "Search, filter, sort and page a list's videos",
  description:
    "Every filter applies (AND). Field filters are named after the list's fields: `field.<key>=a,b` " +
    "(enum, boolean, text: any of the values; tags: having any of them), `field.<key>.gte=` / `.lte=` " +
    "(number), `field.<key>.empty=true|false`. `sort=field.<key>` puts videos without a value first " +
    "in ascending order (a tags field sorts by its first tag). With `q`, items carry `match`. An " +
    "unknown parameter or field, or a value of the wrong type, is a 400 naming the parameter.",
  request: { params: ListParams, query: VideoQuery },
  responses: { 200: jsonContent(page(VideoHit), "A page of videos") },
});

const exportVideos = apiRoute({
  ...common,
  operationId: "exportVideos",
  method: "get",
  path: "/lists/{id}/videos/export",
  summary: "Download every video as CSV (re-importable) or JSON",
  description:
    "An attachment with every video, its metadata and one column per field (CSV: RFC 4180, tags joined with `; `). Importing it again adds nothing new.",
  request: { params: ListParams, query: ExportQuery },
  responses: {
    200: {
      description: "Attachment",
      content: {
        "text/csv": { schema: z.string() },
        "application/json": { schema: z.array(Video).meta({ examples: [examplesOf(Video)] }) },
      },
    },
  },
});

const VideoParams = z.object({ id: z.string().meta({ example: EXAMPLE_IDS.videos[0] }) });

const getVideo = apiRoute({
  ...common,
  operationId: "getVideo",
  method: "get",
  path: "/videos/{id}",
  summary: "One video",
  description: "The video with its metadata (null until processed), chapters and field values.",
  request: { params: VideoParams },
  responses: { 200: jsonContent(Video, "The video") },
});

const removeVideo = apiRoute({
  ...common,
  operationId: "deleteVideo",
  method: "delete",
  path: "/videos/{id}",
  summary: "Delete a video",
  description: "Removes the video from its list.",
  request: { params: VideoParams },
  responses: { 204: { description: "Deleted" } },
});

/** The CSV bytes from either a multipart upload or a raw text/csv body. */
async function readCsvUpload(c: Context<AppEnv>): Promise<Uint8Array> {
  const mediaType = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (mediaType === "multipart/form-data") {
    // The route's form validator has usually parsed the body already and cached the FormData
    // itself (not a promise), so the result may or may not be thenable.
    const form = await Promise.resolve()
      .then(() => c.req.formData())
      .catch(() => null);
    const file = form?.get("file");
    if (!file || typeof file === "string") {
      throw new ApiError("validation_failed", "Attach the CSV as a form field named file", [
        { path: "file", message: "Required" },
      ]);
    }
    if (file.size > LIMITS.csvBodyBytes) throw tooBig();
    return new Uint8Array(await file.arrayBuffer());
  }
  if (mediaType === "text/csv" || mediaType === "text/plain") return new Uint8Array(await c.req.arrayBuffer());
  throw new ApiError("bad_request", "Send multipart/form-data with a file field, or a text/csv body");
}

const tooBig = () =>
  new ApiError("payload_too_large", "A CSV upload must be at most 5 MB", { maxBytes: LIMITS.csvBodyBytes });

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "") || "videos";

export const videoRoutes = newRouter()
  .openapi(addVideo, async (c) => {
    const list = await ownList(c, c.req.valid("param").id);
    const input = c.req.valid("json").url;
    const result = await addVideosToList(c.var.config.caps, c.var.db, { listId: list.id, userId: c.var.user.id }, [
      { line: 1, input },
    ]);
    const [invalid] = result.invalid;
    if (invalid) throw new ApiError("invalid_url", invalid.reason, { input });
    const [added] = result.added;
    if (!added) {
      throw new ApiError("conflict", "This video is already in the list", { videoId: result.duplicates[0]?.videoId });
    }
    return c.json(toVideo(added, list.fields), 201);
  })
  .openapi(bulkAdd, async (c) => {
    const list = await ownList(c, c.req.valid("param").id);
    const body = c.req.valid("json");
    const lines = body.urls ? body.urls.map((input, i) => ({ line: i + 1, input })) : splitBulkText(body.text ?? "");
    if (lines.length > LIMITS.bulkUrls) {
      throw new ApiError("validation_failed", `At most ${LIMITS.bulkUrls} URLs per request`, [
        { path: "text", message: `Got ${lines.length} lines` },
      ]);
    }
    const result = await addVideosToList(
      c.var.config.caps,
      c.var.db,
      { listId: list.id, userId: c.var.user.id },
      lines,
    );
    return c.json({ ...result, added: result.added.map((row) => toVideo(row, list.fields)) }, 200);
  })
  .openapi(importCsv, async (c) => {
    const list = await ownList(c, c.req.valid("param").id);
    const parsed = parseVideoCsv(await readCsvUpload(c));
    if (!parsed.ok) {
      // validation_failed always lists its problems as {path, message}; the file is the one at fault.
      const details = parsed.code === "validation_failed" ? [{ path: "file", message: parsed.message }] : undefined;
      throw new ApiError(parsed.code, parsed.message, details);
    }
    const result = await addVideosToList(
      c.var.config.caps,
      c.var.db,
      { listId: list.id, userId: c.var.user.id },
      parsed.rows,
    );
    return c.json({ added: result.added.length, duplicates: result.duplicates.length, invalid: result.invalid }, 200);
  })
  .openapi(listVideos, async (c) => {
    const list = await ownList(c, c.req.valid("param").id);
    return c.json(await findVideos(c.var.db, list, new URL(c.req.url).searchParams), 200);
  })
  .openapi(exportVideos, async (c) => {
    const list = await ownList(c, c.req.valid("param").id);
    const { format } = c.req.valid("query");
    const body =
      format === "csv" ? exportCsv(c.var.db, list.id, list.fields) : exportJson(c.var.db, list.id, list.fields);
    return new Response(body, {
      headers: {
        "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${slug(list.name)}.${format}"`,
      },
    }) as never;
  })
  .openapi(getVideo, async (c) => {
    const video = await findVideo(c.var.db, c.var.user.id, c.req.valid("param").id);
    if (!video) throw notFound("Video");
    const list = await findListRow(c.var.db, c.var.user.id, video.listId);
    return c.json(toVideo(video, list?.fields ?? []), 200);
  })
  .openapi(removeVideo, async (c) => {
    if (!(await deleteVideo(c.var.db, c.var.user.id, c.req.valid("param").id))) throw notFound("Video");
    return c.body(null, 204);
  });
