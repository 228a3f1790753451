/**
 * The Worker the find scenario (bench/scenarios/find.ts) runs in Miniflare (workerd, local D1): the app itself, plus
 * three bench-only routes that never ship (this file is not the app's entry point):
 *
 *   POST /__bench/complete  {listId, userId, limit}  processes up to `limit` pending videos the way
 *                           the queue consumer writes them (src/db/video-results.ts writeResults,
 *                           100 per batch), with metadata parsed by the real YouTube provider from
 *                           the fake upstream's wire format; answers each batch's write time.
 *   POST /__bench/cursor    {listId, sort, order, offset}  the cursor the route would hand out
 *                           after `offset` rows, read straight from D1 (walking 1,000 pages is not
 *                           what is being measured).
 *   POST /__bench/measure   {path, token, runs}  calls the app in this isolate `runs` times and
 *                           answers each call's time, measured here, and the EXPLAIN QUERY PLAN of
 *                           every D1 statement the last call ran.
 */
import { app } from "../../src/app";
import { getDb } from "../../src/db/client";
import { writeResults } from "../../src/db/video-results";
import { processedVersionFor } from "../../src/domain/pipeline-version";
import type { VideoMetadata } from "../../src/domain/video-metadata";
import type { Env } from "../../src/env";
import { encodeCursor } from "../../src/lib/cursor";
import { fetchVideoMetadata } from "../../src/providers/youtube";
import type { Field } from "../../src/shared/schemas/fields";
import { videoListBody } from "../../test/support/fake-upstream-data";
import { seeded } from "./stats";

const json = (body: unknown) => Response.json(body);
const PARTS = new Set(["snippet", "contentDetails", "statistics"]);
const SPEAKERS = Array.from({ length: 200 }, (_, i) => `Speaker ${i}`);
const WORDS = ["borrow", "checker", "latency", "monad", "tokio", "sourdough", "crimp", "filter", "oscillator", "index"];

/** The bench list's five field values for video n: deterministic, spread like real answers. */
export function benchFields(n: number) {
  const random = seeded(n + 1);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  return {
    level: random() < 0.1 ? null : pick(["intro", "intermediate", "deep"]),
    minutes: random() < 0.05 ? null : Math.round(random() * 1800) / 10,
    has_code: random() < 0.1 ? null : random() < 0.4,
    speakers: Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(SPEAKERS)).filter(
      (speaker, i, all) => all.indexOf(speaker) === i,
    ),
    summary: `${pick(WORDS)} ${pick(WORDS)} and ${pick(WORDS)}`,
  };
}

async function complete(env: Env, body: { listId: string; userId: string; limit: number }) {
  const db = getDb(env.DB);
  const list = await env.DB.prepare("SELECT fields FROM lists WHERE id = ?")
    .bind(body.listId)
    .first<{ fields: string }>();
  const version = await processedVersionFor(JSON.parse(list?.fields ?? "[]") as Field[]);
  const jobId = `job_bench_${body.listId}`;
  await env.DB.prepare(
    "INSERT OR IGNORE INTO jobs (id, user_id, list_id, status, total, pipeline_version) VALUES (?, ?, ?, 'completed', 0, ?)",
  )
    .bind(jobId, body.userId, body.listId, version)
    .run();
  const { results } = await env.DB.prepare(
    "SELECT id, youtube_id FROM videos WHERE list_id = ? AND status = 'pending' ORDER BY id LIMIT ?",
  )
    .bind(body.listId, body.limit)
    .all<{ id: string; youtube_id: string }>();
  const batchMs: number[] = [];
  for (let i = 0; i < results.length; i += 100) {
    const batch = results.slice(i, i + 100);
    await env.DB.prepare("UPDATE videos SET status = 'queued', job_id = ? WHERE id IN (SELECT value FROM json_each(?))")
      .bind(jobId, JSON.stringify(batch.map((row) => row.id)))
      .run();
    const metadata = new Map<string, VideoMetadata | null>();
    for (let j = 0; j < batch.length; j += 50) {
      const ids = batch.slice(j, j + 50).map((row) => row.youtube_id);
      const found = await fetchVideoMetadata(ids, {
        apiKey: "bench",
        apiBase: "https://bench.invalid/youtube/v3",
        fetch: async () => Response.json(videoListBody(ids, PARTS)),
      });
      for (const [id, meta] of found) metadata.set(id, meta);
    }
    const completed = batch.map((row) => {
      const n = Number.parseInt(row.youtube_id.slice(1), 36);
      const meta = metadata.get(row.youtube_id);
      if (!meta) throw new Error(`no metadata for ${row.youtube_id}`);
      return {
        id: row.id,
        jobId,
        // 500 channels, as a list gathers from a few hundred, not one per video.
        metadata: { ...meta, channelId: `UCbench${n % 500}`, channelTitle: `Channel ${n % 500}` },
        fields: benchFields(n),
        warning: null,
        processedVersion: version,
      };
    });
    const started = performance.now();
    await writeResults(db, completed, []);
    batchMs.push(performance.now() - started);
  }
  return json({ completed: results.length, batchMs });
}

