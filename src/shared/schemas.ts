/**
 * The public contract as zod schemas. The Worker validates with them, the OpenAPI document is
 * generated from them, and the web UI imports their types: one definition, three uses.
 */
import { z } from "zod";

export const LIMITS = {
  jsonBodyBytes: 1024 * 1024,
  csvBodyBytes: 5 * 1024 * 1024,
  csvRows: 10_000,
  bulkUrls: 1_000,
  fieldsPerList: 20,
  listNameMax: 200,
  descriptionMax: 5_000,
  pageMax: 200,
  pageDefault: 50,
  historyMax: 500,
  historyDefault: 100,
} as const;

export const isoTime = z.string().meta({ example: "2026-11-23T10:00:00.000Z", format: "date-time" });

// ─── Errors ────────────────────────────────────────────────────────────────────────────────
export const ERROR_CODES = [
  "bad_request",
  "nothing_to_process",
  "unauthorized",
  "not_found",
  "conflict",
  "job_active",
  "payload_too_large",
  "validation_failed",
  "invalid_url",
  "rate_limited",
  "internal",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: "Error" });
export type ErrorBody = z.infer<typeof ErrorBody>;

// ─── Users and tokens ──────────────────────────────────────────────────────────────────────
export const User = z.object({ id: z.string(), email: z.string(), createdAt: isoTime }).meta({ id: "User" });
export type User = z.infer<typeof User>;

export const Credentials = z.object({
  // Trimmed and lower-cased before the format check, as login does: " Ada@x.com " is ada@x.com.
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)).meta({ example: "ada@example.com" }),
  password: z.string().min(8, "Password must be at least 8 characters").max(1024),
});

export const AuthResult = z.object({ user: User, token: z.string() }).meta({ id: "AuthResult" });

export const ApiToken = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: isoTime,
    lastUsedAt: isoTime.nullable(),
  })
  .meta({ id: "ApiToken" });
export type ApiToken = z.infer<typeof ApiToken>;

export const CreateTokenBody = z.object({ name: z.string().trim().min(1).max(100) });
export const CreatedToken = z
  .object({ id: z.string(), name: z.string(), token: z.string(), createdAt: isoTime })
  .meta({ id: "CreatedToken" });

// ─── Fields ────────────────────────────────────────────────────────────────────────────────
export const FIELD_TYPES = ["text", "number", "boolean", "enum", "tags"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export const FIELD_KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

export const Field = z
  .object({
    key: z.string().regex(FIELD_KEY_PATTERN, "Use lowercase letters, digits and _, starting with a letter (max 40)"),
    label: z.string().trim().min(1).max(100),
    type: z.enum(FIELD_TYPES),
    description: z.string().max(500).optional(),
    options: z.array(z.string().trim().min(1).max(100)).min(1).max(50).optional(),
  })
  .superRefine((field, ctx) => {
    if (field.type === "enum" && !field.options) {
      ctx.addIssue({ code: "custom", path: ["options"], message: "An enum field needs options" });
    }
    if (field.options && field.type !== "enum" && field.type !== "tags") {
      ctx.addIssue({ code: "custom", path: ["options"], message: `A ${field.type} field has no options` });
    }
    if (field.options && new Set(field.options).size !== field.options.length) {
      ctx.addIssue({ code: "custom", path: ["options"], message: "Options must be unique" });
    }
  })
  .meta({ id: "Field" });
export type Field = z.infer<typeof Field>;

export const FieldList = z
  .array(Field)
  .max(LIMITS.fieldsPerList, `A list has at most ${LIMITS.fieldsPerList} fields`)
  .superRefine((fields, ctx) => {
    const seen = new Set<string>();
    fields.forEach((field, i) => {
      if (seen.has(field.key)) {
        ctx.addIssue({ code: "custom", path: [i, "key"], message: `Duplicate field key "${field.key}"` });
      }
      seen.add(field.key);
    });
  });

export type FieldValue = string | number | boolean | string[];
export type FieldValues = Record<string, FieldValue | null>;
export const FieldValuesSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]),
);

// ─── Lists ─────────────────────────────────────────────────────────────────────────────────
export const List = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    fields: z.array(Field),
    videoCount: z.number().int(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: "List" });
export type List = z.infer<typeof List>;

const listName = z.string().trim().min(1, "Name is required").max(LIMITS.listNameMax);
const listDescription = z.string().max(LIMITS.descriptionMax);

export const CreateListBody = z.object({
  name: listName,
  description: listDescription.optional(),
  fields: FieldList.optional(),
});
export const UpdateListBody = z
  .object({ name: listName.optional(), description: listDescription.optional(), fields: FieldList.optional() })
  .refine((body) => Object.keys(body).length > 0, "Give at least one of name, description, fields");

// ─── Videos ────────────────────────────────────────────────────────────────────────────────
export const VIDEO_STATUSES = ["pending", "queued", "processing", "completed", "failed"] as const;
export type VideoStatus = (typeof VIDEO_STATUSES)[number];

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

export const VIDEO_SORTS = ["createdAt", "title", "publishedAt", "durationSeconds", "viewCount"] as const;
export type VideoSort = (typeof VIDEO_SORTS)[number];

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(LIMITS.pageMax).default(LIMITS.pageDefault),
  cursor: z.string().max(512).optional(),
});

export const VideoQuery = PageQuery.extend({
  status: z.enum(VIDEO_STATUSES).optional(),
  q: z.string().trim().max(200).optional(),
  sort: z.enum(VIDEO_SORTS).default("createdAt"),
  order: z.enum(["asc", "desc"]).default("desc"),
});
export type VideoQuery = z.infer<typeof VideoQuery>;

export const ExportQuery = z.object({ format: z.enum(["csv", "json"]).default("csv") });

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

// ─── Jobs ──────────────────────────────────────────────────────────────────────────────────
export const JOB_STATUSES = ["running", "paused", "completed", "completed_with_errors", "failed", "cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const ACTIVE_JOB_STATUSES: readonly JobStatus[] = ["running", "paused"];
export const isJobFinished = (status: JobStatus) => !ACTIVE_JOB_STATUSES.includes(status);

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

/** Integer percent, never above 100, never NaN for an empty job. */
export const progressPercent = (processed: number, failed: number, total: number) =>
  total === 0 ? 100 : Math.min(100, Math.floor((100 * (processed + failed)) / total));
