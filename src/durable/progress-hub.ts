/**
 * ProgressHub: one per user (`idFromName(userId)`), the owner of that user's jobs once D1 has
 * committed them. It loads each job's claimed videos from D1 page by page into a work list and
 * feeds the shared queue in windows (window-feeder.ts), counts each (job, video) outcome once,
 * pauses, parks, resumes and cancels, keeps the ordered event log and fans it out to the user's
 * hibernatable WebSockets, and is the only writer of a job's status, counters and usage to D1
 * (job-writer.ts). Its alarm writes what is pending, resumes parked jobs, re-drives stalled ones
 * (reconciler.ts), retries failed sends and prunes history.
 *
 * Entry points the runtime calls (fetch, webSocket*, alarm) are thin shells that catch and log
 * `ProgressHub:<method>`, so one bad socket or one failed D1 call cannot throw out of the object.
 */
import { DurableObject } from "cloudflare:workers";
import { getDb } from "../db/client";
import { findJob, toJob } from "../db/jobs";
import { type Config, type Env, readConfig } from "../env";
import { errorBody } from "../errors";
import { emitJobFinished } from "../services/events";
import { isJobFinished, type JobStatus, PING_FRAME, PONG_FRAME, SOCKET_CLOSE } from "../shared/constants";
import { HISTORY_RETENTION_MS, nextAlarmAt } from "./alarm-plan";
import { EventLog } from "./event-log";
import type { ControlResult, HistoryPage, HubApi, Outcome, Park, ReportResult, UsageDelta } from "./hub-contract";
import { migrate } from "./hub-schema";
import { HubStorage, isDirty, type JobState, jobView, type StatusChange } from "./hub-storage";
import { JobWriter } from "./job-writer";
import { type EventDetails, ProgressFeed, send } from "./progress-feed";
import { reconcileStalledJob } from "./reconciler";
import { CREDENTIAL_HEADER, credentialTag, FrameGate, MAX_SOCKETS_PER_USER } from "./socket-policy";
import { topUp } from "./window-feeder";
import { WorkList } from "./work-list";
import { loadWork } from "./work-loader";

const REPLAY_MAX = 5_000;

