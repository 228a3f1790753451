/**
 * The contract's plain values: limits, enumerations and the few rules both sides compute. No zod
 * here, so the web UI can import them without pulling the validators into its bundle.
 */

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
  /** Ids in one bulk delete or move. */
  bulkVideoIds: 1_000,
  /** Saved views per list, and what each may hold. */
  viewsPerList: 50,
  viewNameMax: 100,
  viewQueryMax: 2_000,
  /** Full-text queries, in characters. */
  searchQueryMax: 200,
  /** Values a facet lists, most frequent first. */
  facetValues: 50,
} as const;

export const ERROR_CODES = [
  "bad_request",
  "nothing_to_process",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "job_active",
  "payload_too_large",
  "validation_failed",
  "invalid_url",
  "idempotency_key_reused",
  "method_not_allowed",
  "limit_reached",
  "rate_limited",
  "internal",
  "upstream_unavailable",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A `read` API token may only GET; sessions and `write` tokens may do everything. */
export const TOKEN_SCOPES = ["read", "write"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const FIELD_TYPES = ["text", "number", "boolean", "enum", "tags"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export const FIELD_KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

export const VIDEO_STATUSES = ["pending", "queued", "processing", "completed", "failed"] as const;
export type VideoStatus = (typeof VIDEO_STATUSES)[number];

/** Sorts by a video's own columns. The videos route also sorts by `relevance` and `field.<key>`. */
export const VIDEO_SORTS = ["createdAt", "title", "publishedAt", "durationSeconds", "viewCount"] as const;
export type VideoSort = (typeof VIDEO_SORTS)[number];
export const RELEVANCE_SORT = "relevance";
/** Query parameters and sorts that name one of the list's fields: `field.<key>[.gte|.lte|.empty]`. */
export const FIELD_PARAM_PREFIX = "field.";

/** Who set a field value: the AI during a run, or a person correcting it. */
export const FIELD_SOURCES = ["ai", "user"] as const;
export type FieldSource = (typeof FIELD_SOURCES)[number];

export const JOB_STATUSES = ["running", "paused", "completed", "completed_with_errors", "failed", "cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const ACTIVE_JOB_STATUSES: readonly JobStatus[] = ["running", "paused"];
/** Why a job is paused: its owner asked, or an upstream limit parked it until `resumesAt`. */
export const PAUSED_REASONS = ["user", "rate_limit", "quota"] as const;
export type PausedReason = (typeof PAUSED_REASONS)[number];
export type ParkReason = Exclude<PausedReason, "user">;

/** A progress event names at most this many changed videos; a full list means "re-fetch the rows". */
export const PROGRESS_VIDEOS_MAX = 200;

export const isJobFinished = (status: JobStatus) => !ACTIVE_JOB_STATUSES.includes(status);

/** Integer percent, never above 100, never NaN for an empty job. */
export const progressPercent = (processed: number, failed: number, total: number) =>
  total === 0 ? 100 : Math.min(100, Math.floor((100 * (processed + failed)) / total));

// ─── The live-progress socket (frames themselves are zod schemas in protocol.ts) ───────────

/**
 * Why the server closed a socket. A client reconnects after either, with a fresh ticket; after
 * `credentialRevoked` that ticket is refused (401), which is how a tab learns it was signed out.
 */
export const SOCKET_CLOSE = {
  /** Not a frame of ClientFrame, not text, over MAX_CLIENT_FRAME_BYTES, or too many frames. */
  policyViolation: { code: 1008, reason: "invalid frame" },
  /** The session or token that opened the socket was signed out, revoked or replaced. */
  credentialRevoked: { code: 4401, reason: "credential revoked" },
} as const;

/** The largest client frame the server reads; a ping is 15 bytes. */
export const MAX_CLIENT_FRAME_BYTES = 1024;

export const PING_FRAME = JSON.stringify({ type: "ping" });
export const PONG_FRAME = JSON.stringify({ type: "pong" });

// ─── Webhooks ──────────────────────────────────────────────────────────────────────────────

/** Events an endpoint can subscribe to. A test send (`POST /api/webhooks/:id/test`) is `webhook.test`. */
export const WEBHOOK_EVENTS = ["job.finished", "subscription.added"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const WEBHOOK_TEST_EVENT = "webhook.test";
export const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
// ─── Sources and subscriptions ─────────────────────────────────────────────────────────────

export const SOURCE_KINDS = ["playlist", "channel"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** How many of a source's newest videos one import takes. */
export const SOURCE_IMPORT_LIMIT = { default: 500, max: 5_000 } as const;

/**
 * A video this short counts as a Short for `excludeShorts`. YouTube allows Shorts up to three
 * minutes since October 2024 and the Data API does not say which videos are Shorts, so length is
 * the rule: ≤ 180 s is a Short. Live and upcoming broadcasts (no length yet) are not.
 */
export const SHORTS_MAX_SECONDS = 180;

export const SUBSCRIPTION_FILTER_LIMITS = { keywords: 20, keywordLength: 100 } as const;
