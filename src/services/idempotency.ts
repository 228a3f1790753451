/**
 * Idempotency-Key, as Stripe has it: a key belongs to one user and names one request, its route
 * (method and concrete path, so the list or job in it) and a SHA-256 of its canonical body, for
 * 24 hours. The same request again gets the job the first one made; anything else sent with the
 * key is refused with 422 `idempotency_key_reused`, never answered with a job it did not ask for.
 */
import type { JobRow } from "../db/schema";
import { ApiError } from "../errors";
import { canonicalJson } from "../lib/canonical-json";
import { sha256Hex } from "../lib/crypto";

export interface IdempotentRequest {
  key: string;
  /** `POST /lists/lst_…/process`: the route with its ids filled in. */
  request: string;
  bodySha256: string;
}

export async function idempotentRequest(
  key: string | undefined,
  request: string,
  body: unknown,
): Promise<IdempotentRequest | null> {
  if (key === undefined) return null;
  return { key, request, bodySha256: await sha256Hex(canonicalJson(body ?? {})) };
}

/** The columns a job made under the key keeps, to recognise the request later. */
export const idempotencyColumns = (idempotency: IdempotentRequest | null) => ({
  idempotencyKey: idempotency?.key ?? null,
  idempotencyRequest: idempotency?.request ?? null,
  idempotencyBodySha256: idempotency?.bodySha256 ?? null,
});

/** The job `row` made under this key, if `idempotency` is the request that made it; else 422. */
export function replayedJob(row: JobRow, idempotency: IdempotentRequest): JobRow {
  // A job made before keys were bound to their request (migration 0010) is answered as before.
  if (row.idempotencyRequest === null) return row;
  if (row.idempotencyRequest !== idempotency.request) {
    throw new ApiError(
      "idempotency_key_reused",
      `This Idempotency-Key was used for ${row.idempotencyRequest ?? "another request"} in the last 24 hours; use a new key for ${idempotency.request}`,
    );
  }
  if (row.idempotencyBodySha256 !== idempotency.bodySha256) {
    throw new ApiError(
      "idempotency_key_reused",
      "This Idempotency-Key was used with another body in the last 24 hours; use a new key for a different request",
    );
  }
  return row;
}
