/**
 * Frames on the live-progress WebSocket and the progress events kept as history.
 * The server builds them, the browser parses them; both sides use these schemas.
 */
import { z } from "zod";
import { Job } from "./schemas/jobs";

export const ProgressEvent = Job.pick({
  listId: true,
  status: true,
  total: true,
  processed: true,
  failed: true,
  progress: true,
})
  .extend({
    type: z.literal("progress"),
    seq: z.number().int().positive(),
    jobId: z.string(),
    videoId: z.string().optional(),
    title: z.string().optional(),
    message: z.string(),
    error: z.string().optional(),
    at: z.string(),
  })
  .meta({ id: "ProgressEvent" });
export type ProgressEvent = z.infer<typeof ProgressEvent>;

export const SnapshotFrame = z.object({ type: z.literal("snapshot"), jobs: z.array(Job) });
export const PongFrame = z.object({ type: z.literal("pong") });

/** Everything the server may send. */
export const ServerFrame = z.discriminatedUnion("type", [SnapshotFrame, ProgressEvent, PongFrame]);
export type ServerFrame = z.infer<typeof ServerFrame>;

/** Everything a client may send. `ping` is answered by the runtime without waking the object. */
export const ClientFrame = z.discriminatedUnion("type", [z.object({ type: z.literal("ping") })]);
export type ClientFrame = z.infer<typeof ClientFrame>;

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

export const ProgressHistory = z
  .object({ items: z.array(ProgressEvent), nextAfter: z.number().int().nullable() })
  .meta({ id: "ProgressHistory" });
export type ProgressHistory = z.infer<typeof ProgressHistory>;
