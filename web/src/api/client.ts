import type { ClientResponse } from "hono/client";
import type { ResponseFormat } from "hono/types";
import type { SuccessStatusCode } from "hono/utils/http-status";
import type { ErrorCode } from "../../../src/shared/constants";
import type { ErrorBody } from "../../../src/shared/schemas/errors";
import { session, signedOut } from "./session";

/**
 * The one place that speaks HTTP. Every call carries the bearer token, every non-2xx answer
 * becomes an ApiError with the contract's error code, and a 401 ends the session wherever it
 * happens (except on the sign-in form itself, where it means "wrong password").
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | "network",
    message: string,
    readonly details?: unknown,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** Per-field messages from a 422 `validation_failed`, keyed by dotted path. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    if (!Array.isArray(this.details)) return out;
    for (const item of this.details as { path?: unknown; message?: unknown }[]) {
      const path = Array.isArray(item.path) ? item.path.join(".") : String(item.path ?? "");
      if (typeof item.message === "string" && !(path in out)) out[path] = item.message;
    }
    return out;
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function buildPath(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Requests started before the code that wants them had loaded (prefetch), by "METHOD url"; each is taken once. */
const early = new Map<string, Promise<Response>>();
/** An early answer nobody took this soon is dropped: after that it may be stale. */
const EARLY_MS = 10_000;

export interface EarlyRequest {
  url: string;
  /** GET, or a POST that only issues something (the socket's ticket). */
  method?: "GET" | "POST";
}

/**
 * Starts these requests now (with the session's token), so a screen's first data is on its way
 * while its code still loads; the screen's own call of the same method and URL then takes that
 * answer instead of asking again. One the screen does not make costs one unused request.
 */
export function prefetch(requests: EarlyRequest[]) {
  const send = authedFetch();
  for (const { url, method = "GET" } of requests) {
    const key = `${method} ${url}`;
    if (early.has(key)) continue;
    const pending = send(url, { method });
    // A failure is the screen's to see and handle when it takes the answer.
    pending.catch(() => {});
    early.set(key, pending);
    setTimeout(() => early.get(key) === pending && early.delete(key), EARLY_MS);
  }
}

function takeEarly(input: RequestInfo | URL, init: RequestInit | undefined): Promise<Response> | undefined {
  if (typeof input !== "string" || init?.body) return undefined;
  const key = `${init?.method ?? "GET"} ${input}`;
  const pending = early.get(key);
  early.delete(key);
  return pending;
}

/**
 * The fetch the typed hc client uses: adds the bearer token, turns a dead network into an
 * ApiError and ends the session on 401.
 */
export function authedFetch({ signOutOn401 = true } = {}): typeof fetch {
  return async (input, init) => {
    const answered = takeEarly(input, init);
    if (answered) return answered;
    const headers = new Headers(init?.headers);
    headers.set("Accept", "application/json");
    const token = session.value.token;
    if (token) headers.set("Authorization", `Bearer ${token}`);
    let response: Response;
    try {
      response = await fetch(input, { ...init, headers });
    } catch (error) {
      if (error instanceof DOMException && error.name === "AbortError") throw error;
      throw new ApiError(0, "network", "Can't reach the server. Check your connection and try again.");
    }
    if (response.status === 401 && signOutOn401 && token) signedOut("expired");
    return response;
  };
}

/** A successful answer's body, inferred by hc from the route's OpenAPI responses (204 → undefined). */
export type OkBody<R> =
  R extends ClientResponse<infer T, infer S, infer _F>
    ? S extends SuccessStatusCode
      ? S extends 204
        ? undefined
        : T
      : never
    : never;

/** A typed client response → its JSON body, or the contract's error as an ApiError. */
export async function ok<R extends ClientResponse<unknown, number, ResponseFormat>>(
  pending: Promise<R>,
): Promise<OkBody<R>> {
  const response: JsonResponse = await pending;
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as OkBody<R>;
  return (await response.json()) as OkBody<R>;
}

/** Fetches a file the API serves as an attachment and hands it to the browser as a download. */
export async function download(path: string, query: Query, fallbackName: string): Promise<void> {
  const token = session.value.token;
  const response = await fetch(buildPath(path, query), {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  }).catch(() => {
    throw new ApiError(0, "network", "Can't reach the server. Check your connection and try again.");
  });
  if (response.status === 401 && token) signedOut("expired");
  if (!response.ok) throw await toApiError(response);
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const name = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  // Give the browser a moment to start the download before the blob goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** What the error reader needs of a response; hc's ClientResponse and the platform Response both fit. */
type JsonResponse = Pick<Response, "ok" | "status" | "headers" | "json">;

async function toApiError(response: JsonResponse): Promise<ApiError> {
  const retryAfter = Number(response.headers.get("Retry-After")) || undefined;
  try {
    const body = (await response.json()) as ErrorBody;
    if (body?.error?.code) {
      const { code, details } = body.error;
      // A cap reads the same wherever it is hit: which limit, its maximum, what to do. Its
      // sentences load with the first such answer, not with every page.
      const sentence = code === "limit_reached" ? (await import("../lib/caps")).limitReachedSentence(details) : null;
      const message = sentence ?? body.error.message;
      return new ApiError(response.status, code, message, details, retryAfter);
    }
  } catch {
    // Not the JSON envelope (a proxy error page, say): fall through to a generic message.
  }
  const message =
    response.status === 429
      ? "Too many requests. Wait a moment and try again."
      : `The server answered ${response.status}. Try again in a moment.`;
  return new ApiError(
    response.status,
    response.status === 429 ? "rate_limited" : "internal",
    message,
    undefined,
    retryAfter,
  );
}
