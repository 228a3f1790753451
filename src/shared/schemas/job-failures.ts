/** A finished job's failed videos, grouped by reason, and which of them a retry can fix. */
import { z } from "zod";
import { EXAMPLE_IDS } from "./examples";

const exampleGroup = {
  reason: "Video unavailable or private",
  retryable: false,
  count: 1,
  videos: [{ id: EXAMPLE_IDS.videos[2], youtubeId: "aqz-KE-bpKQ", title: null }],
};

const count = z.number().int().min(0);

export const FailedVideo = z.object({ id: z.string(), youtubeId: z.string(), title: z.string().nullable() });

export const FailureGroup = z
  .object({
    reason: z.string(),
    retryable: z.boolean().meta({
      description: "Whether retrying may help (an upstream error) or not (private, deleted, embedding off)",
    }),
    count,
    videos: z.array(FailedVideo).meta({ description: "The first videos with this reason, at most 20" }),
  })
  .meta({ id: "FailureGroup", examples: [exampleGroup] });
export type FailureGroup = z.infer<typeof FailureGroup>;

export const JobFailures = z
  .object({
    failed: count.meta({ description: "Videos of the job that failed and still belong to it" }),
    retryable: count.meta({ description: "Of those, how many `POST /jobs/:id/retry?only=retryable` would retry" }),
    groups: z.array(FailureGroup).meta({ description: "Largest first, at most 50 reasons" }),
  })
  .meta({
    id: "JobFailures",
    examples: [
      {
        failed: 3,
        retryable: 2,
        groups: [
          {
            reason: "AI fields not filled: Gemini API answered HTTP 503; will retry",
            retryable: true,
            count: 2,
            videos: [
              {
                id: EXAMPLE_IDS.videos[0],
                youtubeId: "M7lc1UVf-VE",
                title: "YouTube Developers Live: Embedded Web Player Customization",
              },
              {
                id: EXAMPLE_IDS.videos[1],
                youtubeId: "dQw4w9WgXcQ",
                title: "Rick Astley - Never Gonna Give You Up (Official Video)",
              },
            ],
          },
          exampleGroup,
        ],
      },
    ],
  });
export type JobFailures = z.infer<typeof JobFailures>;

export const RetryQuery = z.object({
  only: z
    .enum(["retryable"])
    .optional()
    .meta({ description: "`retryable`: leave out failures a retry cannot fix (private, deleted, embedding off)" }),
});
