import { PING_FRAME } from "../../../src/shared/constants";
import type { ProgressEvent, ServerFrame } from "../../../src/shared/protocol";
import type { Job } from "../../../src/shared/schemas/jobs";
import { backoffDelay } from "./backoff";

/**
 * The tab's one live-progress connection, independent of any UI framework so it can be tested
 * with a fake socket and fake timers.
 *
 * - Reconnects with exponential backoff after any close it did not ask for.
 * - Remembers the highest `seq` it has seen and reconnects with `after=<seq>`, so the server
 *   replays exactly what was missed; anything at or below that seq is dropped as a duplicate.
 * - Pings now and then and treats a silent connection as dead: a laptop waking from sleep often
 *   holds a socket that looks open but will never deliver again.
 * - Asks for the URL anew on every attempt: it carries a single-use ticket, fetched each time.
 */
export type ConnectionState = "connecting" | "open" | "reconnecting" | "stopped";

export interface ProgressSocketOptions {
  /** Where to connect; may have to fetch a ticket first. A rejection counts as a failed attempt. */
  url: (after: number | null) => string | Promise<string>;
  onSnapshot: (jobs: Job[]) => void;
  onEvent: (event: ProgressEvent) => void;
  onStateChange?: (state: ConnectionState, retryInMs: number | null) => void;
  /** Called when an attempt closes before it ever opened: the token may have expired. */
  onConnectFailed?: () => void;
  createSocket?: (url: string) => WebSocket;
  random?: () => number;
  pingEveryMs?: number;
}

const SILENCE_LIMIT_PINGS = 2;

export class ProgressSocket {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private lastSeq: number | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private lastHeardAt = 0;
  private everOpened = false;
  private state: ConnectionState = "stopped";
  /** Bumped by every connect and stop, so a URL that arrives after either is dropped. */
  private generation = 0;

  constructor(private readonly options: ProgressSocketOptions) {}

  get connectionState() {
    return this.state;
  }

  get lastSeenSeq() {
    return this.lastSeq;
  }

  start() {
    if (this.state !== "stopped") return;
    void this.connect();
  }

  stop() {
    this.generation++;
    this.clearTimers();
    this.setState("stopped", null);
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, "client closed");
  }

  /** Skips the remaining wait, for example when the browser reports it is online again. */
  reconnectNow() {
    if (this.state !== "reconnecting" || !this.retryTimer) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    void this.connect();
  }

  private async connect() {
    const generation = ++this.generation;
    this.setState(this.everOpened || this.attempt > 0 ? "reconnecting" : "connecting", null);
    let url: string;
    try {
      url = await this.options.url(this.lastSeq);
    } catch {
      if (generation !== this.generation) return;
      this.options.onConnectFailed?.();
      this.scheduleReconnect();
      return;
    }
    if (generation !== this.generation) return;
    const create = this.options.createSocket ?? ((socketUrl: string) => new WebSocket(socketUrl));
    const socket = create(url);
    this.socket = socket;
    let opened = false;

    socket.onopen = () => {
      if (this.socket !== socket) return;
      opened = true;
      this.everOpened = true;
      this.attempt = 0;
      this.lastHeardAt = Date.now();
      this.setState("open", null);
      this.startPinging(socket);
    };
    socket.onmessage = (message) => {
      if (this.socket !== socket) return;
      this.lastHeardAt = Date.now();
      this.handleFrame(message.data);
    };
    // An error is always followed by a close; the close decides what happens next.
    socket.onerror = () => {};
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (!opened) this.options.onConnectFailed?.();
      this.scheduleReconnect();
    };
  }

  private handleFrame(data: unknown) {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(String(data)) as ServerFrame;
    } catch {
      return; // Not JSON: nothing we can use, and not worth tearing the connection down for.
    }
    if (frame.type === "snapshot") {
      this.options.onSnapshot(frame.jobs);
    } else if (frame.type === "progress") {
      if (this.lastSeq !== null && frame.seq <= this.lastSeq) return;
      this.lastSeq = frame.seq;
      this.options.onEvent(frame);
    }
  }

  private scheduleReconnect() {
    this.clearTimers();
    const delay = backoffDelay(this.attempt, this.options.random);
    this.attempt += 1;
    this.setState("reconnecting", delay);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
  }

  private startPinging(socket: WebSocket) {
    const every = this.options.pingEveryMs ?? 25_000;
    this.pingTimer = setInterval(() => {
      if (Date.now() - this.lastHeardAt > every * SILENCE_LIMIT_PINGS) {
        // Silent for too long: drop it ourselves; onclose schedules the reconnect.
        socket.close(4000, "no answer to ping");
        if (this.socket === socket) {
          this.socket = null;
          this.scheduleReconnect();
        }
        return;
      }
      if (socket.readyState === 1) socket.send(PING_FRAME);
    }, every);
  }

  private clearTimers() {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.retryTimer = null;
    this.pingTimer = null;
  }

  private setState(state: ConnectionState, retryInMs: number | null) {
    this.state = state;
    this.options.onStateChange?.(state, retryInMs);
  }
}
