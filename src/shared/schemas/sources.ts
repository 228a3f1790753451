/** Sources: a playlist or channel read through the YouTube Data API, previewed and imported. */
import { z } from "zod";
import { SOURCE_IMPORT_LIMIT, SOURCE_KINDS } from "../constants";

export const SourceBody = z.object({
  url: z.string().min(1).max(2048).meta({ example: "https://www.youtube.com/@GoogleDevelopers" }),
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
  .meta({ id: "SourcePreview" });
export type SourcePreview = z.infer<typeof SourcePreview>;

export const SourceImportBody = SourceBody.extend({
  limit: z
    .number()
    .int()
    .min(1)
    .max(SOURCE_IMPORT_LIMIT.max)
    .default(SOURCE_IMPORT_LIMIT.default)
    .meta({ description: "Newest videos to take from the source" }),
});

export const SourceImportResult = z
  .object({
    added: z.number().int(),
    duplicates: z.number().int().meta({ description: "Videos the list already held" }),
    total: z.number().int().meta({ description: "Videos taken from the source: added + duplicates" }),
    skipped: z.number().int().meta({ description: "Private and deleted placeholders passed over" }),
    youtubeUnits: z.number().int().meta({ description: "Quota units the import spent" }),
  })
  .meta({ id: "SourceImportResult" });
export type SourceImportResult = z.infer<typeof SourceImportResult>;
