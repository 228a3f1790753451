/** Videos of a list: the resource, adding them one by one, in bulk or by CSV, and paging. */
import { z } from "zod";
import { FIELD_PARAM_PREFIX, FIELD_SOURCES, LIMITS, RELEVANCE_SORT, VIDEO_SORTS, VIDEO_STATUSES } from "../constants";
import { isoTime, PageQuery } from "./common";
import { EXAMPLE_IDS, EXAMPLE_PIPELINE_VERSION, EXAMPLE_TIMES } from "./examples";
import { FieldValuesSchema } from "./fields";

const exampleChapters = [
  { startSeconds: 0, title: "Introduction" },
  { startSeconds: 312, title: "Player parameters" },
  { startSeconds: 1840, title: "Questions" },
];

export const Chapter = z
  .object({ startSeconds: z.number().int(), title: z.string() })
  .meta({ id: "Chapter", examples: exampleChapters.slice(1, 2) });
export type Chapter = z.infer<typeof Chapter>;

/** A processed video of the examples' list, one field corrected by a person. */
export const EXAMPLE_VIDEO = {
  id: EXAMPLE_IDS.videos[0],
  listId: EXAMPLE_IDS.list,
  youtubeId: "M7lc1UVf-VE",
  url: "https://www.youtube.com/watch?v=M7lc1UVf-VE",
  status: "completed" as const,
  title: "YouTube Developers Live: Embedded Web Player Customization",
  channelTitle: "Google for Developers",
  channelId: "UC_x5XG1OV2P6uZZ5FSM9Ttw",
  description: "0:00 Introduction\n5:12 Player parameters\n30:40 Questions",
  durationSeconds: 2203,
  viewCount: 1873042,
  likeCount: 10410,
  publishedAt: "2013-04-10T20:01:56.000Z",
  thumbnailUrl: "https://i.ytimg.com/vi/M7lc1UVf-VE/hqdefault.jpg",
  tags: ["youtube api", "iframe", "embed"],
  chapters: exampleChapters,
  fields: { speaker: "Jeff Posnick", difficulty: "medium", topics: ["web", "apis"], has_demo: true, rating: 8 },
  fieldSources: {
    speaker: "ai" as const,
    difficulty: "user" as const,
    topics: "ai" as const,
    has_demo: "ai" as const,
    rating: "ai" as const,
  },
  error: null,
  processedVersion: EXAMPLE_PIPELINE_VERSION,
  processedAt: EXAMPLE_TIMES.finished,
  createdAt: EXAMPLE_TIMES.created,
  updatedAt: EXAMPLE_TIMES.finished,
};

/** A video just added: nothing known yet but its id. */
const EXAMPLE_PENDING_VIDEO = {
  id: EXAMPLE_IDS.videos[1],
  listId: EXAMPLE_IDS.list,
  youtubeId: "dQw4w9WgXcQ",
  url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
  status: "pending" as const,
  title: null,
  channelTitle: null,
  channelId: null,
  description: null,
  durationSeconds: null,
  viewCount: null,
  likeCount: null,
  publishedAt: null,
  thumbnailUrl: null,
  tags: null,
  chapters: null,
  fields: null,
  fieldSources: {},
  error: null,
  processedVersion: null,
  processedAt: null,
  createdAt: EXAMPLE_TIMES.updated,
  updatedAt: EXAMPLE_TIMES.updated,
};

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
  .meta({ id: "Video", examples: [EXAMPLE_VIDEO, EXAMPLE_PENDING_VIDEO] });
export type Video = z.infer<typeof Video>;

export const AddVideoBody = z
  .object({ url: z.string().max(2048) })
  .meta({ examples: [{ url: "https://youtu.be/dQw4w9WgXcQ" }] });
