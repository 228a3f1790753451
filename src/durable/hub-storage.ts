/**
 * The ProgressHub's job mirrors and counted outcomes, in its SQLite storage. Everything that must
 * survive eviction lives here; the object keeps only timers and coalescing buffers in memory.
 * All methods are synchronous: SQLite in a Durable Object runs in-process, so a read-modify-write
 * here cannot interleave with another request.
 *
 * Every change of a job increments its `revision`. D1 holds the job as of `flushed_revision`; the
 * job is dirty while `revision > flushed_revision`, so a write that began before a change can never
 * make the job look clean (see job-writer.ts).
 */

import { isJobFinished, type JobStatus, type PausedReason, progressPercent } from "../shared/constants";
import type { Job, JobUsage } from "../shared/schemas/jobs";
import type { Outcome, UsageDelta } from "./hub-contract";

export interface JobState {
  id: string;
  userId: string;
  listId: string;
  status: JobStatus;
  total: number;
  processed: number;
  failed: number;
  errorMessage: string | null;
  pausedReason: PausedReason | null;
  /** Epoch ms at which a parked job resumes by itself. */
  resumesAt: number | null;
  usage: JobUsage;
  /** The job as D1 last returned it: the fields this object does not own (times, force …). */
  base: Job;
  lastReportAt: number;
  lastEventAt: number;
  /** When the last throttled write of counters to D1 began (the throttle's clock). */
  flushedAt: number;
  revision: number;
  flushedRevision: number;
  /** The status D1 holds: the consumer obeys D1, so the hub sends work only once D1 says running. */
  flushedStatus: JobStatus | null;
  lastSentAt: number;
  /** The work list is loaded from D1 in id order: the last id loaded, and whether that was all. */
  loadAfter: string;
  loadedAll: boolean;
  finishedAt: number | null;
}

export const ZERO_USAGE: JobUsage = { youtubeUnits: 0, aiCalls: 0, inputTokens: 0, outputTokens: 0, thinkingTokens: 0 };

type Row = Record<string, SqlStorageValue>;

function toState(row: Row): JobState {
  return {
    id: row.id as string,
    userId: row.user_id as string,
    listId: row.list_id as string,
    status: row.status as JobStatus,
    total: row.total as number,
    processed: row.processed as number,
    failed: row.failed as number,
    errorMessage: (row.error_message as string | null) ?? null,
    pausedReason: (row.paused_reason as PausedReason | null) ?? null,
    resumesAt: (row.resumes_at as number | null) ?? null,
    usage: { ...ZERO_USAGE, ...(JSON.parse(row.usage as string) as Partial<JobUsage>) },
    base: JSON.parse(row.base as string) as Job,
    lastReportAt: row.last_report_at as number,
    lastEventAt: row.last_event_at as number,
    flushedAt: row.flushed_at as number,
    revision: row.revision as number,
    flushedRevision: row.flushed_revision as number,
    flushedStatus: (row.flushed_status as JobStatus | null) ?? null,
    lastSentAt: row.last_sent_at as number,
    loadAfter: row.load_after as string,
    loadedAll: row.loaded_all === 1,
    finishedAt: (row.finished_at as number | null) ?? null,
  };
}

export const isDirty = (state: JobState) => state.revision > state.flushedRevision;

/** The public Job shape: D1's last copy with this object's live state on top. */
export function jobView(state: JobState): Job {
  return {
    ...state.base,
    status: state.status,
    total: state.total,
    processed: state.processed,
    failed: state.failed,
    progress: progressPercent(state.processed, state.failed, state.total),
    errorMessage: state.errorMessage,
    pausedReason: state.pausedReason,
    resumesAt: state.resumesAt === null ? null : new Date(state.resumesAt).toISOString(),
    usage: state.usage,
  };
}

export interface StatusChange {
  status: JobStatus;
  errorMessage?: string | null;
  pausedReason?: PausedReason | null;
  resumesAt?: number | null;
  finished: boolean;
}

export class HubStorage {
  constructor(private readonly sql: SqlStorage) {}

  job(jobId: string): JobState | null {
    const row = this.sql.exec("SELECT * FROM jobs WHERE id = ?", jobId).toArray()[0];
    return row ? toState(row) : null;
  }

