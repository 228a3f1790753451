/**
 * Keyset-pagination cursors. A cursor is the sort key and id of the last row served, encoded
 * so clients treat it as opaque. Keyset (not OFFSET) pagination never skips or repeats a row
 * when rows are added while someone pages.
 */
import { z } from "zod";
import { ApiError } from "../errors";
import { base64Url, fromBase64Url } from "./ids";

/** `k` is null where a sort puts "no value" (an empty field); `s` names the sort it continues. */
const CursorBody = z.object({
  k: z.union([z.string(), z.number(), z.null()]),
  id: z.string(),
  s: z.string().optional(),
});
export type Cursor = z.infer<typeof CursorBody>;

export function encodeCursor(cursor: Cursor): string {
  return base64Url(new TextEncoder().encode(JSON.stringify(cursor)));
}

/** The cursor, or null without one; a cursor issued for another `sort` than given is refused too. */
export function decodeCursor(text: string | undefined, sort?: string): Cursor | null {
  if (text === undefined) return null;
  let cursor: Cursor;
  try {
    cursor = CursorBody.parse(JSON.parse(new TextDecoder().decode(fromBase64Url(text))));
  } catch {
    throw new ApiError("bad_request", "The cursor is not valid; start again without one");
  }
  if (cursor.s !== sort)
    throw new ApiError("bad_request", "The cursor belongs to another sort; start again without one");
  return cursor;
}

/** Rows fetched with `limit + 1` → the page and the cursor that continues after it, if any. */
export function pageFrom<T>(rows: T[], limit: number, cursorOf: (row: T) => Cursor) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null };
}
