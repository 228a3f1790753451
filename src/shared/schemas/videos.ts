/** Videos of a list: the resource, adding them one by one, in bulk or by CSV, and paging. */
import { z } from "zod";
import { FIELD_SOURCES, LIMITS, VIDEO_SORTS, VIDEO_STATUSES } from "../constants";
import { isoTime, PageQuery } from "./common";
import { FieldValuesSchema } from "./fields";

export const Chapter = z.object({ startSeconds: z.number().int(), title: z.string() }).meta({ id: "Chapter" });
export type Chapter = z.infer<typeof Chapter>;

export const Video = z
  .object({
    id: z.string(),
    listId: z.string(),
    youtubeId: z.string(),
    url: z.string(),
    status: z.enum(VIDEO_STATUSES),
    title: z.string().nullable(),
    channelTitle: z.string().nullable(),
    channelId: z.string().nullable(),
    description: z.string().nullable(),
    durationSeconds: z.number().int().nullable(),
    viewCount: z.number().int().nullable(),
    likeCount: z.number().int().nullable(),
    publishedAt: isoTime.nullable(),
    thumbnailUrl: z.string().nullable(),
    tags: z.array(z.string()).nullable(),
    chapters: z.array(Chapter).nullable(),
    fields: FieldValuesSchema.nullable(),
    fieldSources: z
      .record(z.string(), z.enum(FIELD_SOURCES))
      .meta({ description: "Who set each value in `fields`: the AI, or a person (`PATCH /videos/{id}`)" }),
    error: z.string().nullable(),
    processedVersion: z.string().nullable(),
    processedAt: isoTime.nullable(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: "Video" });
export type Video = z.infer<typeof Video>;

export const AddVideoBody = z.object({ url: z.string().max(2048) });
// One object with two optional keys rather than a union: a union that matches no option reports a
// single "Invalid input" at the root, losing each problem's path and message (the 1,000-URL limit).
export const BulkAddBody = z
  .object({
    urls: z
      .array(z.string().max(2048))
      .max(LIMITS.bulkUrls, `At most ${LIMITS.bulkUrls} URLs per request`)
      .optional()
      .meta({ description: "Inputs, one per element; wins over text when both are given" }),
    text: z.string().optional().meta({ description: "Inputs, one per line" }),
  })
  .refine((body) => body.urls !== undefined || body.text !== undefined, {
    message: "Give urls (an array of strings) or text (one URL per line)",
  });

export const DuplicateEntry = z.object({ input: z.string(), line: z.number().int(), videoId: z.string() });
export const InvalidEntry = z.object({ input: z.string(), line: z.number().int(), reason: z.string() });
export type DuplicateEntry = z.infer<typeof DuplicateEntry>;
export type InvalidEntry = z.infer<typeof InvalidEntry>;

export const BulkAddResult = z
  .object({ added: z.array(Video), duplicates: z.array(DuplicateEntry), invalid: z.array(InvalidEntry) })
  .meta({ id: "BulkAddResult" });
export type BulkAddResult = z.infer<typeof BulkAddResult>;

export const ImportResult = z
  .object({ added: z.number().int(), duplicates: z.number().int(), invalid: z.array(InvalidEntry) })
  .meta({ id: "ImportResult" });
export type ImportResult = z.infer<typeof ImportResult>;

export const VideoQuery = PageQuery.extend({
  status: z.enum(VIDEO_STATUSES).optional(),
  q: z.string().trim().max(200).optional(),
  sort: z.enum(VIDEO_SORTS).default("createdAt"),
  order: z.enum(["asc", "desc"]).default("desc"),
});
export type VideoQuery = z.infer<typeof VideoQuery>;

export const ExportQuery = z.object({ format: z.enum(["csv", "json"]).default("csv") });
