/**
 * The public API as the bench's users call it: one `BenchUser` per account, JSON helpers, list
 * set-up and CSV import of generated videos, and the live-progress socket.
 */
import { LIMITS } from "../../src/shared/constants.ts";
import { delay } from "../../test/support/dev-server.ts";

/** The fields every bench list asks the AI for. */
export const BENCH_FIELDS = [
  { key: "level", label: "Level", type: "enum", options: ["intro", "intermediate", "deep"] },
  { key: "speakers", label: "Speakers", type: "tags" },
];

/** 11-character YouTube ids, deterministic, never starting with the fake's "private" prefix (`zz`). */
export const youtubeId = (prefix: string, n: number) => `${prefix}${n.toString(36).padStart(11 - prefix.length, "0")}`;

export const FINISHED_STATUSES = new Set(["completed", "completed_with_errors", "failed", "cancelled"]);

export class ApiError extends Error {
  readonly status: number;
  readonly retryAfterSeconds: number | null;
  constructor(status: number, message: string, retryAfter: string | null = null) {
    super(message);
    this.status = status;
    this.retryAfterSeconds = retryAfter === null || Number.isNaN(Number(retryAfter)) ? null : Number(retryAfter);
  }
}

export class BenchUser {
  readonly base: string;
  readonly token: string;
  private constructor(base: string, token: string) {
    this.base = base;
    this.token = token;
  }

  /** A new account. Sign-ups are rate-limited per address: a 429 waits its Retry-After, then retries. */
  static async register(base: string, label: string): Promise<BenchUser> {
    const anonymous = new BenchUser(base, "");
    const body = {
      email: `bench-${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`,
      password: "Bench password: plaice quartz 1",
    };
    for (let attempt = 1; ; attempt++) {
      try {
        const auth = await anonymous.api<{ token: string }>("POST", "/auth/register", body);
        return new BenchUser(base, auth.token);
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 429 && attempt < 5)) throw error;
        await delay(Math.min(120, error.retryAfterSeconds ?? 10) * 1000);
      }
    }
  }

  async api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const init: RequestInit & { headers: Record<string, string> } = {
      method,
      headers: { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...headers },
      signal: AbortSignal.timeout(120_000),
    };
    if (typeof body === "string") init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers["content-type"] = "application/json";
    }
    const response = await fetch(`${this.base}/api${path}`, init);
    const text = await response.text();
    if (!response.ok)
      throw new ApiError(response.status, `${method} ${path} → ${response.status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  createList(name: string, fields: unknown[] = BENCH_FIELDS) {
    return this.api<{ id: string }>("POST", "/lists", { name, fields });
  }

  /**
   * Imports `count` generated videos (`youtubeId(prefix, 0 … count-1)`) as CSV, in uploads of at
   * most the API's row limit. Returns the time the uploads took, measured by the client.
   */
  async importVideos(listId: string, count: number, prefix: string) {
    let added = 0;
    let bytes = 0;
    let requests = 0;
    const start = performance.now();
    for (let from = 0; from < count; from += LIMITS.csvRows) {
      const rows = Array.from(
        { length: Math.min(LIMITS.csvRows, count - from) },
        (_, i) => `https://youtu.be/${youtubeId(prefix, from + i)},row ${from + i}`,
      );
      const csv = `url,note\n${rows.join("\n")}\n`;
      bytes += csv.length;
      const result = await this.api<{ added: number }>("POST", `/lists/${listId}/videos/import`, csv, {
        "content-type": "text/csv",
      });
      added += result.added;
      requests++;
    }
    const seconds = (performance.now() - start) / 1000;
    if (added !== count) throw new Error(`import added ${added}, expected ${count}`);
    return { added, bytes, requests, seconds };
  }

  process(listId: string, body: { force?: boolean } = {}) {
    return this.api<{ id: string; total: number }>("POST", `/lists/${listId}/process`, body);
  }

  openProgress(): Promise<ProgressSocket> {
    return ProgressSocket.open(this);
  }
}

export interface ProgressFrame {
  /** Date.now() when the frame arrived. */
  arrival: number;
  data: {
    type: string;
    seq?: number;
    jobId?: string;
    status?: string;
    processed?: number;
    failed?: number;
    total?: number;
    at?: string;
    videoId?: string;
  };
}

/** A user's progress socket, keeping every frame with its arrival time. */
export class ProgressSocket {
  readonly frames: ProgressFrame[] = [];
  private readonly socket: WebSocket;
  private constructor(socket: WebSocket) {
    this.socket = socket;
  }

  /**
   * Opens the socket and waits for its snapshot. A single-use ticket when the API offers them
   * (`POST /api/ws/ticket`), the token in the URL where it does not yet.
   */
  static async open(user: BenchUser): Promise<ProgressSocket> {
    let credential: string;
    try {
      const { ticket } = await user.api<{ ticket: string }>("POST", "/ws/ticket");
      credential = `ticket=${encodeURIComponent(ticket)}`;
    } catch (error) {
      if (!(error instanceof ApiError && (error.status === 404 || error.status === 405))) throw error;
      credential = `token=${encodeURIComponent(user.token)}`;
    }
    const socket = new WebSocket(`${user.base.replace(/^http/, "ws")}/api/ws/progress?${credential}`);
    const progress = new ProgressSocket(socket);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("progress socket: no snapshot within 10 s")), 10_000);
      socket.addEventListener("message", (event) => {
        const data = JSON.parse(String(event.data));
        progress.frames.push({ arrival: Date.now(), data });
        if (data.type === "snapshot") {
          clearTimeout(timer);
          resolve();
        }
      });
      socket.addEventListener("error", () => reject(new Error("progress socket error")));
    });
    return progress;
  }

  /** The job's final frame (a finished status), if it came. */
  final(jobId: string): ProgressFrame | undefined {
    return this.frames.find((f) => f.data.jobId === jobId && FINISHED_STATUSES.has(f.data.status ?? ""));
  }

  /** The job's frames, in arrival order. */
  jobFrames(jobId: string): ProgressFrame[] {
    return this.frames.filter((f) => f.data.type === "progress" && f.data.jobId === jobId);
  }

  /** Waits for the job's final frame; `tick` is called every 10 s with the last count seen. */
  async waitForFinal(jobId: string, timeoutMs: number, tick?: (done: number) => void): Promise<ProgressFrame> {
    const deadline = Date.now() + timeoutMs;
    let lastTick = Date.now();
    for (;;) {
      const final = this.final(jobId);
      if (final) return final;
      if (Date.now() > deadline) throw new Error(`job ${jobId} did not finish within ${timeoutMs / 1000} s`);
      if (tick && Date.now() - lastTick > 10_000) {
        const last = this.jobFrames(jobId).at(-1)?.data;
        tick((last?.processed ?? 0) + (last?.failed ?? 0));
        lastTick = Date.now();
      }
      await delay(50);
    }
  }

  close() {
    this.socket.close();
  }
}
