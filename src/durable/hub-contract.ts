/**
 * The contract between the Worker (routes, services, queue consumers, cron) and a user's
 * ProgressHub. Callers import these types and reach the hub through `hubFor`; none imports the
 * Durable Object class, so the object's internals can change without touching them.
 */
import type { JobStatus, ParkReason } from "../shared/constants";
import type { ProgressEvent } from "../shared/protocol";
import type { Job, JobUsage } from "../shared/schemas/jobs";

export type OutcomeStatus = "completed" | "failed";

/** What became of one video of a job, as the consumer wrote it to D1. */
export interface Outcome {
  videoId: string;
  status: OutcomeStatus;
  title?: string | null;
  error?: string | null;
}

/** Upstream spend of one consumer batch for one job; any key left out counts 0. */
export type UsageDelta = Partial<JobUsage>;

/** An upstream limit that stops a job until `resumesAt` (epoch ms) without failing anything. */
export interface Park {
  reason: ParkReason;
  resumesAt: number;
  message: string;
}

export type ControlResult =
  | { ok: true; job: Job }
  | { ok: false; reason: "not_found" | "conflict"; status?: JobStatus };

export interface ReportResult {
  /** Outcomes not seen before for this job: the ones that moved its counters. */
  counted: number;
  /** The job's status after the report; null for a job the hub does not know (or not this user's). */
  status: JobStatus | null;
}

export interface HistoryPage {
  items: ProgressEvent[];
  nextAfter: number | null;
}

export interface HubApi {
  /** Closes every socket opened with one of these credentials (signed out, revoked, replaced). */
  closeSockets(credentialIds: string[], code: number, reason: string): Promise<number>;
  /**
   * Takes a job committed to D1 (running, videos claimed) into the hub: its work list is read from
   * D1 and the hub starts feeding the queue. Idempotent: the start hand-off, its retries and the
   * orphan sweep all call it. Null when D1 has no such job of this user.
   */
  adoptJob(jobId: string): Promise<Job | null>;
  /** Outcomes of one queue batch for one job, plus that batch's upstream spend. */
  report(jobId: string, outcomes: Outcome[], usage?: UsageDelta): Promise<ReportResult>;
  /** A consumer batch started upstream work on these videos (live rows show them as processing). */
  noteProcessing(jobId: string, videoIds: string[]): Promise<void>;
  pauseJob(jobId: string): Promise<ControlResult>;
  resumeJob(jobId: string): Promise<ControlResult>;
  cancelJob(jobId: string): Promise<ControlResult>;
  /** A job-level failure (upstream key rejected, model gone): the job ends, unfinished videos are restored. */
  failJob(jobId: string, errorMessage: string): Promise<ControlResult>;
  /** Running → paused for an upstream limit; the hub resumes it at `park.resumesAt`. */
  parkJob(jobId: string, park: Park): Promise<ControlResult>;
  history(jobId: string, after: number, limit: number): Promise<HistoryPage>;
}

/** A stub of the user's hub: the RPC contract plus `fetch`, which takes the WebSocket upgrade. */
export type HubClient = HubApi & { fetch(request: Request): Promise<Response> };
