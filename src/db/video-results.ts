/**
 * The consumer's D1 statements. A batch costs three: one read of its context, one status move
 * to `processing`, and one batch that writes every result. Rows are passed as a single JSON
 * parameter and expanded with json_each, so statement size does not grow with the batch and
 * the 100-bound-parameter limit never applies.
 */
import { sql } from "drizzle-orm";
import type { VideoMetadata } from "../providers/youtube";
import type { JobStatus, VideoStatus } from "../shared/constants";
import type { Field, FieldValues } from "../shared/schemas/fields";
import type { Db } from "./client";
import { fieldSourcesAfterRun, fieldsAfterRun } from "./field-sources";

export interface BatchVideo {
  id: string;
  status: VideoStatus;
  jobId: string | null;
  listId: string;
  youtubeId: string;
  title: string | null;
  error: string | null;
}

export interface BatchContext {
  videos: Map<string, BatchVideo>;
  jobStatus: Map<string, JobStatus>;
  listFields: Map<string, Field[]>;
}

export async function loadBatchContext(
  db: Db,
  videoIds: string[],
  jobIds: string[],
  listIds: string[],
): Promise<BatchContext> {
  const d1 = db.$client;
  const [videoRows, jobRows, listRows] = await d1.batch<Record<string, unknown>>([
    d1
      .prepare(
        "SELECT id, status, job_id, list_id, youtube_id, title, error FROM videos WHERE id IN (SELECT value FROM json_each(?))",
      )
      .bind(JSON.stringify(videoIds)),
    d1.prepare("SELECT id, status FROM jobs WHERE id IN (SELECT value FROM json_each(?))").bind(JSON.stringify(jobIds)),
    d1
      .prepare("SELECT id, fields FROM lists WHERE id IN (SELECT value FROM json_each(?))")
      .bind(JSON.stringify(listIds)),
  ]);
  return {
    videos: new Map(
      (videoRows?.results ?? []).map((row) => [
        row.id as string,
        {
          id: row.id as string,
          status: row.status as VideoStatus,
          jobId: (row.job_id as string | null) ?? null,
          listId: row.list_id as string,
          youtubeId: row.youtube_id as string,
          title: (row.title as string | null) ?? null,
          error: (row.error as string | null) ?? null,
        },
      ]),
    ),
    jobStatus: new Map((jobRows?.results ?? []).map((row) => [row.id as string, row.status as JobStatus])),
    listFields: new Map(
      (listRows?.results ?? []).map((row) => [row.id as string, JSON.parse(row.fields as string) as Field[]]),
    ),
  };
}

export async function markProcessing(db: Db, videoIds: string[]) {
  if (videoIds.length === 0) return;
  await db.run(
    sql`UPDATE videos SET status = 'processing', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        WHERE id IN (SELECT value FROM json_each(${JSON.stringify(videoIds)})) AND status = 'queued'`,
  );
}

export interface CompletedResult {
  id: string;
  jobId: string;
  metadata: VideoMetadata;
  fields: FieldValues;
  warning: string | null;
  processedVersion: string;
}

export interface FailedResult {
  id: string;
  jobId: string;
  error: string;
}

const COMPLETE = `UPDATE videos SET
    status = 'completed',
    title = json_extract(r.value, '$.title'),
    channel_title = json_extract(r.value, '$.channelTitle'),
    channel_id = json_extract(r.value, '$.channelId'),
    description = json_extract(r.value, '$.description'),
    duration_seconds = json_extract(r.value, '$.durationSeconds'),
    view_count = json_extract(r.value, '$.viewCount'),
    like_count = json_extract(r.value, '$.likeCount'),
    published_at = json_extract(r.value, '$.publishedAt'),
    thumbnail_url = json_extract(r.value, '$.thumbnailUrl'),
    tags = json_extract(r.value, '$.tags'),
    chapters = json_extract(r.value, '$.chapters'),
    fields = ${fieldsAfterRun("json_extract(r.value, '$.fields')")},
    field_sources = ${fieldSourcesAfterRun},
    error = json_extract(r.value, '$.warning'),
    processed_version = json_extract(r.value, '$.processedVersion'),
    processed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM json_each(?) AS r
  WHERE videos.id = json_extract(r.value, '$.id')
    AND videos.job_id = json_extract(r.value, '$.jobId')
    AND videos.status IN ('queued', 'processing')
  RETURNING videos.id`;

const FAIL = `UPDATE videos SET
    status = 'failed',
    error = json_extract(r.value, '$.error'),
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM json_each(?) AS r
  WHERE videos.id = json_extract(r.value, '$.id')
    AND videos.job_id = json_extract(r.value, '$.jobId')
    AND videos.status IN ('queued', 'processing')
  RETURNING videos.id`;

/**
 * Writes a batch's results in one transaction. Only videos still unfinished under the same job
 * are written (a cancel or a newer job wins), and the ids written come back so that exactly
 * those are reported.
 */
export async function writeResults(db: Db, completed: CompletedResult[], failed: FailedResult[]): Promise<Set<string>> {
  const d1 = db.$client;
  const statements: D1PreparedStatement[] = [];
  if (completed.length > 0) {
    const rows = completed.map(({ metadata, ...rest }) => ({ ...rest, ...metadata }));
    statements.push(d1.prepare(COMPLETE).bind(JSON.stringify(rows)));
  }
  if (failed.length > 0) statements.push(d1.prepare(FAIL).bind(JSON.stringify(failed)));
  if (statements.length === 0) return new Set();
  const results = await d1.batch<{ id: string }>(statements);
  return new Set(results.flatMap((result) => result.results.map((row) => row.id)));
}
