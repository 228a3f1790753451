/** Pieces every resource's schemas share: timestamps and cursor pages. */
import { z } from "zod";
import { LIMITS } from "../constants";

export const isoTime = z.string().meta({ example: "2026-11-23T10:00:00.000Z", format: "date-time" });

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(LIMITS.pageMax).default(LIMITS.pageDefault),
  cursor: z.string().max(512).optional(),
});

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
