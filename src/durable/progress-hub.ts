/**
 * ProgressHub: one per user (`idFromName(userId)`). While a job runs, this object is the single
 * writer of its counters and status. It counts each (job, video) outcome once, keeps an ordered
 * event log, fans events out to the user's hibernatable WebSockets, writes state back to D1, and
 * re-drives jobs whose reports stopped (see reconciler.ts).
 */
import { DurableObject } from "cloudflare:workers";
import { getDb } from "../db/client";
import { type JobCounters, writeJobCounters, writeJobStoppedEarly } from "../db/job-progress";
import { findJob, toJob } from "../db/jobs";
import { type Env, readConfig } from "../env";
import { isJobFinished, type JobStatus, PING_FRAME, PONG_FRAME, SOCKET_CLOSE } from "../shared/constants";
import type { ProgressEvent } from "../shared/protocol";
import type { Job } from "../shared/schemas/jobs";
import { HubStorage, type JobState, jobView, type Outcome } from "./hub-storage";
import { ProgressFeed, send } from "./progress-feed";
import { reconcileStalledJob } from "./reconciler";
import {
  CREDENTIAL_HEADER,
  credentialTag,
  FrameGate,
  MAX_SOCKETS_PER_USER,
  type SocketAttachment,
} from "./socket-policy";

/** Counters reach D1 at most once a second while running; status changes go at once. */
const FLUSH_INTERVAL_MS = 1_000;
const HISTORY_RETENTION_MS = 30 * 24 * 60 * 60_000;
const REPLAY_MAX = 5_000;
/** How long to wait before trying D1 or the queue again after a failed write. */
const ALARM_RETRY_MS = 5_000;

export type ControlResult =
  | { ok: true; job: Job }
  | { ok: false; reason: "not_found" | "conflict"; status?: JobStatus };