  jobs(where: "active" | "running" | "dirty"): JobState[] {
    const clause = {
      active: "status IN ('running', 'paused')",
      running: "status = 'running'",
      dirty: "revision > flushed_revision",
    }[where];
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

  /**
   * A job this object takes over, as D1 holds it at `d1Revision`. An active job's revision starts
   * one above, so its first write to D1 marks it as adopted.
   */
  insertJob(job: Job, userId: string, d1Revision: number, now: number) {
    const finished = isJobFinished(job.status);
    // An active job's counters start at zero: loading its work list counts every video D1 shows
    // finished, so they are exact even if D1's copy lagged. A finished job is kept as D1 has it.
    this.sql.exec(
      `INSERT INTO jobs (id, user_id, list_id, status, total, processed, failed, error_message, paused_reason,
         resumes_at, usage, base, last_report_at, revision, flushed_revision, flushed_status, loaded_all, finished_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      job.id,
      userId,
      job.listId,
      job.status,
      job.total,
      finished ? job.processed : 0,
      finished ? job.failed : 0,
      job.errorMessage,
      job.pausedReason,
      job.resumesAt === null ? null : Date.parse(job.resumesAt),
      JSON.stringify(job.usage),
      JSON.stringify(job),
      now,
      finished ? d1Revision : d1Revision + 1,
      d1Revision,
      job.status,
      finished ? 1 : 0,
      finished ? now : null,
    );
  }

  /** A page of the work list was loaded from D1, up to and including `lastId`. */
  setLoaded(jobId: string, lastId: string, all: boolean) {
    this.sql.exec("UPDATE jobs SET load_after = ?, loaded_all = ? WHERE id = ?", lastId, all ? 1 : 0, jobId);
  }

  /** A change D1 must see though nothing else moved (a job adopted again, whose first write failed). */
  bump(jobId: string) {
    this.sql.exec("UPDATE jobs SET revision = revision + 1 WHERE id = ?", jobId);
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
      `UPDATE jobs SET processed = processed + ?, failed = failed + ?, last_report_at = ?,
         revision = revision + (? > 0) WHERE id = ?`,
      processed,
      fresh.length - processed,
      now,
      fresh.length,
      jobId,
    );
    return fresh;
  }

  hasOutcome(jobId: string, videoId: string): boolean {
    return (
      this.sql.exec("SELECT 1 FROM outcomes WHERE job_id = ? AND video_id = ?", jobId, videoId).toArray().length > 0
    );
  }

  /** Adds one batch's upstream spend; true when it changed anything. */
  addUsage(jobId: string, delta: UsageDelta): boolean {
    const state = this.job(jobId);
    if (!state) return false;
    const usage = { ...state.usage };
    let changed = false;
    for (const key of Object.keys(usage) as (keyof JobUsage)[]) {
      const add = Math.max(0, Math.trunc(delta[key] ?? 0));
      if (add > 0) changed = true;
      usage[key] += add;
    }
    if (changed)
      this.sql.exec("UPDATE jobs SET usage = ?, revision = revision + 1 WHERE id = ?", JSON.stringify(usage), jobId);
    return changed;
  }

  /** Videos that vanished mid-job can never report; they are counted as failed so the job ends. */
  addFailures(jobId: string, count: number) {
    this.sql.exec("UPDATE jobs SET failed = failed + ?, revision = revision + 1 WHERE id = ?", count, jobId);
  }

  setStatus(jobId: string, change: StatusChange, now: number) {
    this.sql.exec(
      `UPDATE jobs SET status = ?, error_message = coalesce(?, error_message), paused_reason = ?, resumes_at = ?,
         last_report_at = ?, finished_at = ?, revision = revision + 1 WHERE id = ?`,
      change.status,
      change.errorMessage ?? null,
      change.pausedReason ?? null,
      change.resumesAt ?? null,
      now,
      change.finished ? now : null,
      jobId,
    );
    // A finished job ignores every later report, so its outcome keys are no longer needed.
    if (change.finished) this.sql.exec("DELETE FROM outcomes WHERE job_id = ?", jobId);
  }

  /** The stall clock restarts: the reconciler just acted on this job. */
  touchReport(jobId: string, now: number) {
    this.sql.exec("UPDATE jobs SET last_report_at = ? WHERE id = ?", now, jobId);
  }

  beginFlush(jobId: string, now: number) {
    this.sql.exec("UPDATE jobs SET flushed_at = ? WHERE id = ?", now, jobId);
  }

  /** D1 now holds the job as of `revision`; later changes keep it dirty. */
  markFlushed(jobId: string, revision: number, status: JobStatus) {
    this.sql.exec(
      "UPDATE jobs SET flushed_revision = ?, flushed_status = ? WHERE id = ? AND flushed_revision < ?",
      revision,
      status,
      jobId,
      revision,
    );
  }

  touchEvent(jobId: string, now: number) {
    this.sql.exec("UPDATE jobs SET last_event_at = ? WHERE id = ?", now, jobId);
  }

  touchSent(jobId: string, now: number) {
    this.sql.exec("UPDATE jobs SET last_sent_at = ? WHERE id = ?", now, jobId);
  }

  /** Drops job mirrors that finished before `olderThan`. */
  prune(olderThan: number) {
    this.sql.exec("DELETE FROM jobs WHERE finished_at IS NOT NULL AND finished_at < ?", olderThan);
  }
}
