/**
 * The ProgressHub's SQLite storage: job mirrors, per-(job, video) outcomes and the event log.
 * Everything that must survive eviction lives here; the object keeps only timers in memory.
 * All methods are synchronous: SQLite in a Durable Object runs in-process, so a read-modify-write
 * here cannot interleave with another request.
 */

import { type JobStatus, progressPercent } from "../shared/constants";
import type { ProgressEvent } from "../shared/protocol";
import type { Job } from "../shared/schemas/jobs";

export interface JobState {
  id: string;
  listId: string;
  status: JobStatus;
  total: number;
  processed: number;
  failed: number;
  errorMessage: string | null;
  /** The job as D1 last returned it: the fields this object does not own (times, force …). */
  base: Job;
  lastReportAt: number;
  lastEventAt: number;
  flushedAt: number;
  dirty: boolean;
  redrives: number;
  finishedAt: number | null;
}

export type OutcomeStatus = "completed" | "failed";
export interface Outcome {
  videoId: string;
  status: OutcomeStatus;
  title?: string | null;
  error?: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs (
  id TEXT PRIMARY KEY,
  list_id TEXT NOT NULL,
  status TEXT NOT NULL,
  total INTEGER NOT NULL,
  processed INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  error_message TEXT,
  base TEXT NOT NULL,
  last_report_at INTEGER NOT NULL,
  last_event_at INTEGER NOT NULL DEFAULT 0,
  flushed_at INTEGER NOT NULL DEFAULT 0,
  dirty INTEGER NOT NULL DEFAULT 0,
  redrives INTEGER NOT NULL DEFAULT 0,
  finished_at INTEGER
);
CREATE TABLE IF NOT EXISTS outcomes (
  job_id TEXT NOT NULL,
  video_id TEXT NOT NULL,
  status TEXT NOT NULL,
  PRIMARY KEY (job_id, video_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_job ON events (job_id, seq);
CREATE INDEX IF NOT EXISTS events_at ON events (at);
`;

type Row = Record<string, SqlStorageValue>;

function toState(row: Row): JobState {
  return {
    id: row.id as string,
    listId: row.list_id as string,
    status: row.status as JobStatus,
    total: row.total as number,
    processed: row.processed as number,
    failed: row.failed as number,
    errorMessage: (row.error_message as string | null) ?? null,
    base: JSON.parse(row.base as string) as Job,
    lastReportAt: row.last_report_at as number,
    lastEventAt: row.last_event_at as number,
    flushedAt: row.flushed_at as number,
    dirty: row.dirty === 1,
    redrives: row.redrives as number,
    finishedAt: (row.finished_at as number | null) ?? null,
  };
}

/** The public Job shape: D1's last copy with this object's live counters on top. */
export function jobView(state: JobState): Job {
  return {
    ...state.base,
    status: state.status,
    total: state.total,
    processed: state.processed,
    failed: state.failed,
    progress: progressPercent(state.processed, state.failed, state.total),
    errorMessage: state.errorMessage,
  };
}

export class HubStorage {
  constructor(private readonly sql: SqlStorage) {}

  migrate() {
    this.sql.exec(SCHEMA);
  }

  job(jobId: string): JobState | null {
    const row = this.sql.exec("SELECT * FROM jobs WHERE id = ?", jobId).toArray()[0];
    return row ? toState(row) : null;
  }

  jobs(where: "active" | "dirty" | "all"): JobState[] {
    const clause = { active: "status IN ('running', 'paused')", dirty: "dirty = 1", all: "1 = 1" }[where];
    return this.sql.exec(`SELECT * FROM jobs WHERE ${clause}`).toArray().map(toState);
  }

  /** Jobs a new socket should see: active ones, and ones that finished in the last 5 minutes. */
  snapshotJobs(now: number): Job[] {
    return this.sql
      .exec(
        "SELECT * FROM jobs WHERE status IN ('running', 'paused') OR finished_at > ? ORDER BY json_extract(base, '$.createdAt') DESC",
        now - 5 * 60_000,
      )
      .toArray()
      .map((row) => jobView(toState(row)));
  }

  /** Inserts a job mirror, or refreshes an existing one's D1 fields without touching counters. */
  upsertJob(job: Job, now: number) {
    this.sql.exec(
      `INSERT INTO jobs (id, list_id, status, total, processed, failed, error_message, base, last_report_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET base = excluded.base`,
      job.id,
      job.listId,
      job.status,
      job.total,
      job.processed,
      job.failed,
      job.errorMessage,
      JSON.stringify(job),
      now,
    );
  }

  setBase(jobId: string, base: Job) {
    this.sql.exec("UPDATE jobs SET base = ? WHERE id = ?", JSON.stringify(base), jobId);
  }

  /**
   * Records outcomes not seen before for this job and moves the counters by exactly those.
   * The primary key (job_id, video_id) is what makes a redelivered message count zero times.
   */
  recordOutcomes(jobId: string, outcomes: readonly Outcome[], now: number): Outcome[] {
    const fresh: Outcome[] = [];
    for (const outcome of outcomes) {
      const cursor = this.sql.exec(
        "INSERT OR IGNORE INTO outcomes (job_id, video_id, status) VALUES (?, ?, ?)",
        jobId,
        outcome.videoId,
        outcome.status,
      );
      if (cursor.rowsWritten > 0) fresh.push(outcome);
    }
    const processed = fresh.filter((outcome) => outcome.status === "completed").length;
    this.sql.exec(
      "UPDATE jobs SET processed = processed + ?, failed = failed + ?, last_report_at = ?, dirty = 1 WHERE id = ?",
      processed,
      fresh.length - processed,
      now,
      jobId,
    );
    return fresh;
  }

  /** Videos that vanished mid-job can never report; they are counted as failed so the job ends. */
  addFailures(jobId: string, count: number) {
    this.sql.exec("UPDATE jobs SET failed = failed + ?, dirty = 1 WHERE id = ?", count, jobId);
  }

  hasOutcome(jobId: string, videoId: string): boolean {
    return (
      this.sql.exec("SELECT 1 FROM outcomes WHERE job_id = ? AND video_id = ?", jobId, videoId).toArray().length > 0
    );
  }

  setStatus(jobId: string, status: JobStatus, errorMessage: string | null, now: number, finished: boolean) {
    this.sql.exec(
      "UPDATE jobs SET status = ?, error_message = coalesce(?, error_message), dirty = 1, last_report_at = ?, finished_at = ? WHERE id = ?",
      status,
      errorMessage,
      now,
      finished ? now : null,
      jobId,
    );
    // A finished job ignores every later report, so its outcome keys are no longer needed.
    if (finished) this.sql.exec("DELETE FROM outcomes WHERE job_id = ?", jobId);
  }

  markFlushed(jobId: string, now: number) {
    this.sql.exec("UPDATE jobs SET dirty = 0, flushed_at = ? WHERE id = ?", now, jobId);
  }

  markRedriven(jobId: string, now: number) {
    this.sql.exec("UPDATE jobs SET redrives = redrives + 1, last_report_at = ? WHERE id = ?", now, jobId);
  }

  touchEvent(jobId: string, now: number) {
    this.sql.exec("UPDATE jobs SET last_event_at = ? WHERE id = ?", now, jobId);
  }

  appendEvent(event: Omit<ProgressEvent, "seq">, now: number): ProgressEvent {
    const seq = this.sql
      .exec<{ seq: number }>("INSERT INTO events (job_id, at, body) VALUES (?, ?, '') RETURNING seq", event.jobId, now)
      .one().seq;
    const full = { ...event, seq } as ProgressEvent;
    this.sql.exec("UPDATE events SET body = ? WHERE seq = ?", JSON.stringify(full), seq);
    return full;
  }

  eventsAfter(after: number, limit: number, jobId?: string): ProgressEvent[] {
    const rows = jobId
      ? this.sql.exec("SELECT body FROM events WHERE job_id = ? AND seq > ? ORDER BY seq LIMIT ?", jobId, after, limit)
      : this.sql.exec("SELECT body FROM events WHERE seq > ? ORDER BY seq LIMIT ?", after, limit);
    return rows.toArray().map((row) => JSON.parse(row.body as string) as ProgressEvent);
  }

  /** Drops history and job mirrors older than the retention window. */
  prune(olderThan: number) {
    this.sql.exec("DELETE FROM events WHERE at < ?", olderThan);
    this.sql.exec("DELETE FROM jobs WHERE finished_at IS NOT NULL AND finished_at < ?", olderThan);
  }

  oldestEventAt(): number | null {
    return (this.sql.exec("SELECT min(at) AS at FROM events").one().at as number | null) ?? null;
  }

  counts(jobId: string) {
    return {
      outcomes: this.sql.exec("SELECT count(*) AS n FROM outcomes WHERE job_id = ?", jobId).one().n as number,
      events: this.sql.exec("SELECT count(*) AS n FROM events WHERE job_id = ?", jobId).one().n as number,
    };
  }
}