export class ProgressHub extends DurableObject<Env> {
  private readonly store: HubStorage;
  private readonly feed: ProgressFeed;
  private readonly frames = new FrameGate();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new HubStorage(ctx.storage.sql);
    this.feed = new ProgressFeed(this.store, () => ctx.getWebSockets());
    // Pings are answered by the runtime itself, so an idle tab never wakes this object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING_FRAME, PONG_FRAME));
    ctx.blockConcurrencyWhile(async () => {
      this.store.migrate();
      // Re-arm on every start: after a crash the alarm is what finds jobs whose messages were lost.
      if (this.store.jobs("active").length > 0 || this.store.jobs("dirty").length > 0) await this.scheduleAlarm();
    });
  }

  // ─── WebSocket ──────────────────────────────────────────────────────────────────────────
  /** The upgrade, already authenticated by the Worker (routes/ws.ts), which names the credential. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return new Response("Expected a WebSocket upgrade", { status: 426 });
    }
    const credentialId = request.headers.get(CREDENTIAL_HEADER);
    if (!credentialId) return new Response("No credential named", { status: 401 });
    if (this.ctx.getWebSockets().length >= MAX_SOCKETS_PER_USER) return new Response(null, { status: 429 });
    const after = Number(new URL(request.url).searchParams.get("after") ?? "");
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [credentialTag(credentialId)]);
    server.serializeAttachment({ connectedAt: Date.now(), credentialId } satisfies SocketAttachment);
    send(server, { type: "snapshot", jobs: this.store.snapshotJobs(Date.now()) });
    if (Number.isInteger(after) && after >= 0 && new URL(request.url).searchParams.has("after")) {
      for (const event of this.store.eventsAfter(after, REPLAY_MAX)) send(server, event);
    }
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    const verdict = this.frames.check(ws, message);
    if (!verdict.ok) {
      const { code, reason } = SOCKET_CLOSE.policyViolation;
      ws.close(code, `${reason}: ${verdict.why}`);
      return;
    }
    if (verdict.frame.type === "ping") ws.send(PONG_FRAME);
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string) {
    // 1005/1006/1015 describe a connection that is already gone; they may not be sent back.
    if (code === 1005 || code === 1006 || code === 1015) return;
    try {
      ws.close(code, reason);
    } catch {
      // Already closed by the runtime's automatic close reply.
    }
  }

  override async webSocketError(ws: WebSocket) {
    ws.close(1011, "socket error");
  }

  // ─── RPC: credentials ───────────────────────────────────────────────────────────────────
  /** Closes every socket opened with one of these credentials (signed out, revoked, replaced). */
  async closeSockets(credentialIds: string[], code: number, reason: string): Promise<number> {
    let closed = 0;
    for (const id of credentialIds) {
      for (const ws of this.ctx.getWebSockets(credentialTag(id))) {
        try {
          ws.close(code, reason);
          closed++;
        } catch {
          // Closing already.
        }
      }
    }
    return closed;
  }

  // ─── RPC: the pipeline ──────────────────────────────────────────────────────────────────
  /** Called once the job and its videos are in D1, before any message is sent. */
  async startJob(job: Job): Promise<void> {
    const now = Date.now();
    this.store.upsertJob(job, now);
    const state = this.store.job(job.id) as JobState;
    this.feed.emit(state, { message: `Started: ${job.total} video${job.total === 1 ? "" : "s"} to process` });
    await this.scheduleAlarm();
  }

  /** Outcomes of one queue batch for one job. Counts only outcomes not seen before. */
  async report(jobId: string, outcomes: Outcome[]): Promise<{ counted: number; status: JobStatus | null }> {
    const state = await this.loadJob(jobId);
    if (!state) return { counted: 0, status: null };
    if (isJobFinished(state.status)) return { counted: 0, status: state.status };
    const fresh = this.store.recordOutcomes(jobId, outcomes, Date.now());
    const last = fresh.at(-1);
    // A duplicate delivery changes nothing, so it sends nothing either.
    if (!last) return { counted: 0, status: state.status };
    this.feed.noteVideo(jobId, last);
    await this.afterCount(jobId);
    return { counted: fresh.length, status: (this.store.job(jobId) as JobState).status };
  }

  async pauseJob(jobId: string): Promise<ControlResult> {
    return this.transition(jobId, ["running"], "paused", "Paused");
  }

  async resumeJob(jobId: string): Promise<ControlResult> {
    const result = await this.transition(jobId, ["paused"], "running", "Resumed");
    // Messages that arrived while paused were dropped (see consumer); put the job's waiting videos back.
    if (result.ok) await reconcileStalledJob(this.reconcilerDeps(), jobId, { redriveOnly: true });
    return result;
  }

  async cancelJob(jobId: string): Promise<ControlResult> {
    return this.transition(jobId, ["running", "paused"], "cancelled", "Cancelled; unfinished videos are pending again");
  }

  /** A job-level failure (upstream key rejected, quota gone, enqueue failed). */
  async failJob(jobId: string, errorMessage: string): Promise<ControlResult> {
    return this.transition(jobId, ["running", "paused"], "failed", `Failed: ${errorMessage}`, errorMessage);
  }

  async history(
    jobId: string,
    after: number,
    limit: number,
  ): Promise<{ items: ProgressEvent[]; nextAfter: number | null }> {
    const items = this.store.eventsAfter(after, limit + 1, jobId);
    const page = items.slice(0, limit);
    return { items: page, nextAfter: items.length > limit ? (page.at(-1)?.seq ?? null) : null };
  }

  /** Storage figures for benchmarks and tests: what a job leaves behind. */
  async storageFootprint(jobId: string) {
    return this.store.counts(jobId);
  }

  // ─── Alarm: flush, reconcile, prune ─────────────────────────────────────────────────────
  override async alarm() {
    const now = Date.now();
    let retrySoon = false;
    try {
      for (const state of this.store.jobs("dirty")) {
        if (!(await this.flush(state.id)).written) retrySoon = true;
      }
      const { stallMs } = readConfig(this.env);
      for (const state of this.store.jobs("active")) {
        if (state.status === "running" && now - state.lastReportAt >= stallMs) {
          await reconcileStalledJob(this.reconcilerDeps(), state.id, { redriveOnly: false });
        }
      }
      this.store.prune(now - HISTORY_RETENTION_MS);
    } catch (error) {
      // A thrown alarm is retried only a few times; re-arming ourselves keeps trying for as long
      // as D1 or the queue is down, without spinning.
      console.error(JSON.stringify({ message: "hub alarm failed; retrying", error: String(error) }));
      retrySoon = true;
    }
    await this.scheduleAlarm(retrySoon ? Date.now() + ALARM_RETRY_MS : 0);
  }

  // ─── Internals ──────────────────────────────────────────────────────────────────────────
  private reconcilerDeps() {
    return {
      db: getDb(this.env.DB),
      queue: this.env.VIDEOS_QUEUE,
      store: this.store,
      record: (jobId: string, outcomes: Outcome[]) => this.report(jobId, outcomes),
      countVanished: async (jobId: string, count: number) => {
        this.store.addFailures(jobId, count);
        await this.afterCount(jobId, `${count} video${count === 1 ? " was" : "s were"} deleted while processing`);
      },
    };
  }

  /** The job from storage, or adopted from D1 if this object never heard of it (lost start). */
  private async loadJob(jobId: string): Promise<JobState | null> {
    const known = this.store.job(jobId);
    if (known) return known;
    const row = await findJob(getDb(this.env.DB), this.ctx.id.name ?? "", jobId);
    if (!row) return null;
    this.store.upsertJob(toJob(row), Date.now());
    return this.store.job(jobId);
  }

  /** After counters moved: finish the job when every video is accounted for, else coalesce. */
  private async afterCount(jobId: string, note?: string) {
    const state = this.store.job(jobId) as JobState;
    if (state.processed + state.failed >= state.total && !isJobFinished(state.status)) {
      const status = state.failed > 0 ? "completed_with_errors" : "completed";
      this.store.setStatus(jobId, status, null, Date.now(), true);
      const done = this.store.job(jobId) as JobState;
      this.feed.emit(done, { message: `Done: ${done.processed} processed, ${done.failed} failed` });
      await this.flush(jobId);
      return;
    }
    if (note) this.feed.emit(state, { message: note });
    else this.feed.emitCoalesced(jobId);
    await this.flushSoon(state);
  }

  private async transition(
    jobId: string,
    from: JobStatus[],
    to: JobStatus,
    message: string,
    errorMessage: string | null = null,
  ): Promise<ControlResult> {
    const state = await this.loadJob(jobId);
    if (!state) return { ok: false, reason: "not_found" };
    if (!from.includes(state.status)) return { ok: false, reason: "conflict", status: state.status };
    this.store.setStatus(jobId, to, errorMessage, Date.now(), isJobFinished(to));
    this.feed.emit(this.store.job(jobId) as JobState, { message, ...(errorMessage ? { error: errorMessage } : {}) });
    const { job } = await this.flush(jobId);
    await this.scheduleAlarm();
    return { ok: true, job };
  }

  /**
   * Writes the job's counters and status to D1 and adopts D1's timestamps. Never throws: the
   * counts are already durable here, so a failed write only leaves the job dirty for the alarm
   * to write again. A cancelled or failed job also hands its unfinished videos back, every time,
   * so a retried write finishes that too.
   */
  private async flush(jobId: string): Promise<{ job: Job; written: boolean }> {
    const state = this.store.job(jobId) as JobState;
    const counters: JobCounters = {
      id: jobId,
      status: state.status,
      processed: state.processed,
      failed: state.failed,
      errorMessage: state.errorMessage,
      finished: isJobFinished(state.status),
    };
    const db = getDb(this.env.DB);
    const stoppedEarly = state.status === "cancelled" || state.status === "failed";
    try {
      const row = stoppedEarly ? await writeJobStoppedEarly(db, counters) : await writeJobCounters(db, counters);
      if (row) this.store.setBase(jobId, toJob(row));
      this.store.markFlushed(jobId, Date.now());
      return { job: jobView(this.store.job(jobId) as JobState), written: true };
    } catch (error) {
      console.error(
        JSON.stringify({ message: "job write to D1 failed; the alarm retries", jobId, error: String(error) }),
      );
      await this.scheduleAlarm(Date.now() + ALARM_RETRY_MS);
      return { job: jobView(state), written: false };
    }
  }

  private async flushSoon(state: JobState) {
    if (Date.now() - state.flushedAt >= FLUSH_INTERVAL_MS) await this.flush(state.id);
    else await this.scheduleAlarm();
  }

  /** One alarm serves every job: the earliest pending flush, stall check or pruning. */
  private async scheduleAlarm(notBefore = 0) {
    const now = Date.now();
    const { stallMs } = readConfig(this.env);
    const times: number[] = [];
    for (const state of this.store.jobs("dirty")) times.push(state.flushedAt + FLUSH_INTERVAL_MS);
    for (const state of this.store.jobs("active")) {
      if (state.status === "running") times.push(state.lastReportAt + stallMs);
    }
    const oldest = this.store.oldestEventAt();
    if (oldest !== null) times.push(Math.max(oldest + HISTORY_RETENTION_MS, now + 60 * 60_000));
    if (times.length === 0) return;
    const next = Math.max(now + 10, notBefore, Math.min(...times));
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > next || current < now) await this.ctx.storage.setAlarm(next);
  }
}
