/**
 * The one error envelope, `{error: {code, message, details?}}`, spelled once per error code: each
 * code has its own schema saying what its `details` hold, so clients (and the OpenAPI document)
 * know the shape of `details` from the code alone.
 */
import { z } from "zod";
import { ERROR_CODES, type ErrorCode, JOB_STATUSES } from "../constants";
import { EXAMPLE_IDS } from "./examples";

const ValidationIssues = z
  .array(
    z.object({
      path: z
        .string()
        .meta({ description: "Dotted path of the offending value (`fields.0.key`); empty for the whole" }),
      message: z.string(),
    }),
  )
  .meta({
    id: "ValidationIssues",
    description: "One entry per problem",
    examples: [
      [
        { path: "name", message: "Name is required" },
        { path: "fields.0.key", message: "Use lowercase letters, digits and _, starting with a letter (max 40)" },
      ],
    ],
  });

/** What `details` holds for each code; a code missing here never carries details. */
const DETAILS = {
  bad_request: z
    .union([ValidationIssues, z.object({ contentType: z.string().nullable() })])
    .optional()
    .meta({ description: "The query or path problems, or the content type that was refused" }),
  conflict: z
    .union([
      z.object({
        status: z
          .enum(JOB_STATUSES)
          .optional()
          .meta({ description: "The job's status, when it is in the wrong state" }),
        videoId: z.string().optional().meta({ description: "The YouTube id already in the list" }),
        videoIds: z
          .array(z.string())
          .optional()
          .meta({ description: "The videos a job is processing, which cannot be moved now" }),
        sourceId: z.string().optional().meta({ description: "The playlist or channel the list already follows" }),
      }),
      ValidationIssues,
    ])
    .optional(),
  job_active: z.object({ jobId: z.string().meta({ description: "The list's running or paused job" }) }),
  method_not_allowed: z.object({ allow: z.array(z.string()).meta({ description: "The methods the path takes" }) }),
  payload_too_large: z.object({ maxBytes: z.number().int() }).optional(),
  validation_failed: ValidationIssues,
  invalid_url: z.object({ input: z.string().meta({ description: "What was sent" }) }),
  limit_reached: z.object({
    limit: z.string().meta({
      description:
        "Which cap: `lists`, `videosPerList`, `videosPerUser`, `apiTokens`, `activeJobs`, `videosProcessedPerDay`, `subscriptions` (as GET /api/usage names them), `viewsPerList`, `webhooks`",
      example: "lists",
    }),
    max: z.number().int().meta({ description: "The cap's value for this user" }),
  }),
  rate_limited: z
    .union([
      z
        .object({ limit: z.string(), max: z.number().int() })
        .meta({ description: "A cap on open resources (sockets): which one and its maximum" }),
      z
        .object({ retryAfterSeconds: z.number().int() })
        .meta({ description: "An upstream quota used up: seconds until it comes back, as in Retry-After" }),
    ])
    .optional(),
} satisfies Partial<Record<ErrorCode, z.ZodType>>;
type Details = typeof DETAILS;

/** `details` of each code, as TypeScript: `never` for a code that has none. */
export type ErrorDetails<C extends ErrorCode> = C extends keyof Details ? z.input<Details[C]> : never;

const EXAMPLE_MESSAGES: Record<ErrorCode, { message: string; details?: unknown }> = {
  bad_request: {
    message: "Invalid query parameter",
    details: [{ path: "limit", message: "Too big: expected number to be <=200" }],
  },
  nothing_to_process: { message: "No video in this list needs processing; use force to process all again" },
  unauthorized: { message: "The token is invalid, expired or revoked" },
  forbidden: { message: "This token is read-only: it may only make GET requests" },
  not_found: { message: "List not found" },
  method_not_allowed: {
    message: "PUT is not allowed on /api/lists/{id}",
    details: { allow: ["GET", "PATCH", "DELETE"] },
  },
  conflict: { message: "The job is completed; that action does not apply", details: { status: "completed" } },
  job_active: { message: "This list already has a running or paused job", details: { jobId: EXAMPLE_IDS.job } },
  payload_too_large: { message: "A JSON body must be at most 1 MB", details: { maxBytes: 1048576 } },
  validation_failed: {
    message: "The request body is not valid",
    details: [{ path: "name", message: "Name is required" }],
  },
  invalid_url: { message: "Not a YouTube video URL or id", details: { input: "https://example.com/watch" } },
  idempotency_key_reused: { message: "This Idempotency-Key was used with another list or body" },
  limit_reached: {
    message: "You have reached the limit of 100 lists",
    details: { limit: "lists", max: 100 },
  },
  rate_limited: { message: "Too many sign-in attempts from your network; wait 60 s and try again" },
  internal: { message: "Something went wrong on our side; it has been logged" },
  upstream_unavailable: {
    message: "Importing playlists and channels needs the YouTube Data API: set YOUTUBE_API_KEY",
  },
};

const pascal = (code: string) => code.replace(/(^|_)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());

function errorSchema<C extends ErrorCode>(code: C) {
  const details: z.ZodType | undefined = (DETAILS as Partial<Record<ErrorCode, z.ZodType>>)[code];
  const { message, details: exampleDetails } = EXAMPLE_MESSAGES[code];
  return z
    .object({
      error: z.object({
        code: z.literal(code),
        message: z.string().meta({ description: "A sentence for people; never parse it" }),
        ...(details ? { details } : {}),
      }),
    })
    .meta({
      id: `${pascal(code)}Error`,
      description: `The error body with code \`${code}\``,
      examples: [
        { error: exampleDetails === undefined ? { code, message } : { code, message, details: exampleDetails } },
      ],
    });
}

/** The body of an error of each code: `ERROR_BODIES.job_active` and so on. */
export const ERROR_BODIES = Object.fromEntries(ERROR_CODES.map((code) => [code, errorSchema(code)])) as {
  [C in ErrorCode]: ReturnType<typeof errorSchema<C>>;
};

/** Any error body; `code` tells which, and with it the shape of `details`. */
export type ErrorBody = {
  [C in ErrorCode]: {
    error: { code: C; message: string } & ([ErrorDetails<C>] extends [never]
      ? { details?: never }
      : { details?: ErrorDetails<C> });
  };
}[ErrorCode];
