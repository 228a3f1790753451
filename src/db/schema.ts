import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import {
  type FieldSource,
  JOB_STATUSES,
  type JobStatus,
  PAUSED_REASONS,
  SOURCE_KINDS,
  TOKEN_SCOPES,
  VIDEO_STATUSES,
  type VideoStatus,
} from "../shared/constants";
import type { Field, FieldValues } from "../shared/schemas/fields";
import type { SubscriptionFilters } from "../shared/schemas/subscriptions";
import type { Chapter } from "../shared/schemas/videos";

/**
 * Every time a row keeps of itself (created, updated, used, expires, next check, finished) comes
 * from one clock, D1's, as an ISO-8601 UTC string with milliseconds (`2026-11-23T10:00:00.000Z`),
 * so rows written by different isolates still order correctly: write `nowIso` or `isoFromNow`,
 * never a Worker's `Date`. The one exception is a parked job's `resumesAt`, a deadline the hub
 * sets from an upstream's reset and alone acts on.
 */
export const nowIso = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
/** D1's clock moved by an SQLite modifier (`"+60 seconds"`, `"-1 day"`), in nowIso's format. */
export const isoFromNow = (modifier: string) => sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${modifier}))`;

const createdAt = () => text("created_at").notNull().default(nowIso);
const updatedAt = () => text("updated_at").notNull().default(nowIso);

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  passwordHash: text("password_hash").notNull(),
  createdAt: createdAt(),
});

/** Login sessions and API tokens. Only a SHA-256 of the secret is stored. */
export const tokens = sqliteTable(
  "tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["session", "api"] }).notNull(),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    /** Sessions are always `write`; an API token may be `read` (GET only). */
    scope: text("scope", { enum: TOKEN_SCOPES }).notNull().default("write"),
    createdAt: createdAt(),
    lastUsedAt: text("last_used_at"),
    expiresAt: text("expires_at"),
  },
  (t) => [index("tokens_user_kind").on(t.userId, t.kind, t.createdAt)],
);

/**
 * Single-use WebSocket tickets (`POST /api/ws/ticket`), stored as the SHA-256 of the secret. The
 * upgrade deletes the row it redeems, so a ticket works once; deleting the credential that asked
 * for it deletes its tickets too.
 */
export const wsTickets = sqliteTable(
  "ws_tickets",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenId: text("token_id")
      .notNull()
      .references(() => tokens.id, { onDelete: "cascade" }),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [index("ws_tickets_token").on(t.tokenId), index("ws_tickets_expires").on(t.expiresAt)],
);

export const lists = sqliteTable(
  "lists",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    fields: text("fields", { mode: "json" }).$type<Field[]>().notNull().default(sql`'[]'`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("lists_user_created").on(t.userId, t.createdAt, t.id)],
);

export const videos = sqliteTable(
  "videos",
  {
    id: text("id").primaryKey(),
    listId: text("list_id")
      .notNull()
      .references(() => lists.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull(),
    youtubeId: text("youtube_id").notNull(),
    url: text("url").notNull(),
    status: text("status", { enum: VIDEO_STATUSES }).notNull().default("pending"),
    title: text("title"),
    channelTitle: text("channel_title"),
    channelId: text("channel_id"),
    description: text("description"),
    durationSeconds: integer("duration_seconds"),
    viewCount: integer("view_count"),
    likeCount: integer("like_count"),
    publishedAt: text("published_at"),
    thumbnailUrl: text("thumbnail_url"),
    tags: text("tags", { mode: "json" }).$type<string[]>(),
    chapters: text("chapters", { mode: "json" }).$type<Chapter[]>(),
    fields: text("fields", { mode: "json" }).$type<FieldValues>(),
    /** Keys a person set (`{"level": "user"}`); every other key of `fields` came from the AI. */
    fieldSources: text("field_sources", { mode: "json" }).$type<Record<string, FieldSource>>(),
    error: text("error"),
    processedVersion: text("processed_version"),
    processedAt: text("processed_at"),
    /** The job that last took this video; lets a job find its unfinished videos. */
    jobId: text("job_id"),
    /**
     * What the video was before its current job claimed it, set by the claiming statement: a job
     * that stops early (cancel, job-level failure) puts each video it did not finish back to this.
     */
    prevStatus: text("prev_status", { enum: VIDEO_STATUSES }),
    prevError: text("prev_error"),
    prevJobId: text("prev_job_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("videos_list_youtube").on(t.listId, t.youtubeId),
    index("videos_list_created").on(t.listId, t.createdAt, t.id),
    index("videos_list_status").on(t.listId, t.status),
    index("videos_job_status").on(t.jobId, t.status),
  ],
);

/**
 * The search index lives beside these tables in `migrations/0004_find_index.sql`, which drizzle
 * cannot express: `video_field_values` (one row per video, field and value, typed by the list's
 * fields), the FTS5 table `videos_fts` with `video_search_docs`, and the triggers on `videos`
 * and `lists` that keep both in step with every write; `migrations/0012_search_doc_ranges.sql`
 * numbers the search documents in per-list blocks and per-user regions, so a search's scope is
 * a range of FTS5 rowids (`search_blocks`, `search_regions`). `migrations/0005_find_sort_indexes.sql`
 * adds the indexes on `videos` that its column sorts and channel facet read. See README
 * "Finding videos".
 */

/** Saved views: a named query string of the videos route. */
export const views = sqliteTable(
  "views",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    listId: text("list_id")
      .notNull()
      .references(() => lists.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    query: text("query").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("views_list_name").on(t.listId, t.name), index("views_user").on(t.userId)],
);

export const jobs = sqliteTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    listId: text("list_id").notNull(),
    status: text("status", { enum: JOB_STATUSES }).notNull().default("running"),
    total: integer("total").notNull(),
    processed: integer("processed").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    force: integer("force", { mode: "boolean" }).notNull().default(false),
    pipelineVersion: text("pipeline_version").notNull(),
    errorMessage: text("error_message"),
    pausedReason: text("paused_reason", { enum: PAUSED_REASONS }),
    resumesAt: text("resumes_at"),
    usageYoutubeUnits: integer("usage_youtube_units").notNull().default(0),
    usageAiCalls: integer("usage_ai_calls").notNull().default(0),
    usageInputTokens: integer("usage_input_tokens").notNull().default(0),
    usageOutputTokens: integer("usage_output_tokens").notNull().default(0),
    usageThinkingTokens: integer("usage_thinking_tokens").notNull().default(0),
    /**
     * The user's ProgressHub numbers every change of the job; each write of its state carries that
     * number and applies only over an older one, so a late write never undoes a newer state.
     * 0 means the hub has not written the job yet (the orphan sweep looks for those).
     */
    revision: integer("revision").notNull().default(0),
    idempotencyKey: text("idempotency_key"),
    /** The request the key was sent with (`POST /lists/lst_…/process`); see services/idempotency.ts. */
    idempotencyRequest: text("idempotency_request"),
    /** SHA-256 (hex) of that request's canonical JSON body. */
    idempotencyBodySha256: text("idempotency_body_sha256"),
    createdAt: createdAt(),
    startedAt: text("started_at").default(nowIso),
    finishedAt: text("finished_at"),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("jobs_user_idempotency").on(t.userId, t.idempotencyKey),
    // The database itself enforces "at most one active job per list": a second insert of a
    // running/paused job for the same list fails, however many Workers race.
    uniqueIndex("jobs_one_active_per_list").on(t.listId).where(sql`status IN ('running', 'paused')`),
    index("jobs_user_created").on(t.userId, t.createdAt, t.id),
    index("jobs_list_created").on(t.listId, t.createdAt),
    index("jobs_unadopted").on(t.createdAt).where(sql`revision = 0 AND status IN ('running', 'paused')`),
  ],
);

/**
 * Upstream spend and work done per user per UTC day, added to by the queue consumer in the same
 * D1 batch that writes the results. Read by GET /api/usage and the daily processing cap.
 */
export const usageDays = sqliteTable(
  "usage_days",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** `YYYY-MM-DD`, UTC. */
    day: text("day").notNull(),
    videosProcessed: integer("videos_processed").notNull().default(0),
    aiCalls: integer("ai_calls").notNull().default(0),
    inputTokens: integer("input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    thinkingTokens: integer("thinking_tokens").notNull().default(0),
    youtubeUnits: integer("youtube_units").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] })],
);

/**
 * A list following a channel (its uploads playlist) or a playlist. `seenUntil` is the newest
 * entry time seen in the source; a check adds what entered it later. `nextCheckAt` is when the
 * Cron Trigger's dispatcher next hands it to the check queue.
 */
export const subscriptions = sqliteTable(
  "subscriptions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    listId: text("list_id")
      .notNull()
      .references(() => lists.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: SOURCE_KINDS }).notNull(),
    sourceId: text("source_id").notNull(),
    playlistId: text("playlist_id").notNull(),
    title: text("title").notNull(),
    autoProcess: integer("auto_process", { mode: "boolean" }).notNull().default(false),
    filters: text("filters", { mode: "json" }).$type<SubscriptionFilters>().notNull().default(sql`'{}'`),
    seenUntil: text("seen_until"),
    /** The playlist's size at the last check; an unchanged size spares reading a playlist again. */
    seenTotal: integer("seen_total"),
    lastCheckedAt: text("last_checked_at"),
    lastAddedCount: integer("last_added_count"),
    /**
     * Videos this subscription added that auto-process has not started a job for yet (the list
     * had a job running): the next check takes them with its own, and nothing else of the list.
     */
    waitingVideoIds: text("waiting_video_ids", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    error: text("error"),
    nextCheckAt: text("next_check_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("subscriptions_list_source").on(t.listId, t.sourceId),
    index("subscriptions_list_created").on(t.listId, t.createdAt, t.id),
    index("subscriptions_user").on(t.userId),
    index("subscriptions_due").on(t.nextCheckAt),
  ],
);

export type { JobStatus, VideoStatus };
export type UserRow = typeof users.$inferSelect;
export type ListRow = typeof lists.$inferSelect;
export type VideoRow = typeof videos.$inferSelect;
export type JobRow = typeof jobs.$inferSelect;
export type ViewRow = typeof views.$inferSelect;

/**
 * A user's webhook endpoints. The signing secret is kept AES-GCM encrypted with a key derived
 * from the `WEBHOOK_SECRET_KEY` secret (lib/secret-box.ts): it must be readable to sign, so it
 * cannot be a hash like tokens, and a copy of D1 alone does not reveal it.
 */
export const webhooks = sqliteTable(
  "webhooks",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    events: text("events", { mode: "json" }).$type<string[]>().notNull(),
    secretCiphertext: text("secret_ciphertext").notNull(),
    /** When deliveries to it started failing without a success since; null while healthy. */
    failingSince: text("failing_since"),
    disabledAt: text("disabled_at"),
    disabledReason: text("disabled_reason"),
    createdAt: createdAt(),
  },
  (t) => [index("webhooks_user_created").on(t.userId, t.createdAt)],
);

/**
 * One event sent to one endpoint, over all its attempts. `id` is the `webhook-id` header, the
 * same on every attempt; `body` is the exact payload signed each time. Only a short excerpt of
 * the receiver's answer is kept.
 */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    webhookId: text("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull(),
    event: text("event").notNull(),
    body: text("body").notNull(),
    status: text("status", { enum: ["pending", "delivered", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    responseStatus: integer("response_status"),
    responseExcerpt: text("response_excerpt"),
    lastError: text("last_error"),
    createdAt: createdAt(),
    lastAttemptAt: text("last_attempt_at"),
    deliveredAt: text("delivered_at"),
  },
  (t) => [index("webhook_deliveries_webhook_created").on(t.webhookId, t.createdAt, t.id)],
);

/** A list published read-only at /s/:slug. One row per shared list; unsharing deletes it. */
export const listShares = sqliteTable("list_shares", {
  listId: text("list_id")
    .primaryKey()
    .references(() => lists.id, { onDelete: "cascade" }),
  userId: text("user_id").notNull(),
  slug: text("slug").notNull().unique(),
  createdAt: createdAt(),
});

export type WebhookRow = typeof webhooks.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
export type SubscriptionRow = typeof subscriptions.$inferSelect;
