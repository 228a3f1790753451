/** Facets: how the videos a query selects spread over statuses, channels and field values. */
import { z } from "zod";
import { VIDEO_STATUSES } from "../constants";

const ValueCounts = z
  .object({
    values: z.array(z.object({ value: z.union([z.string(), z.boolean()]), count: z.number().int() })),
    empty: z.number().int().meta({ description: "Videos with no value for the field" }),
  })
  .meta({
    id: "ValueFacet",
    description: "Enum, boolean and tags fields: the most frequent values",
    examples: [
      {
        values: [
          { value: "medium", count: 2 },
          { value: "hard", count: 1 },
        ],
        empty: 0,
      },
    ],
  });
const NumberRange = z.object({ min: z.number().nullable(), max: z.number().nullable(), empty: z.number().int() }).meta({
  id: "NumberFacet",
  description: "Number fields: the smallest and largest value",
  examples: [{ min: 6, max: 9, empty: 1 }],
});

export const Facets = z
  .object({
    total: z.number().int(),
    status: z.record(z.enum(VIDEO_STATUSES), z.number().int()),
    channels: z.array(
      z.object({ channelId: z.string(), channelTitle: z.string().nullable(), count: z.number().int() }),
    ),
    fields: z.record(z.string(), z.union([ValueCounts, NumberRange])),
  })
  .meta({
    id: "Facets",
    examples: [
      {
        total: 3,
        status: { pending: 1, queued: 0, processing: 0, completed: 2, failed: 0 },
        channels: [
          { channelId: "UC_x5XG1OV2P6uZZ5FSM9Ttw", channelTitle: "Google for Developers", count: 2 },
          { channelId: "UCsBjURrPoezykLs9EqgamOA", channelTitle: "Fireship", count: 1 },
        ],
        fields: {
          difficulty: {
            values: [
              { value: "medium", count: 1 },
              { value: "hard", count: 1 },
            ],
            empty: 1,
          },
          has_demo: { values: [{ value: true, count: 2 }], empty: 1 },
          rating: { min: 6, max: 8, empty: 1 },
        },
      },
    ],
  });
export type Facets = z.infer<typeof Facets>;
export type ValueFacet = z.infer<typeof ValueCounts>;
export type NumberFacet = z.infer<typeof NumberRange>;
