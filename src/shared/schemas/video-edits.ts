/** Changing videos after the fact: corrections of field values, bulk delete, move and copy. */
import { z } from "zod";
import { LIMITS } from "../constants";
import { EXAMPLE_IDS } from "./examples";

export const CorrectVideoBody = z
  .object({
    fields: z
      .record(z.string(), z.unknown())
      .refine((fields) => Object.keys(fields).length > 0, "Give at least one field")
      .meta({ description: "Field key → the value a person sets, or null to clear it" }),
  })
  .meta({ examples: [{ fields: { difficulty: "hard", topics: ["web", "performance"], rating: null } }] });

const videoIds = z
  .array(z.string().max(100))
  .min(1, "Give at least one video id")
  .max(LIMITS.bulkVideoIds, `At most ${LIMITS.bulkVideoIds} ids per request`);

export const BulkDeleteBody = z.object({ videoIds }).meta({ examples: [{ videoIds: EXAMPLE_IDS.videos.slice(1) }] });
export const BulkDeleteResult = z
  .object({ deleted: z.number().int() })
  .meta({ id: "BulkDeleteResult", examples: [{ deleted: 2 }] });

export const MoveVideosBody = z
  .object({
    videoIds,
    toListId: z.string().max(100),
    copy: z.boolean().optional().meta({ description: "Copy instead of moving; the originals stay" }),
  })
  .meta({ examples: [{ videoIds: [...EXAMPLE_IDS.videos], toListId: EXAMPLE_IDS.otherList, copy: true }] });
export const MoveVideosResult = z
  .object({
    moved: z.number().int().meta({ description: "Videos moved (or copied) into the target list" }),
    duplicates: z
      .number()
      .int()
      .meta({ description: "Videos left where they were because the target list already has them" }),
  })
  .meta({ id: "MoveVideosResult", examples: [{ moved: 2, duplicates: 1 }] });
