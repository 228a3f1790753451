/** Facets: how the videos a query selects spread over statuses, channels and field values. */
import { z } from "zod";
import { VIDEO_STATUSES } from "../constants";

const ValueCounts = z
  .object({
    values: z.array(z.object({ value: z.union([z.string(), z.boolean()]), count: z.number().int() })),
    empty: z.number().int().meta({ description: "Videos with no value for the field" }),
  })
  .meta({ id: "ValueFacet", description: "Enum, boolean and tags fields: the most frequent values" });
const NumberRange = z
  .object({ min: z.number().nullable(), max: z.number().nullable(), empty: z.number().int() })
  .meta({ id: "NumberFacet", description: "Number fields: the smallest and largest value" });

export const Facets = z
  .object({
    total: z.number().int(),
    status: z.record(z.enum(VIDEO_STATUSES), z.number().int()),
    channels: z.array(
      z.object({ channelId: z.string(), channelTitle: z.string().nullable(), count: z.number().int() }),
    ),
    fields: z.record(z.string(), z.union([ValueCounts, NumberRange])),
  })
  .meta({ id: "Facets" });
export type Facets = z.infer<typeof Facets>;
export type ValueFacet = z.infer<typeof ValueCounts>;
export type NumberFacet = z.infer<typeof NumberRange>;
