/**
 * The consumer's D1 statements. A batch costs one read of its context and one status move to
 * `processing`; then each settled part (one AI call's videos, or the videos that failed before
 * AI) costs one D1 batch that writes its results and adds to the day's usage. Rows are passed as
 * a single JSON parameter and expanded with json_each, so statement size does not grow with the
 * batch and the 100-bound-parameter limit never applies.
 */
import { sql } from "drizzle-orm";
import type { VideoMetadata } from "../domain/video-metadata";
import type { JobStatus } from "../shared/constants";
import type { Field, FieldValues } from "../shared/schemas/fields";
import { type Db, rowsOf } from "./client";
import { fieldSourcesAfterRun, fieldsAfterRun } from "./field-sources";
import { jobs, lists, type VideoRow } from "./schema";
import { videoFromSql } from "./videos";

export type BatchVideo = Pick<VideoRow, "id" | "status" | "jobId" | "listId" | "youtubeId" | "title" | "error">;

const listFromSql = rowsOf(lists);
const jobFromSql = rowsOf(jobs);

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
      (videoRows?.results ?? []).map((raw) => {
        const video = videoFromSql<keyof BatchVideo>(raw);
        return [video.id, video];
      }),
    ),
    jobStatus: new Map(
      (jobRows?.results ?? []).map((raw) => {
        const job = jobFromSql<"id" | "status">(raw);
        return [job.id, job.status];
      }),
    ),
    listFields: new Map(
      (listRows?.results ?? []).map((raw) => {
        const list = listFromSql<"id" | "fields">(raw);
        return [list.id, list.fields];
      }),
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
  /** Set when the video's metadata was fetched but its AI part did not happen: keep the metadata. */
  metadata?: VideoMetadata;
}

/** One user's upstream spend in a settled part; the videos processed are counted from the rows. */
export interface UsageDelta {
  userId: string;
  aiCalls: number;
  inputTokens: number;
  outputTokens: number;
  thinkingTokens: number;
  youtubeUnits: number;
}

const METADATA_COLUMNS = `
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
    chapters = json_extract(r.value, '$.chapters'),`;

/**
 * What every write of a result ends with: it applies only to a video the row's job still holds
 * and has not settled, and returns the ids it wrote, which are what gets reported.
 */
const STILL_CLAIMED = `
  FROM json_each(?) AS r
  WHERE videos.id = json_extract(r.value, '$.id')
    AND videos.job_id = json_extract(r.value, '$.jobId')
    AND videos.status IN ('queued', 'processing')
  RETURNING videos.id`;

const COMPLETE = `UPDATE videos SET
    status = 'completed',${METADATA_COLUMNS}
    fields = ${fieldsAfterRun("json_extract(r.value, '$.fields')")},
    field_sources = ${fieldSourcesAfterRun},
    error = json_extract(r.value, '$.warning'),
    processed_version = json_extract(r.value, '$.processedVersion'),
    processed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
${STILL_CLAIMED}`;

const FAIL = `UPDATE videos SET
    status = 'failed',
    error = json_extract(r.value, '$.error'),
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
${STILL_CLAIMED}`;

// Failed, but with what was fetched: fields and processed_version stay as they were, so the
// video is not counted as processed and a normal Process takes it again.
const FAIL_KEEPING_METADATA = `UPDATE videos SET
    status = 'failed',${METADATA_COLUMNS}
    error = json_extract(r.value, '$.error'),
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
${STILL_CLAIMED}`;

// Runs before COMPLETE in the same transaction, so it counts exactly the rows COMPLETE will
// write (same conditions): a duplicate delivery adds no processed video, only its real spend.
const ADD_USAGE = `INSERT INTO usage_days
    (user_id, day, videos_processed, ai_calls, input_tokens, output_tokens, thinking_tokens, youtube_units)
  SELECT json_extract(u.value, '$.userId'), strftime('%Y-%m-%d', 'now'),
    (SELECT count(*) FROM json_each(?1) AS r JOIN videos AS v ON v.id = json_extract(r.value, '$.id')
      WHERE v.job_id = json_extract(r.value, '$.jobId') AND v.status IN ('queued', 'processing')
        AND v.user_id = json_extract(u.value, '$.userId')),
    json_extract(u.value, '$.aiCalls'), json_extract(u.value, '$.inputTokens'),
    json_extract(u.value, '$.outputTokens'), json_extract(u.value, '$.thinkingTokens'),
    json_extract(u.value, '$.youtubeUnits')
  FROM json_each(?2) AS u WHERE true
  ON CONFLICT (user_id, day) DO UPDATE SET
    videos_processed = videos_processed + excluded.videos_processed,
    ai_calls = ai_calls + excluded.ai_calls,
    input_tokens = input_tokens + excluded.input_tokens,
    output_tokens = output_tokens + excluded.output_tokens,
    thinking_tokens = thinking_tokens + excluded.thinking_tokens,
    youtube_units = youtube_units + excluded.youtube_units`;

/**
 * Writes a settled part's results and its usage in one transaction. Only videos still
 * unfinished under the same job are written (a cancel or a newer job wins), and the ids written
 * come back so that exactly those are reported. `usage` needs a row for every user with
 * completed videos here, even one that spent nothing, so their processed videos are counted.
 */
export async function writeResults(
  db: Db,
  completed: CompletedResult[],
  failed: FailedResult[],
  usage: UsageDelta[] = [],
): Promise<Set<string>> {
  const d1 = db.$client;
  const completedRows = JSON.stringify(completed.map(({ metadata, ...rest }) => ({ ...rest, ...metadata })));
  const statements: D1PreparedStatement[] = [];
  if (usage.length > 0) statements.push(d1.prepare(ADD_USAGE).bind(completedRows, JSON.stringify(usage)));
  if (completed.length > 0) statements.push(d1.prepare(COMPLETE).bind(completedRows));
  const bare = failed.filter((row) => !row.metadata);
  const withMetadata = failed.filter((row) => row.metadata);
  if (bare.length > 0) statements.push(d1.prepare(FAIL).bind(JSON.stringify(bare)));
  if (withMetadata.length > 0) {
    const rows = withMetadata.map(({ metadata, ...rest }) => ({ ...rest, ...metadata }));
    statements.push(d1.prepare(FAIL_KEEPING_METADATA).bind(JSON.stringify(rows)));
  }
  if (statements.length === 0) return new Set();
  const results = await d1.batch<{ id?: string }>(statements);
  return new Set(results.flatMap((result) => result.results.flatMap((row) => (row.id ? [row.id] : []))));
}

/** Videos of a parked job go back to `queued`: claimed and untouched, waiting for the resume. */
export async function markQueuedAgain(db: Db, videoIds: string[]) {
  if (videoIds.length === 0) return;
  await db.run(
    sql`UPDATE videos SET status = 'queued', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        WHERE id IN (SELECT value FROM json_each(${JSON.stringify(videoIds)})) AND status = 'processing'`,
  );
}
