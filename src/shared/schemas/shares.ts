/** Share links and what the public sees of a shared list: no owner, no ids of theirs, no job state. */
import { z } from "zod";
import { page } from "./common";
import { EXAMPLE_CURSOR, EXAMPLE_IDS } from "./examples";
import { EXAMPLE_FIELDS, Field } from "./fields";
import { EXAMPLE_VIDEO, Video } from "./videos";

const exampleLink = {
  slug: EXAMPLE_IDS.shareSlug,
  url: `https://tubelist.example.com/s/${EXAMPLE_IDS.shareSlug}`,
};
const { listId: _, error: __, processedVersion: ___, ...examplePublicVideo } = EXAMPLE_VIDEO;

export const ShareLink = z
  .object({
    slug: z.string().meta({ description: "128 random bits, base64url" }),
    url: z.string().meta({ description: "The public page, /s/<slug>" }),
  })
  .meta({ id: "ShareLink", examples: [exampleLink] });
export type ShareLink = z.infer<typeof ShareLink>;

/** Whether a list is shared: its link, or nulls. */
export const ShareState = z
  .object({ slug: z.string().nullable(), url: z.string().nullable() })
  .meta({ id: "ShareState", examples: [exampleLink, { slug: null, url: null }] });

/** A processed video as anyone may see it: without its list id, pipeline version or error. */
export const PublicVideo = Video.omit({ listId: true, error: true, processedVersion: true }).meta({
  id: "PublicVideo",
  examples: [examplePublicVideo],
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
  .meta({
    id: "PublicList",
    examples: [
      {
        list: {
          name: "Conference talks",
          description: "Talks worth watching, tagged by topic",
          fields: EXAMPLE_FIELDS,
          videoCount: 2,
        },
        videos: { items: [examplePublicVideo], nextCursor: EXAMPLE_CURSOR },
      },
    ],
  });
export type PublicList = z.infer<typeof PublicList>;
