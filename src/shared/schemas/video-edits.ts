/** Changing videos after the fact: corrections of field values, bulk delete, move and copy. */
import { z } from "zod";
import { LIMITS } from "../constants";

export const CorrectVideoBody = z.object({
  fields: z
    .record(z.string(), z.unknown())
    .refine((fields) => Object.keys(fields).length > 0, "Give at least one field")
    .meta({ description: "Field key → the value a person sets, or null to clear it" }),
});

const videoIds = z
  .array(z.string().max(100))
  .min(1, "Give at least one video id")
  .max(LIMITS.bulkVideoIds, `At most ${LIMITS.bulkVideoIds} ids per request`);

export const BulkDeleteBody = z.object({ videoIds });
export const BulkDeleteResult = z.object({ deleted: z.number().int() }).meta({ id: "BulkDeleteResult" });

export const MoveVideosBody = z.object({
  videoIds,
  toListId: z.string().max(100),
  copy: z.boolean().optional().meta({ description: "Copy instead of moving; the originals stay" }),
});
export const MoveVideosResult = z
  .object({
    moved: z.number().int().meta({ description: "Videos moved (or copied) into the target list" }),
    duplicates: z
      .number()
      .int()
      .meta({ description: "Videos left where they were because the target list already has them" }),
  })
  .meta({ id: "MoveVideosResult" });
