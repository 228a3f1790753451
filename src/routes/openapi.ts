/** Small builders that keep route definitions short and every error response documented alike. */
import type { z } from "zod";
import { ErrorBody } from "../shared/schemas/errors";

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});

export const jsonBody = <T extends z.ZodType>(schema: T, required = true) => ({
  body: { content: { "application/json": { schema } }, required },
});

const ERROR_DESCRIPTIONS = {
  400: "Malformed request (bad JSON, wrong content type, unknown query value)",
  401: "Missing, invalid or expired token",
  403: "The token's scope does not allow this (a read token writing)",
  404: "Not found, or not yours",
  409: "Conflict with the current state",
  413: "Body too large",
  422: "Validation failed (details list each problem), or a per-user cap reached (limit_reached, details {limit, max})",
  429: "Too many requests; see Retry-After",
  503: "An upstream (YouTube) could not answer, or is not configured; Retry-After when known",
} as const;

export const errorResponses = (...statuses: (keyof typeof ERROR_DESCRIPTIONS)[]) =>
  Object.fromEntries(statuses.map((status) => [status, jsonContent(ErrorBody, ERROR_DESCRIPTIONS[status])]));

export const bearerAuth = [{ bearerAuth: [] }];