/** The cursor after `offset` rows of the list in this order, as the videos route encodes it. */
async function cursorAfter(env: Env, body: { listId: string; sort: string; order: "asc" | "desc"; offset: number }) {
  const direction = body.order === "desc" ? "DESC" : "ASC";
  const field = body.sort.startsWith("field.") ? body.sort.slice("field.".length) : null;
  const row = field
    ? await env.DB.prepare(
        `SELECT value AS k, video_id AS id FROM video_field_values WHERE list_id = ? AND key = ?
         ORDER BY value ${direction}, video_id ${direction} LIMIT 1 OFFSET ?`,
      )
        .bind(body.listId, field, body.offset - 1)
        .first<{ k: string | number | null; id: string }>()
    : await env.DB.prepare(
        `SELECT created_at AS k, id FROM videos WHERE list_id = ? ORDER BY created_at ${direction}, id ${direction} LIMIT 1 OFFSET ?`,
      )
        .bind(body.listId, body.offset - 1)
        .first<{ k: string; id: string }>();
  if (!row) throw new Error("the list is shorter than the offset");
  return json({ cursor: encodeCursor({ k: row.k, id: row.id, s: `${body.sort}:${body.order}` }) });
}

interface Recorded {
  sql: string;
  params: unknown[];
}

/** The D1 binding, recording every statement it runs (those inside a batch too). */
function recordingD1(d1: D1Database, log: Recorded[]): D1Database {
  const recorded = new WeakMap<object, { statement: D1PreparedStatement } & Recorded>();
  const wrap = (statement: D1PreparedStatement, sql: string, params: unknown[]): D1PreparedStatement => {
    const wrapper = new Proxy(statement, {
      get(target, property) {
        if (property === "bind") return (...args: unknown[]) => wrap(target.bind(...args), sql, args);
        const value = Reflect.get(target, property);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          log.push({ sql, params });
          return value.apply(target, args);
        };
      },
    });
    recorded.set(wrapper, { statement, sql, params });
    return wrapper;
  };
  return new Proxy(d1, {
    get(target, property) {
      if (property === "prepare") return (sql: string) => wrap(target.prepare(sql), sql, []);
      if (property === "batch") {
        return (statements: D1PreparedStatement[]) =>
          target.batch(
            statements.map((statement) => {
              const entry = recorded.get(statement);
              if (!entry) return statement;
              log.push({ sql: entry.sql, params: entry.params });
              return entry.statement;
            }),
          );
      }
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

async function measure(env: Env, ctx: ExecutionContext, body: { path: string; token: string; runs: number }) {
  const timesMs: number[] = [];
  let status = 0;
  let bytes = 0;
  const log: Recorded[] = [];
  for (let i = 0; i < body.runs; i++) {
    log.length = 0;
    const bindings = { ...env, DB: recordingD1(env.DB, log) };
    const request = new Request(`https://bench.local${body.path}`, {
      headers: { authorization: `Bearer ${body.token}` },
    });
    const started = performance.now();
    const response = await app.fetch(request, bindings, ctx);
    const text = await response.text();
    // Workers clocks move on I/O: a zero timer lets the time spent serialising show up.
    await new Promise((resolve) => setTimeout(resolve, 0));
    timesMs.push(performance.now() - started);
    status = response.status;
    bytes = text.length;
  }
  const plans = [];
  for (const { sql, params } of log) {
    const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .bind(...params)
      .all<{ id: number; parent: number; detail: string }>();
    plans.push({ sql: sql.replace(/\s+/g, " ").slice(0, 400), plan: planText(results) });
  }
  return json({ status, bytes, timesMs, plans });
}

/** EXPLAIN QUERY PLAN rows as the indented tree the sqlite3 shell prints. */
function planText(rows: { id: number; parent: number; detail: string }[]): string[] {
  const depth = new Map<number, number>([[0, -1]]);
  return rows.map((row) => {
    const level = (depth.get(row.parent) ?? -1) + 1;
    depth.set(row.id, level);
    return `${"  ".repeat(level)}${row.detail}`;
  });
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext) {
    const { pathname } = new URL(request.url);
    if (request.method === "POST" && pathname.startsWith("/__bench/")) {
      const body = (await request.json()) as never;
      if (pathname === "/__bench/complete") return complete(env, body);
      if (pathname === "/__bench/cursor") return cursorAfter(env, body);
      if (pathname === "/__bench/measure") return measure(env, ctx, body);
    }
    return app.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
