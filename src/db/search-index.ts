/**
 * What queries need to know about the search index that `migrations/0004_find_index.sql` keeps:
 * the "empty" value of `video_field_values`, the FTS5 column weights and scope tokens, and how a
 * search's words become an FTS5 query.
 */
import { sql } from "drizzle-orm";

/** The value `video_field_values` holds for a field a video has no value for (-Infinity). */
export const EMPTY_VALUE = sql.raw("-9e999");

/** bm25 weights, in column order: title, description, channel, tags, chapters, fields, scope. */
export const RELEVANCE = sql.raw("-bm25(videos_fts, 8.0, 1.0, 3.0, 4.0, 2.0, 4.0, 0.0)");

const CONTENT_COLUMNS = "{title description channel tags chapters fields}";

const hex = (text: string) => [...new TextEncoder().encode(text)].map((b) => b.toString(16).padStart(2, "0")).join("");

/** The scope token the triggers write: 'l' + hex(list id) or 'u' + hex(user id). */
export const scopeToken = (scope: { listId: string } | { userId: string }) =>
  "listId" in scope ? `l${hex(scope.listId)}` : `u${hex(scope.userId)}`;

/**
 * Every word as a prefix, all required, in the content columns, within the scope. Words come
 * from `searchTerms` (letters, digits and marks only) and are quoted, so nothing a user types
 * is read as FTS5 syntax.
 */
export function ftsQuery(terms: readonly string[], scope: { listId: string } | { userId: string }): string {
  const words = terms.map((term) => `"${term.replaceAll('"', '""')}"*`).join(" AND ");
  return `${CONTENT_COLUMNS} : (${words}) AND scope : "${scopeToken(scope)}"`;
}
