/** Pieces every resource's schemas share: timestamps, cursor pages, and typed examples. */
import { z } from "zod";
import { LIMITS } from "../constants";
import { EXAMPLE_CURSOR } from "./examples";

declare module "zod" {
  interface GlobalMeta {
    /**
     * Whole values, as a client sends them (a body) or the API answers them. The type checker
     * holds each to its schema's type; the contract test's Redocly lint to what the document
     * says of it (lengths, ranges, patterns, no unknown keys).
     */
    examples?: z.$input[];
  }
}

export const isoTime = z.string().meta({ example: "2026-11-23T10:00:00.000Z", format: "date-time" });

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(LIMITS.pageMax).default(LIMITS.pageDefault),
  cursor: z.string().max(512).optional(),
});

/** The examples of an item schema, for a collection of it to show. */
export const examplesOf = <T extends z.ZodType>(item: T): z.input<T>[] => item.meta()?.examples ?? [];

/** A cursor page of `item`; its example is a page of the item's examples. */
export const page = <T extends z.ZodType>(item: T) =>
  z
    .object({ items: z.array(item), nextCursor: z.string().nullable() })
    .meta({ examples: [{ items: examplesOf(item), nextCursor: EXAMPLE_CURSOR }] });

/** Every `item` at once, for the resources a user has few of (sessions, tokens, views, webhooks). */
export const unpaged = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item) }).meta({ examples: [{ items: examplesOf(item) }] });
