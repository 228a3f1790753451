/** A client of the progress WebSocket, opened through the Worker's fetch handler as a browser would. */
import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import type { ProgressEvent, ServerFrame } from "../../../src/shared/protocol";
import { BASE } from "../helpers";

export interface ProgressSocket {
  ws: WebSocket;
  /** Every frame received so far, parsed, in order. */
  frames: ServerFrame[];
  /** Resolves when the socket closes (from either side). */
  closed: Promise<CloseEvent>;
  progress: () => ProgressEvent[];
  close: () => void;
}

/** Opens /api/ws/progress as `token`, optionally resuming after event `after`. */
export async function connectProgressSocket(token: string, after?: number): Promise<ProgressSocket> {
  const query = new URLSearchParams({ token, ...(after !== undefined ? { after: String(after) } : {}) });
  const res = await exports.default.fetch(`${BASE}/api/ws/progress?${query}`, { headers: { Upgrade: "websocket" } });
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  const frames: ServerFrame[] = [];
  ws.addEventListener("message", (event) => frames.push(JSON.parse(event.data as string)));
  const closed = new Promise<CloseEvent>((resolve) => ws.addEventListener("close", resolve));
  ws.accept();
  return {
    ws,
    frames,
    closed,
    progress: () => frames.filter((frame): frame is ProgressEvent => frame.type === "progress"),
    close: () => ws.close(1000, "bye"),
  };
}
