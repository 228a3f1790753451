/**
 * Every router is made here, so every validation failure takes the same path: bad query or
 * path values are the client's malformed request (400), bad bodies are validation failures (422),
 * and both list each problem as `{path, message}`.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { ApiError, validationDetails } from "../errors";

export const newRouter = () =>
  new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      const details = validationDetails(result.error.issues);
      // Named with its first problem, as the find routes' own query errors are (badQuery): a
      // client that shows only the message still says what to fix.
      const first = details[0];
      if (result.target === "json" || result.target === "form") {
        const problem = first ? `: ${first.path ? `${first.path}: ` : ""}${first.message}` : "";
        throw new ApiError("validation_failed", `The request body is not valid${problem}`, details);
      }
      const where = result.target === "query" ? "query parameter" : result.target;
      throw new ApiError(
        "bad_request",
        first ? `Invalid ${where} ${first.path}: ${first.message}` : `Invalid ${where}`,
        details,
      );
    },
  });
