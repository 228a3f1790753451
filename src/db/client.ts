import { and, eq, getTableColumns, type InferSelectModel, lt, or, type SQL, type Table } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import type { Cursor } from "../lib/cursor";
import * as schema from "./schema";

export const getDb = (d1: D1Database) => drizzle(d1, { schema });
export type Db = ReturnType<typeof getDb>;

const dialect = new SQLiteAsyncDialect();

/**
 * A drizzle `sql` fragment as a D1 statement. Raw queries go to D1 directly because drizzle's
 * batch returns raw rows as arrays but single queries as objects; D1 itself always gives objects.
 */
export function prepare(db: Db, query: SQL): D1PreparedStatement {
  const { sql, params } = dialect.sqlToQuery(query);
  return db.$client.prepare(sql).bind(...params);
}

/**
 * Rows of raw SQL over `table` (`RETURNING *`, `SELECT v.*`, or some of its columns), which D1
 * gives with the column names of the database and their stored values, as drizzle's own queries
 * give them: keyed by the schema's property names, each value through its column's
 * `mapFromDriverValue` (JSON parsed, 0/1 as booleans), null kept as null, as drizzle does.
 * Derived from the table, so a column added to schema.ts needs no edit here; columns that are
 * not the table's are left out. `K` names the columns a partial select reads.
 */
export function rowsOf<T extends Table>(table: T) {
  const byName = new Map(Object.entries(getTableColumns(table)).map(([key, column]) => [column.name, { key, column }]));
  return <K extends keyof InferSelectModel<T> = keyof InferSelectModel<T>>(
    raw: Record<string, unknown>,
  ): Pick<InferSelectModel<T>, K> => {
    const row: Record<string, unknown> = {};
    for (const name in raw) {
      const known = byName.get(name);
      if (!known) continue;
      const value = raw[name];
      row[known.key] = value === null || value === undefined ? null : known.column.mapFromDriverValue(value);
    }
    return row as Pick<InferSelectModel<T>, K>;
  };
}

/**
 * The keyset condition of a newest-first page (`ORDER BY createdAt DESC, id DESC`): the rows
 * after the cursor's (createdAt, id), or none on the first page.
 */
export const olderThan = (columns: { createdAt: SQLiteColumn; id: SQLiteColumn }, after: Cursor | null) =>
  after
    ? or(lt(columns.createdAt, String(after.k)), and(eq(columns.createdAt, String(after.k)), lt(columns.id, after.id)))
    : undefined;

/** D1 reports constraint violations only through the message text. */
export const isUniqueViolation = (error: unknown): boolean =>
  String((error as { cause?: unknown })?.cause ?? error).includes("UNIQUE constraint failed") ||
  String(error).includes("UNIQUE constraint failed");

/** Statements bind at most 100 parameters in D1; split id lists so every statement fits. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
