/** Full-text search: what a hit says about where it matched, and the cross-list search route. */
import { z } from "zod";
import { LIMITS } from "../constants";
import { PageQuery } from "./common";
import { EXAMPLE_VIDEO, Video } from "./videos";

/** What `q=embed player` answers about the examples' video. */
const exampleMatch = {
  field: "title",
  text: "YouTube Developers Live: Embedded Web Player Customization",
  ranges: [
    [25, 33],
    [38, 44],
  ] as [number, number][],
};

export const SearchMatch = z
  .object({
    field: z.string().meta({
      description: "The property that matched best: title, tags, fields.<key>, channelTitle, chapters or description",
    }),
    text: z.string().meta({ description: "A short excerpt of it, as plain text (never HTML)" }),
    ranges: z
      // `items` beside `prefixItems`: readers of OpenAPI 3.0 habits (Spectral's array-items) want it.
      .array(z.tuple([z.number().int(), z.number().int()]).meta({ items: { type: "integer" } }))
      .meta({ description: "[start, end) offsets into text (UTF-16 code units, as JavaScript counts) to highlight" }),
  })
  .meta({ id: "SearchMatch", examples: [exampleMatch] });
export type SearchMatch = z.infer<typeof SearchMatch>;

/** A video in a page of results; `match` is there when the query had `q`. */
export const VideoHit = Video.extend({ match: SearchMatch.optional() }).meta({
  id: "VideoHit",
  examples: [{ ...EXAMPLE_VIDEO, match: exampleMatch }],
});
export type VideoHit = z.infer<typeof VideoHit>;

export const SearchHit = Video.extend({ match: SearchMatch }).meta({
  id: "SearchHit",
  examples: [{ ...EXAMPLE_VIDEO, match: exampleMatch }],
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchQuery = PageQuery.extend({
  // One sentence whether q is missing or blank (zod's own for a missing one is "expected string, received undefined").
  q: z
    .string({ error: "Give something to search for" })
    .trim()
    .min(1, "Give something to search for")
    .max(LIMITS.searchQueryMax),
});
