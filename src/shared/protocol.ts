/**
 * Frames on the live-progress WebSocket and the progress events kept as history.
 * The server builds them, the browser parses them; both sides use these schemas.
 */
import { z } from "zod";
import { PROGRESS_VIDEOS_MAX, VIDEO_STATUSES } from "./constants";
import { EXAMPLE_IDS, EXAMPLE_TIMES } from "./schemas/examples";
import { Job } from "./schemas/jobs";

/** An event of the examples' job, as the hub sends it. */
const exampleEvent = (seq: number, status: "running" | "completed", processed: number, message: string) => ({
  type: "progress" as const,
  seq,
  jobId: EXAMPLE_IDS.job,
  listId: EXAMPLE_IDS.list,
  status,
  total: 2,
  processed,
  failed: 0,
  progress: processed * 50,
  message,
  at: status === "completed" ? EXAMPLE_TIMES.finished : EXAMPLE_TIMES.updated,
});

/** One video whose status moved since the job's previous event. */
export const VideoChange = z.object({
  id: z.string(),
  status: z.enum(VIDEO_STATUSES),
  error: z.string().optional(),
});
export type VideoChange = z.infer<typeof VideoChange>;

export const ProgressEvent = Job.pick({
  listId: true,
  status: true,
  total: true,
  processed: true,
  failed: true,
  progress: true,
})
  .extend(Job.pick({ pausedReason: true, resumesAt: true }).partial().shape)
  .extend({
    type: z.literal("progress"),
    seq: z.number().int().positive(),
    jobId: z.string(),
    videoId: z.string().optional(),
    title: z.string().optional(),
    message: z.string(),
    error: z.string().optional(),
    videos: z
      .array(VideoChange)
      .max(PROGRESS_VIDEOS_MAX)
      .optional()
      .meta({
        description: `Videos whose status changed since this job's previous event, so rows can move without a re-fetch. A list of ${PROGRESS_VIDEOS_MAX} may have been cut short: re-fetch the rows then.`,
      }),
    at: z.string(),
  })
  .meta({
    id: "ProgressEvent",
    examples: [
      {
        ...exampleEvent(42, "running", 1, "1 of 2 done"),
        videoId: EXAMPLE_IDS.videos[0],
        title: "YouTube Developers Live: Embedded Web Player Customization",
        videos: [{ id: EXAMPLE_IDS.videos[0], status: "completed" }],
      },
    ],
  });
export type ProgressEvent = z.infer<typeof ProgressEvent>;

export const SnapshotFrame = z.object({ type: z.literal("snapshot"), jobs: z.array(Job) });
export const PongFrame = z.object({ type: z.literal("pong") });

/** Everything the server may send. */
export const ServerFrame = z.discriminatedUnion("type", [SnapshotFrame, ProgressEvent, PongFrame]);
export type ServerFrame = z.infer<typeof ServerFrame>;

/** Everything a client may send. `ping` is answered by the runtime without waking the object. */
export const ClientFrame = z.discriminatedUnion("type", [z.object({ type: z.literal("ping") })]);
export type ClientFrame = z.infer<typeof ClientFrame>;

export const ProgressHistory = z
  .object({ items: z.array(ProgressEvent), nextAfter: z.number().int().nullable() })
  .meta({
    id: "ProgressHistory",
    examples: [
      {
        items: [
          exampleEvent(41, "running", 0, "Started: 2 videos to process"),
          exampleEvent(42, "running", 1, "1 of 2 done"),
          exampleEvent(43, "completed", 2, "Done: 2 processed, 0 failed"),
        ],
        nextAfter: null,
      },
    ],
  });
export type ProgressHistory = z.infer<typeof ProgressHistory>;
