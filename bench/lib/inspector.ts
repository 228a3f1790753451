/**
 * The V8 heaps of the local runtime, read through the DevTools protocol (CDP).
 *
 * `wrangler dev` runs one workerd process holding many isolates: the app's Worker (which locally
 * also hosts its Durable Objects: one isolate per script) and the simulators Miniflare adds (D1,
 * the queue broker, the observability collector, the outbound-fetch service, assets …). workerd's
 * own inspector lists them all; wrangler holds the session of the app's isolate and re-exposes it
 * on `--inspector-port`, so the app is read there and every other isolate directly.
 */
import { listeningPorts, workerdPids } from "./processes.ts";

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** One CDP session over a WebSocket (Node's global WebSocket). */
export class CdpSession {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, (params: any) => void>();

  private readonly socket: WebSocket;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(String(event.data));
      const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
      if (waiting) {
        this.pending.delete(message.id);
        clearTimeout(waiting.timer);
        if (message.error) waiting.reject(new Error(`CDP ${message.error.code}: ${message.error.message}`));
        else waiting.resolve(message.result);
      } else if (message.method) this.listeners.get(message.method)?.(message.params);
    });
    socket.addEventListener("close", () => {
      for (const [id, waiting] of this.pending) {
        clearTimeout(waiting.timer);
        waiting.reject(new Error("CDP session closed"));
        this.pending.delete(id);
      }
    });
  }

  /** Wrangler's inspector proxy checks Origin like a browser would; a loopback origin is allowed. */
  static open(url: string): Promise<CdpSession> {
    const socket = new WebSocket(url, { headers: { origin: "http://127.0.0.1" } } as unknown as string[]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`CDP ${url}: no connection within 10 s`)), 10_000);
      socket.addEventListener("open", () => {
        clearTimeout(timer);
        resolve(new CdpSession(socket));
      });
      socket.addEventListener("error", () => {
        clearTimeout(timer);
        reject(new Error(`CDP ${url}: connection failed`));
      });
    });
  }

  call<T>(method: string, params: Record<string, unknown> = {}, timeoutMs = 30_000): Promise<T> {
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`CDP ${method}: no answer within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  on(method: string, listener: (params: any) => void) {
    this.listeners.set(method, listener);
  }

  close() {
    this.socket.close();
  }
}

export interface HeapUsage {
  /** Bytes of live and not-yet-collected objects. */
  usedBytes: number;
  /** Bytes V8 has reserved for the heap (what the process pays for). */
  totalBytes: number;
}

export async function heapUsage(session: CdpSession): Promise<HeapUsage> {
  const usage = await session.call<{ usedSize: number; totalSize: number }>("Runtime.getHeapUsage");
  return { usedBytes: usage.usedSize, totalBytes: usage.totalSize };
}

/**
 * A full garbage collection. workerd runs it when the isolate next does work, so `wake` is called
 * (once a second) until it answers; for the app's isolate a request to the Worker does.
 */
export async function collectGarbage(session: CdpSession, wake: () => Promise<unknown>): Promise<void> {
  let done = false;
  const collected = session.call("HeapProfiler.collectGarbage", {}, 30_000).finally(() => {
    done = true;
  });
  while (!done) {
    await Promise.race([collected, new Promise((resolve) => setTimeout(resolve, 1_000))]);
    if (!done) await wake().catch(() => {});
  }
  await collected;
}

/**
 * A heap snapshot as JSON text. V8 runs a full garbage collection first, so the heap usage read
 * right after is the live size; it also works on an idle isolate. But workerd keeps much of the
 * memory it used to serialise the snapshot: its RSS grows by tens of MiB per snapshot, so take
 * them only after RSS has been read.
 */
export async function heapSnapshot(session: CdpSession, timeoutMs = 120_000): Promise<string> {
  const chunks: string[] = [];
  session.on("HeapProfiler.addHeapSnapshotChunk", (params: { chunk: string }) => chunks.push(params.chunk));
  await session.call("HeapProfiler.takeHeapSnapshot", { reportProgress: false }, timeoutMs);
  session.on("HeapProfiler.addHeapSnapshotChunk", () => {});
  return chunks.join("");
}

interface Target {
  id: string;
  webSocketDebuggerUrl: string;
}

/** workerd's own inspector: the listening port of a workerd in the group whose /json names isolates. */
async function runtimeTargets(groupId: number): Promise<Target[]> {
  for (const pid of workerdPids(groupId)) {
    for (const port of listeningPorts(pid)) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/json`, { signal: AbortSignal.timeout(2_000) });
        const text = await response.text();
        if (!text.startsWith("[")) continue;
        const targets = JSON.parse(text) as Target[];
        if (targets.some((target) => target.id.startsWith("core:user:"))) return targets;
      } catch {
        // Not an inspector (the app's own port, the debug port).
      }
    }
  }
  return [];
}

export interface Isolate {
  /** workerd's service name: `core:user:<worker>` for the app, e.g. `d1:db` or `queues:queue` for simulators. */
  id: string;
  ours: boolean;
  session: CdpSession;
}

/** Every isolate of the runtime `wrangler dev` started: the app's (through wrangler) and the simulators'. */
export async function openIsolates(options: {
  groupId: number;
  workerName: string;
  wranglerInspectorPort: number;
}): Promise<Isolate[]> {
  const appId = `core:user:${options.workerName}`;
  const app = await CdpSession.open(`ws://127.0.0.1:${options.wranglerInspectorPort}/ws`);
  const isolates: Isolate[] = [{ id: appId, ours: true, session: app }];
  for (const target of await runtimeTargets(options.groupId)) {
    if (target.id === appId) continue;
    try {
      isolates.push({ id: target.id, ours: false, session: await CdpSession.open(target.webSocketDebuggerUrl) });
    } catch {
      // An isolate that refuses a session is left out of the sums, not fatal.
    }
  }
  return isolates;
}
