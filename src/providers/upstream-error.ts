/**
 * How an upstream call failed, in the shapes the queue consumer acts on differently:
 * - `transient`: try again later (5xx, timeout, network, garbled body); bounded attempts.
 * - `throttled`: a per-minute limit said "not so fast" (429, 403 rateLimitExceeded). Nothing is
 *   wrong with the work: the upstream governor slows every caller down, honouring
 *   `retryAfterSeconds` (Retry-After or Gemini's RetryInfo) when the answer has one.
 * - `quota`: the day's quota is used up; no call succeeds before `quotaResets`, so the job waits.
 * - `permanent`: this one video cannot be processed; fail it with `message`, which a person reads.
 * - `fatal`: the key is bad, the model is gone or the configuration cannot work; every further
 *   call fails the same way, so the whole job fails with `message`, which names the setting.
 */
import type { QuotaReset } from "../domain/quota-reset";

export type UpstreamErrorKind = "transient" | "throttled" | "quota" | "permanent" | "fatal";

/** Per-minute limits an upstream named in its refusal (Gemini's QuotaFailure `quotaValue`). */
export interface NamedLimits {
  perMinute?: number;
  tokensPerMinute?: number;
}

export interface UpstreamErrorOptions {
  status?: number;
  retryAfterSeconds?: number;
  quotaResets?: QuotaReset;
  /** For `throttled`: the limit the refusal says was passed, when it says. */
  limits?: NamedLimits;
  cause?: unknown;
}

export class UpstreamError extends Error {
  readonly kind: UpstreamErrorKind;
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  readonly quotaResets?: QuotaReset;
  readonly limits?: NamedLimits;

  constructor(kind: UpstreamErrorKind, message: string, options: UpstreamErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "UpstreamError";
    this.kind = kind;
    this.status = options.status;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.quotaResets = options.quotaResets;
    this.limits = options.limits;
  }
}

export const isUpstreamError = (error: unknown): error is UpstreamError => error instanceof UpstreamError;

/** Retry-After is either delta-seconds or an HTTP-date (RFC 9110 §10.2.3); anything else is ignored. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * `fetch` with a deadline. A hung upstream would otherwise hold the whole queue batch until the
 * consumer's wall-clock limit; a timeout becomes a transient error and only that message retries.
 */
export async function fetchWithTimeout(
  fetchFn: typeof fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number,
  service = "Upstream",
): Promise<Response> {
  try {
    return await fetchFn(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    const message = timedOut
      ? `${service} did not answer within ${timeoutMs} ms`
      : `${service} could not be reached: ${error instanceof Error ? error.message : String(error)}`;
    throw new UpstreamError("transient", message, { cause: error });
  }
}

/** 408 and 5xx: the upstream may well answer next time. (429 is a throttle: see `throttled`.) */
export const isRetryableStatus = (status: number) => status === 408 || status >= 500;

/** Reads a body as JSON; a body that is not JSON (an HTML error page, a cut connection) is transient. */
export async function readJson(service: string, response: Response): Promise<unknown> {
  const text = await response.text().catch((error: unknown) => {
    throw new UpstreamError("transient", `${service} response could not be read`, {
      status: response.status,
      cause: error,
    });
  });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UpstreamError("transient", `${service} answered with a body that is not JSON`, {
      status: response.status,
      cause: error,
    });
  }
}

/** The error envelope every Google API shares: `{error: {code, message, status?, errors?, details?}}`. */
export interface GoogleError {
  code: number;
  message: string;
  status: string | null;
  reasons: string[];
  /** `quotaId`s of google.rpc.QuotaFailure violations, e.g. GenerateRequestsPerDayPerProjectPerModel-FreeTier. */
  quotaIds: string[];
  /** Per-minute limits named by QuotaFailure violations (`quotaValue` of a requests or input-tokens per-minute quota). */
  perMinuteLimits: NamedLimits;
  retryDelaySeconds?: number;
}

/** Pulls the fields we branch on out of a Google error body; null when the body has another shape. */
export function parseGoogleError(body: unknown): GoogleError | null {
  if (typeof body !== "object" || body === null || !("error" in body)) return null;
  const error = (body as { error: unknown }).error;
  if (typeof error !== "object" || error === null) return null;
  const { code, message, status, errors, details } = error as Record<string, unknown>;
  const reasons: string[] = [];
  const quotaIds: string[] = [];
  const perMinuteLimits: NamedLimits = {};
  let retryDelaySeconds: number | undefined;
  // Legacy `errors[].reason` (YouTube: quotaExceeded, keyInvalid) and google.rpc `details[].reason`
  // (API_KEY_INVALID) both name the cause; QuotaFailure says which quota (per minute or per day);
  // RetryInfo carries Gemini's back-off hint ("26s").
  for (const entry of [...(Array.isArray(errors) ? errors : []), ...(Array.isArray(details) ? details : [])]) {
    if (typeof entry !== "object" || entry === null) continue;
    const { reason, retryDelay, violations } = entry as Record<string, unknown>;
    if (typeof reason === "string") reasons.push(reason);
    if (typeof retryDelay === "string" && /^\d+(\.\d+)?s$/.test(retryDelay)) {
      retryDelaySeconds = Math.ceil(Number.parseFloat(retryDelay));
    }
    for (const violation of Array.isArray(violations) ? violations : []) {
      const { quotaId, quotaValue } = (violation ?? {}) as Record<string, unknown>;
      if (typeof quotaId !== "string") continue;
      quotaIds.push(quotaId);
      const value = Number(quotaValue);
      if (!(Number.isFinite(value) && value > 0) || !/PerMinute/i.test(quotaId)) continue;
      if (/Requests/i.test(quotaId)) perMinuteLimits.perMinute = value;
      else if (/InputTokens/i.test(quotaId)) perMinuteLimits.tokensPerMinute = value;
    }
  }
  return {
    code: typeof code === "number" ? code : 0,
    message: typeof message === "string" ? message : "",
    status: typeof status === "string" ? status : null,
    reasons,
    quotaIds,
    perMinuteLimits,
    retryDelaySeconds,
  };
}
