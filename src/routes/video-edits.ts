import { z } from "@hono/zod-openapi";
import { findListRow } from "../db/lists";
import { correctFields, deleteVideos, moveVideos, selectedVideos } from "../db/video-edits";
import { findVideo, toVideo } from "../db/videos";
import { correctionOf, refusedKeys } from "../domain/field-values";
import { ApiError, notFound } from "../errors";
import { newId } from "../lib/ids";
import { checkNewVideos } from "../services/caps";
import { EXAMPLE_IDS } from "../shared/schemas/examples";
import {
  BulkDeleteBody,
  BulkDeleteResult,
  CorrectVideoBody,
  MoveVideosBody,
  MoveVideosResult,
} from "../shared/schemas/video-edits";
import { Video } from "../shared/schemas/videos";
import { apiRoute, jsonBody, jsonContent } from "./openapi";
import { ownList } from "./ownership";
import { newRouter } from "./router";

const common = { tag: "Videos", access: "user" } as const;
const VideoParams = z.object({ id: z.string().meta({ example: EXAMPLE_IDS.videos[0] }) });
const ListParams = z.object({ id: z.string().meta({ example: EXAMPLE_IDS.list }) });

const correct = apiRoute({
  ...common,
  method: "patch",
  path: "/videos/{id}",
  operationId: "correctVideo",
  summary: "Correct field values by hand",
  description:
    "Each value given (null clears it) is marked `user` in `fieldSources`. A later run keeps the " +
    "user's values; a forced run (`force: true`) replaces them with the AI's.",
  request: { params: VideoParams, ...jsonBody(CorrectVideoBody) },
  responses: { 200: jsonContent(Video, "The corrected video") },
});

const bulkDelete = apiRoute({
  ...common,
  method: "post",
  path: "/lists/{id}/videos/delete",
  operationId: "deleteVideos",
  summary: "Delete up to 1,000 videos of the list",
  description:
    "All or nothing: an id that is not a video of this list (or not yours) is a 404 and nothing is " +
    "deleted. A video a running job still holds is deleted too; the job counts it as failed (deleted).",
  request: { params: ListParams, ...jsonBody(BulkDeleteBody) },
  responses: { 200: jsonContent(BulkDeleteResult, "How many were deleted") },
});

const move = apiRoute({
  ...common,
  method: "post",
  path: "/lists/{id}/videos/move",
  operationId: "moveVideos",
  summary: "Move (or copy) up to 1,000 videos into another of your lists",
  description:
    "Videos keep their metadata, values and corrections; they need a rerun when the target's fields " +
    "differ. A value the target's field of that key does not take (another type, or not one of its " +
    "options) does not go along, nor does its source: the target's next run fills it. A video the " +
    "target already has stays and counts as a duplicate. Moving a video that a job is processing " +
    "(queued or processing) is a 409 and moves nothing; copying it is fine. A move or copy that would " +
    "take the target past its videos cap, or a copy the user's, is 422 `limit_reached`.",
  request: { params: ListParams, ...jsonBody(MoveVideosBody) },
  errors: ["conflict", "limit_reached"],
  responses: { 200: jsonContent(MoveVideosResult, "How many moved, how many were already there") },
});

const unknownIds = () => new ApiError("not_found", "Some of these videos are not in this list");

export const videoEditRoutes = newRouter()
  .openapi(correct, async (c) => {
    const { db, user } = c.var;
    const video = await findVideo(db, user.id, c.req.valid("param").id);
    if (!video) throw notFound("Video");
    const list = await findListRow(db, user.id, video.listId);
    const correction = correctionOf(list?.fields ?? [], c.req.valid("json").fields);
    if (!correction.ok) {
      throw new ApiError("validation_failed", "Some values do not fit their fields", correction.problems);
    }
    const row = await correctFields(db, user.id, video.id, correction.values);
    if (!row) throw notFound("Video");
    return c.json(toVideo(row, list?.fields ?? []), 200);
  })
  .openapi(bulkDelete, async (c) => {
    const list = await ownList(c, c.req.valid("param").id);
    const ids = [...new Set(c.req.valid("json").videoIds)];
    const deleted = await deleteVideos(c.var.db, { userId: c.var.user.id, listId: list.id }, ids);
    if (deleted === null) throw unknownIds();
    return c.json({ deleted }, 200);
  })
  .openapi(move, async (c) => {
    const { db, user } = c.var;
    const from = await ownList(c, c.req.valid("param").id);
    const body = c.req.valid("json");
    if (body.toListId === from.id) {
      throw new ApiError("validation_failed", "Move to another list", [
        { path: "toListId", message: "This is the list the videos are in" },
      ]);
    }
    const to = await findListRow(db, user.id, body.toListId);
    if (!to) throw notFound("Target list");
    const ids = [...new Set(body.videoIds)];
    const found = await selectedVideos(db, { userId: user.id, listId: from.id }, ids);
    if (found.length !== ids.length) throw unknownIds();
    const busy = found.filter((video) => video.status === "queued" || video.status === "processing");
    if (!body.copy && busy.length > 0) {
      throw new ApiError("conflict", "A job is processing some of these videos; wait for it or cancel it first", {
        videoIds: busy.map((video) => video.id),
      });
    }
    await checkNewVideos(
      c.var.config.caps,
      db,
      { listId: to.id, userId: user.id },
      found.map((video) => video.youtubeId),
      { moving: !body.copy },
    );
    const refused = new Map(found.map((video) => [video.id, refusedKeys(to.fields, video.fields)]));
    const result = await moveVideos(
      db,
      { userId: user.id, fromListId: from.id, toListId: to.id, copy: body.copy ?? false },
      ids,
      refused,
      () => newId("vid"),
    );
    return c.json(result, 200);
  });
