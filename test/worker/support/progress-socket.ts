/** A client of the progress WebSocket, opened through the Worker's fetch handler as a browser would. */
import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import type { ProgressEvent, ServerFrame } from "../../../src/shared/protocol";
import { BASE, callJson } from "../helpers";

export interface ProgressSocket {
  ws: WebSocket;
  /** Every frame received so far, parsed, in order. */
  frames: ServerFrame[];
  /** Resolves when the socket closes (from either side). */
  closed: Promise<CloseEvent>;
  progress: () => ProgressEvent[];
  close: () => void;
}

/** A fresh single-use ticket for `token` (POST /api/ws/ticket). */
export async function wsTicket(token: string): Promise<string> {
  return (await callJson<{ ticket: string }>("/api/ws/ticket", { token, method: "POST", expect: 200 })).ticket;
}

/** The raw upgrade request: query parameters and headers as given, for tests of what is refused. */
export function upgrade(query: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return exports.default.fetch(`${BASE}/api/ws/progress?${new URLSearchParams(query)}`, {
    headers: { Upgrade: "websocket", ...headers },
  });
}

/** Wraps a 101 answer's socket, recording every frame. */
export function accept(res: Response): ProgressSocket {
  expect(res.status).toBe(101);
  const ws = res.webSocket as WebSocket;
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

/** Opens /api/ws/progress as `token` with a ticket, as the web app does, optionally resuming after `after`. */
export async function connectProgressSocket(token: string, after?: number): Promise<ProgressSocket> {
  const ticket = await wsTicket(token);
  return accept(await upgrade({ ticket, ...(after !== undefined ? { after: String(after) } : {}) }));
}