export class ProgressHub extends DurableObject<Env> implements HubApi {
  private readonly store: HubStorage;
  private readonly work: WorkList;
  private readonly log: EventLog;
  private readonly feed: ProgressFeed;
  private readonly writer: JobWriter;
  private parsed: { env: Env; config: Config } | undefined;
  private readonly frames = new FrameGate();
  /** One D1 read at a time per job, for adopting it and for loading its next page. */
  private readonly loading = new Map<string, Promise<unknown>>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new HubStorage(ctx.storage.sql);
    this.work = new WorkList(ctx.storage.sql);
    this.log = new EventLog(ctx.storage.sql);
    this.feed = new ProgressFeed(this.store, this.log, () => ctx.getWebSockets());
    this.writer = new JobWriter(this.store, () => getDb(this.env.DB));
    // Pings are answered by the runtime itself, so an idle tab never wakes this object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING_FRAME, PONG_FRAME));
    ctx.blockConcurrencyWhile(async () => {
      migrate(ctx.storage.sql);
      // Re-arm on every start: after a crash the alarm is what finds jobs whose messages were lost.
      await this.scheduleAlarm();
    });
  }

  /**
   * The configuration, parsed once for the bindings this object holds (env.ts readConfig), and
   * again only if they are replaced, as the window tests do to shrink HUB_WINDOW.
   */
  private get config(): Config {
    if (this.parsed?.env !== this.env) this.parsed = { env: this.env, config: readConfig(this.env) };
    return this.parsed.config;
  }

  // ─── Entry points ──────────────────────────────────────────────────────────────────────
  override async fetch(request: Request): Promise<Response> {
    try {
      return this.onConnect(request);
    } catch (error) {
      logFailure("fetch", error);
      return Response.json(errorBody("internal", "Live progress is unavailable right now; try again"), {
        status: 500,
      });
    }
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    try {
      const verdict = this.frames.check(ws, message);
      if (!verdict.ok) {
        const { code, reason } = SOCKET_CLOSE.policyViolation;
        ws.close(code, `${reason}: ${verdict.why}`);
        return;
      }
      if (verdict.frame.type === "ping") ws.send(PONG_FRAME);
    } catch (error) {
      logFailure("webSocketMessage", error);
    }
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string) {
    try {
      // 1005/1006/1015 describe a connection that is already gone; they may not be sent back.
      if (code !== 1005 && code !== 1006 && code !== 1015) ws.close(code, reason);
    } catch (error) {
      logFailure("webSocketClose", error);
    }
  }

  override async webSocketError(ws: WebSocket, error: unknown) {
    try {
      ws.close(1011, "socket error");
    } catch (closing) {
      logFailure("webSocketError", closing ?? error);
    }
  }

  override async alarm() {
    try {
      await this.onAlarm();
    } catch (error) {
      logFailure("alarm", error);
      // A thrown alarm is retried only a few times; re-arming keeps trying for as long as D1 or
      // the queue is down, without spinning.
      await this.scheduleAlarm(true).catch((again) => logFailure("alarm", again));
    }
  }

  // ─── RPC: credentials ─────────────────────────────────────────────────────────────────
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

  // ─── RPC: the pipeline ────────────────────────────────────────────────────────────────
  async adoptJob(jobId: string) {
    const state = await this.ensureJob(jobId);
    if (!state) return null;
    // Adopted again although known: the first write to D1 may have failed, or predates revisions.
    if (!isJobFinished(state.status) && !isDirty(state) && state.flushedRevision === 0) this.store.bump(jobId);
    const sent = await this.feedQueue();
    // The first write gives D1 the job's revision: from then on the orphan sweep leaves it alone.
    const written = await this.writer.flush(jobId);
    await this.scheduleAlarm(!sent || !written);
    return jobView(this.current(jobId));
  }

  async report(jobId: string, outcomes: Outcome[], usage?: UsageDelta): Promise<ReportResult> {
    const adopting = this.store.job(jobId) === null;
    const state = await this.ensureJob(jobId);
    if (!state) return { counted: 0, status: null };
    if (isJobFinished(this.current(jobId).status)) return { counted: 0, status: this.current(jobId).status };
    const spent = usage ? this.store.addUsage(jobId, usage) : false;
    const fresh = this.count(jobId, outcomes, Date.now());
    // A duplicate delivery changes nothing, so it sends nothing either (unless it just made the
    // hub adopt the job, which then needs feeding like any other).
    if (fresh.length === 0 && !spent && !adopting) return { counted: 0, status: this.current(jobId).status };
    await this.settle(jobId, { emit: fresh.length > 0 });
    await this.feedQueue();
    await this.scheduleAlarm();
    return { counted: fresh.length, status: this.current(jobId).status };
  }

  async noteProcessing(jobId: string, videoIds: string[]) {
    const state = this.store.job(jobId);
    if (!state || isJobFinished(state.status)) return;
    for (const id of videoIds) {
      if (!this.store.hasOutcome(jobId, id)) this.feed.noteChange(jobId, { id, status: "processing" });
    }
    this.feed.emitCoalesced(jobId);
  }

  async pauseJob(jobId: string) {
    return this.transition(jobId, inStatus("running"), () => ({ status: "paused", pausedReason: "user" }), "Paused");
  }

  async resumeJob(jobId: string) {
    return this.transition(jobId, inStatus("paused"), () => ({ status: "running" }), "Resumed");
  }

  async cancelJob(jobId: string) {
    return this.transition(
      jobId,
      inStatus("running", "paused"),
      () => ({ status: "cancelled" }),
      "Cancelled; unfinished videos are back as they were",
    );
  }

  async failJob(jobId: string, errorMessage: string) {
    return this.transition(
      jobId,
      inStatus("running", "paused"),
      () => ({ status: "failed", errorMessage }),
      `Failed: ${errorMessage}`,
    );
  }

  /** A parked job parked again (several batches hit the limit) waits for the latest reset any saw. */
  async parkJob(jobId: string, park: Park): Promise<ControlResult> {
    const known = await this.ensureJob(jobId);
    // Parked already until at least then, for at least this reason: nothing changes.
    const covered =
      known !== null &&
      isParked(known) &&
      (known.resumesAt ?? 0) >= park.resumesAt &&
      (known.pausedReason === "quota" || park.reason === "rate_limit");
    if (covered) return { ok: true, job: jobView(known) };
    return this.transition(
      jobId,
      (state) => state.status === "running" || isParked(state),
      (state) => ({
        status: "paused",
        pausedReason: isParked(state) && state.pausedReason === "quota" ? "quota" : park.reason,
        resumesAt: Math.max(park.resumesAt, isParked(state) ? (state.resumesAt ?? 0) : 0),
      }),
      park.message,
    );
  }

  async history(jobId: string, after: number, limit: number): Promise<HistoryPage> {
    const items = this.log.after(after, limit + 1, jobId);
    const page = items.slice(0, limit);
    return { items: page, nextAfter: items.length > limit ? (page.at(-1)?.seq ?? null) : null };
  }

  // ─── Alarm ────────────────────────────────────────────────────────────────────────────
  private async onAlarm() {
    const now = Date.now();
    let retrySoon = false;
    const due = (state: JobState) => isParked(state) && (state.resumesAt ?? Infinity) <= now;
    for (const state of this.store.jobs("active").filter(due)) {
      await this.transition(state.id, due, () => ({ status: "running" }), "Resumed: the upstream limit has reset");
    }
    for (const state of this.store.jobs("dirty")) {
      if (!(await this.writer.flushThrottled(state.id))) retrySoon = true;
    }
    const { stallMs } = this.config;
    for (const state of this.store.jobs("running")) {
      if (now - state.lastReportAt < stallMs) continue;
      try {
        await reconcileStalledJob(this.reconcilerDeps(), state.id, now);
      } catch (error) {
        logFailure("alarm", error, state.id);
        retrySoon = true;
      }
    }
    if (!(await this.feedQueue())) retrySoon = true;
    this.log.prune(now - HISTORY_RETENTION_MS);
    this.store.prune(now - HISTORY_RETENTION_MS);
    await this.scheduleAlarm(retrySoon);
  }

  // ─── Internals ────────────────────────────────────────────────────────────────────────
  /** The upgrade, already authenticated by the Worker (routes/ws.ts), which names the credential. */
  private onConnect(request: Request): Response {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return new Response("Expected a WebSocket upgrade", { status: 426 });
    }
    const credentialId = request.headers.get(CREDENTIAL_HEADER);
    if (!credentialId) return new Response("No credential named", { status: 401 });
    if (this.ctx.getWebSockets().length >= MAX_SOCKETS_PER_USER) return new Response(null, { status: 429 });
    const params = new URL(request.url).searchParams;
    const after = Number(params.get("after") ?? "");
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [credentialTag(credentialId)]);
    send(server, { type: "snapshot", jobs: this.store.snapshotJobs(Date.now()) });
    if (params.has("after") && Number.isInteger(after) && after >= 0) {
      for (const event of this.log.after(after, REPLAY_MAX)) send(server, event);
    }
    return new Response(null, { status: 101, webSocket: client });
  }

  private current(jobId: string): JobState {
    return this.store.job(jobId) as JobState;
  }

  /**
   * The job from storage, or adopted from D1 if this object never heard of it (its start
   * hand-off failed, or a report raced it). Only this user's jobs: D1 is asked with our name.
   */
  private async ensureJob(jobId: string): Promise<JobState | null> {
    const known = this.store.job(jobId);
    if (known) return known;
    const row = await this.once(`adopt:${jobId}`, () => findJob(getDb(this.env.DB), this.ctx.id.name ?? "", jobId));
    if (!row) return null;
    if (!this.store.job(jobId)) {
      this.store.insertJob(toJob(row), row.userId, row.revision, Date.now());
      const state = this.current(jobId);
      if (!isJobFinished(state.status)) {
        this.feed.emit(state, { message: `Started: ${state.total} video${state.total === 1 ? "" : "s"} to process` });
      }
    }
    return this.current(jobId);
  }

  /**
   * `job.finished` for webhooks, once: both callers run right after the one status change that
   * finished the job. Queued in the background, so webhooks never hold up or fail the hub.
   */
  private announceFinished(jobId: string) {
    const state = this.current(jobId);
    const job = jobView(state);
    const finishedAt = job.finishedAt ?? new Date().toISOString();
    this.ctx.waitUntil(emitJobFinished(this.env, state.userId, { ...job, finishedAt }));
  }

  /** Runs `read` once for everyone asking with the same key at the same time. */
  private once<T>(key: string, read: () => Promise<T>): Promise<T> {
    const running = this.loading.get(key);
    if (running) return running as Promise<T>;
    const started = read().finally(() => this.loading.delete(key));
    this.loading.set(key, started);
    return started;
  }

  /** Counts outcomes not seen before; their videos leave the work list. */
  private count(jobId: string, outcomes: readonly Outcome[], now: number): Outcome[] {
    const fresh = this.store.recordOutcomes(jobId, outcomes, now);
    this.work.remove(
      jobId,
      fresh.map((outcome) => outcome.videoId),
    );
    for (const outcome of fresh) this.feed.noteOutcome(jobId, outcome);
    return fresh;
  }

  /** After counters moved: finish the job when every video is accounted for, else coalesce and write soon. */
  private async settle(jobId: string, options: { emit: boolean; note?: string }) {
    const state = this.current(jobId);
    if (!isJobFinished(state.status) && state.processed + state.failed >= state.total) {
      const status = state.failed > 0 ? "completed_with_errors" : "completed";
      this.store.setStatus(jobId, { status, finished: true }, Date.now());
      this.work.drop(jobId);
      const done = this.current(jobId);
      this.feed.emit(done, { message: `Done: ${done.processed} processed, ${done.failed} failed` });
      await this.writer.flush(jobId);
      this.announceFinished(jobId);
      return;
    }
    if (options.note) this.feed.emit(state, { message: options.note });
    else if (options.emit) this.feed.emitCoalesced(jobId);
    await this.writer.flushSoon(jobId);
  }

  /**
   * A status change: checked and applied with no await in between, announced, written to D1 at
   * once (joining any write in flight, then writing the newer revision), then the queue is fed.
   */
  private async transition(
    jobId: string,
    allowed: (state: JobState) => boolean,
    next: (state: JobState) => Omit<StatusChange, "finished">,
    message: string,
  ): Promise<ControlResult> {
    if (!(await this.ensureJob(jobId))) return { ok: false, reason: "not_found" };
    const state = this.current(jobId);
    if (!allowed(state)) return { ok: false, reason: "conflict", status: state.status };
    const change = { ...next(state), finished: isJobFinished(next(state).status) };
    this.store.setStatus(jobId, change, Date.now());
    // Cancel and failure release the job's unsent and unfinished videos at once (D1 restores
    // them with the job's write); resume sends again what the consumer dropped while paused.
    if (change.finished) this.work.drop(jobId);
    if (state.status === "paused" && change.status === "running") this.work.resend(jobId);
    const details: EventDetails = { message, ...(change.errorMessage ? { error: change.errorMessage } : {}) };
    this.feed.emit(this.current(jobId), details);
    const written = await this.writer.flush(jobId);
    if (change.finished) this.announceFinished(jobId);
    if (change.status === "running") await this.feedQueue();
    await this.scheduleAlarm(!written);
    return { ok: true, job: jobView(this.current(jobId)) };
  }

  /**
   * Loads more of each running job's videos where its unsent list runs short of a window, then
   * tops the window up. Resolves false when a read or a send failed (the alarm retries).
   */
  private async feedQueue(): Promise<boolean> {
    const { hubWindow } = this.config;
    let ok = true;
    for (const state of this.store.jobs("running")) {
      if (state.loadedAll || this.work.unsent(state.id) >= hubWindow) continue;
      try {
        const deps = { db: getDb(this.env.DB), store: this.store, work: this.work };
        const finished = await this.once(`load:${state.id}`, () => loadWork(deps, state.id, hubWindow));
        if (this.count(state.id, finished, Date.now()).length > 0) await this.settle(state.id, { emit: true });
      } catch (error) {
        logFailure("loadWork", error, state.id);
        ok = false;
      }
    }
    const sent = await topUp({ store: this.store, work: this.work, queue: this.env.VIDEOS_QUEUE, window: hubWindow });
    return sent && ok;
  }

  private reconcilerDeps() {
    return {
      db: getDb(this.env.DB),
      store: this.store,
      work: this.work,
      record: async (jobId: string, outcomes: Outcome[]) => {
        if (this.count(jobId, outcomes, Date.now()).length > 0) await this.settle(jobId, { emit: true });
      },
      countVanished: async (jobId: string, count: number) => {
        this.store.addFailures(jobId, count);
        await this.settle(jobId, {
          emit: true,
          note: `${count} video${count === 1 ? " was" : "s were"} deleted while processing`,
        });
      },
    };
  }

  /** One alarm serves every job (see alarm-plan.ts); here it is only moved earlier, or set again once it has passed. */
  private async scheduleAlarm(retrySoon = false) {
    const now = Date.now();
    const next = nextAlarmAt(this.store, this.log, { now, stallMs: this.config.stallMs, retrySoon });
    if (next === null) return;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > next || current < now) await this.ctx.storage.setAlarm(next);
  }
}

const inStatus =
  (...statuses: JobStatus[]) =>
  (state: JobState) =>
    statuses.includes(state.status);
/** Paused by an upstream limit (not by its owner): resumes by itself at `resumesAt`. */
const isParked = (state: JobState) => state.status === "paused" && state.pausedReason !== "user";

function logFailure(method: string, error: unknown, jobId?: string) {
  console.error(
    JSON.stringify({
      message: `ProgressHub:${method}`,
      ...(jobId ? { jobId } : {}),
      error: String(error),
      stack: (error as Error)?.stack,
    }),
  );
}
