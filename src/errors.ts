/**
 * One error type and one envelope. Every failure the API reports, from validation to a bug,
 * leaves through `errorResponse`, so clients only ever parse `{error: {code, message, details?}}`.
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ErrorCode } from "./shared/constants";
import type { ErrorBody, ErrorDetails } from "./shared/schemas/errors";

const STATUS_BY_CODE: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  nothing_to_process: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  job_active: 409,
  payload_too_large: 413,
  validation_failed: 422,
  invalid_url: 422,
  idempotency_key_reused: 422,
  limit_reached: 422,
  rate_limited: 429,
  internal: 500,
  upstream_unavailable: 503,
};

/** An error the API reports; `details` must have the shape documented for `code`. */
export class ApiError<C extends ErrorCode = ErrorCode> extends Error {
  readonly status: ContentfulStatusCode;
  constructor(
    readonly code: C,
    message: string,
    readonly details?: ErrorDetails<C>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = STATUS_BY_CODE[code];
  }
}

export const notFound = (what: string) => new ApiError("not_found", `${what} not found`);

export const statusOf = (code: ErrorCode) => STATUS_BY_CODE[code];

export function errorBody<C extends ErrorCode>(code: C, message: string, details?: ErrorDetails<C>): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } } as ErrorBody;
}

export function errorResponse(c: Context, error: ApiError): Response {
  for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
  return c.json(errorBody(error.code, error.message, error.details), error.status);
}

/** zod issues → the documented `details: [{path, message}]`. */
export function validationDetails(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  return issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}
