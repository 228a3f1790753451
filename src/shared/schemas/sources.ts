/** Sources: a playlist or channel read through the YouTube Data API, previewed and imported. */
import { z } from "zod";
import { SOURCE_IMPORT_LIMIT, SOURCE_KINDS } from "../constants";

const exampleUrl = "https://www.youtube.com/@GoogleDevelopers";

export const SourceBody = z.object({ url: z.string().min(1).max(2048) }).meta({
  examples: [{ url: exampleUrl }, { url: "https://www.youtube.com/playlist?list=PLOU2XLYxmsIJ6vlXWGH8Sh7u-8Ra7Z0Qn" }],
});

export const SourcePreview = z
  .object({
    kind: z.enum(SOURCE_KINDS),
    sourceId: z.string().meta({ description: "The channel id (UC…) or the playlist id" }),
    title: z.string(),
    channelTitle: z.string().nullable(),
    videoCount: z.number().int().nullable().meta({ description: "As YouTube counts it (public videos)" }),
    alreadyInList: z.number().int().meta({
      description: "How many of the `sampled` videos (the source's first page) the list already holds",
    }),
    sampled: z.number().int().meta({ description: "Videos `alreadyInList` was counted over (up to 50)" }),
    thumbnailUrl: z.string().nullable(),
  })
  .meta({
    id: "SourcePreview",
    examples: [
      {
        kind: "channel",
        sourceId: "UC_x5XG1OV2P6uZZ5FSM9Ttw",
        title: "Google for Developers",
        channelTitle: "Google for Developers",
        videoCount: 6402,
        alreadyInList: 2,
        sampled: 50,
        thumbnailUrl:
          "https://yt3.ggpht.com/ytc/AIdro_nOGh-5hbDw6OcmWg6fmeIeAsNwLUZFIvAlwwPtrg=s240-c-k-c0x00ffffff-no-rj",
      },
    ],
  });
export type SourcePreview = z.infer<typeof SourcePreview>;

export const SourceImportBody = SourceBody.extend({
  limit: z
    .number()
    .int()
    .min(1)
    .max(SOURCE_IMPORT_LIMIT.max)
    .default(SOURCE_IMPORT_LIMIT.default)
    .meta({ description: "Newest videos to take from the source" }),
}).meta({ examples: [{ url: exampleUrl, limit: 200 }] });

export const SourceImportResult = z
  .object({
    added: z.number().int(),
    duplicates: z.number().int().meta({ description: "Videos the list already held" }),
    total: z.number().int().meta({ description: "Videos taken from the source: added + duplicates" }),
    skipped: z.number().int().meta({ description: "Private and deleted placeholders passed over" }),
    youtubeUnits: z.number().int().meta({ description: "Quota units the import spent" }),
  })
  .meta({
    id: "SourceImportResult",
    examples: [{ added: 196, duplicates: 2, total: 198, skipped: 2, youtubeUnits: 5 }],
  });
export type SourceImportResult = z.infer<typeof SourceImportResult>;
