import type { SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
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