// One object with two optional keys rather than a union: a union that matches no option reports a
// single "Invalid input" at the root, losing each problem's path and message (the 1,000-URL limit).
export const BulkAddBody = z
  .object({
    urls: z
      .array(z.string().max(2048))
      .max(LIMITS.bulkUrls, `At most ${LIMITS.bulkUrls} URLs per request`)
      .optional()
      .meta({ description: "Inputs, one per element; not with text" }),
    text: z.string().optional().meta({ description: "Inputs, one per line; not with urls" }),
  })
  // Exactly one of the two: with both, neither answer (urls alone, or the two merged) is
  // obviously what the sender meant, so the request is refused rather than half-used.
  .superRefine((body, ctx) => {
    if (body.urls !== undefined && body.text !== undefined) {
      ctx.addIssue({ code: "custom", message: "Send either urls or text, not both" });
    } else if (body.urls === undefined && body.text === undefined) {
      ctx.addIssue({ code: "custom", message: "Give urls (an array of strings) or text (one URL per line)" });
    }
  })
  .meta({
    examples: [
      { urls: ["https://youtu.be/dQw4w9WgXcQ", "https://www.youtube.com/watch?v=M7lc1UVf-VE", "not a video"] },
      { text: "https://youtu.be/dQw4w9WgXcQ\nhttps://www.youtube.com/shorts/aqz-KE-bpKQ" },
    ],
  });

export const DuplicateEntry = z.object({ input: z.string(), line: z.number().int(), videoId: z.string() });
export const InvalidEntry = z.object({ input: z.string(), line: z.number().int(), reason: z.string() });
export type DuplicateEntry = z.infer<typeof DuplicateEntry>;
export type InvalidEntry = z.infer<typeof InvalidEntry>;

export const BulkAddResult = z
  .object({ added: z.array(Video), duplicates: z.array(DuplicateEntry), invalid: z.array(InvalidEntry) })
  .meta({
    id: "BulkAddResult",
    examples: [
      {
        added: [EXAMPLE_PENDING_VIDEO],
        duplicates: [{ input: "https://www.youtube.com/watch?v=M7lc1UVf-VE", line: 2, videoId: EXAMPLE_VIDEO.id }],
        invalid: [{ input: "not a video", line: 3, reason: "Not a YouTube URL" }],
      },
    ],
  });
export type BulkAddResult = z.infer<typeof BulkAddResult>;

export const ImportResult = z
  .object({ added: z.number().int(), duplicates: z.number().int(), invalid: z.array(InvalidEntry) })
  .meta({
    id: "ImportResult",
    examples: [
      {
        added: 412,
        duplicates: 3,
        invalid: [{ input: "https://vimeo.com/76979871", line: 58, reason: "Not a YouTube URL" }],
      },
    ],
  });
export type ImportResult = z.infer<typeof ImportResult>;

const isoDateOrTime = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/,
    "Use an ISO date (2024-05-01) or time",
  )
  .refine((text) => !Number.isNaN(Date.parse(text)), "Not a real date");
const seconds = z.coerce.number().int().min(0);
const sortParam = z
  .string()
  .refine(
    (sort) =>
      (VIDEO_SORTS as readonly string[]).includes(sort) ||
      sort === RELEVANCE_SORT ||
      sort.startsWith(FIELD_PARAM_PREFIX),
    `Use one of ${[...VIDEO_SORTS, RELEVANCE_SORT].join(", ")} or field.<key>`,
  );

/**
 * The videos route's query parameters with fixed names. Filters on the list's fields have names
 * made from its keys, so they cannot be listed here; `src/domain/video-query.ts` reads them.
 */
export const VideoQuery = PageQuery.extend({
  status: z.enum(VIDEO_STATUSES).optional(),
  q: z
    .string()
    .trim()
    .max(LIMITS.searchQueryMax)
    .optional()
    .meta({ description: "Full-text search: word prefixes, case and accent insensitive, ranked" }),
  sort: sortParam.optional().meta({
    description: "createdAt, title, publishedAt, durationSeconds, viewCount, relevance (needs q) or field.<key>",
  }),
  order: z.enum(["asc", "desc"]).default("desc"),
  channelId: z.string().max(2_000).optional().meta({ description: "One channel id, or several separated by commas" }),
  "durationSeconds.gte": seconds.optional(),
  "durationSeconds.lte": seconds.optional(),
  "publishedAt.gte": isoDateOrTime.optional(),
  "publishedAt.lte": isoDateOrTime.optional().meta({ description: "A date includes the whole day (UTC)" }),
  needsRerun: z.enum(["true", "false"]).optional(),
}).meta({
  description:
    "Also `field.<key>=a,b` (enum, boolean, text: any of the values; tags: having any of them), " +
    "`field.<key>.gte=` / `.lte=` (number) and `field.<key>.empty=true|false`, for the list's fields.",
});
export type VideoQuery = z.infer<typeof VideoQuery>;

export const ExportQuery = z.object({ format: z.enum(["csv", "json"]).default("csv") });
