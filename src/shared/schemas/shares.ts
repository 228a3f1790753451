/** Share links and what the public sees of a shared list: no owner, no ids of theirs, no job state. */
import { z } from "zod";
import { page } from "./common";
import { Field } from "./fields";
import { Video } from "./videos";

export const ShareLink = z
  .object({
    slug: z.string().meta({ description: "128 random bits, base64url" }),
    url: z.string().meta({ description: "The public page, /s/<slug>" }),
  })
  .meta({ id: "ShareLink" });
export type ShareLink = z.infer<typeof ShareLink>;

/** Whether a list is shared: its link, or nulls. */
export const ShareState = z
  .object({ slug: z.string().nullable(), url: z.string().nullable() })
  .meta({ id: "ShareState" });

/** A processed video as anyone may see it: without its list id, pipeline version or error. */
export const PublicVideo = Video.omit({ listId: true, error: true, processedVersion: true }).meta({
  id: "PublicVideo",
});
export type PublicVideo = z.infer<typeof PublicVideo>;

export const PublicList = z
  .object({
    list: z.object({
      name: z.string(),
      description: z.string(),
      fields: z.array(Field),
      videoCount: z.number().int().meta({ description: "Processed videos, the only ones shown" }),
    }),
    videos: page(PublicVideo),
  })
  .meta({ id: "PublicList" });
export type PublicList = z.infer<typeof PublicList>;
