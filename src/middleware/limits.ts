/**
 * Request-shape guards that run before any handler: body size and content type. They reject
 * early with the documented envelope, before a byte of the body is parsed.
 */
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";

export const limitBody = (maxBytes: number, what: string) =>
  bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError("payload_too_large", `${what} must be at most ${formatBytes(maxBytes)}`, {
        maxBytes,
      });
    },
  });

const formatBytes = (bytes: number) => (bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MB` : `${bytes / 1024} KB`);

const hasBody = (headers: Headers) =>
  Number(headers.get("content-length") ?? 0) > 0 || headers.has("transfer-encoding");

/** A write with a body must say it is JSON; anything else is a client bug worth naming. */
export const requireJsonBody = createMiddleware<AppEnv>(async (c, next) => {
  if (["POST", "PUT", "PATCH"].includes(c.req.method) && hasBody(c.req.raw.headers)) {
    const mediaType = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
    if (mediaType !== "application/json") {
      throw new ApiError("bad_request", "Send the body as JSON with Content-Type: application/json", {
        contentType: mediaType || null,
      });
    }
  }
  await next();
});
