/**
 * What the ProgressHub accepts from its sockets. The Worker authenticates the upgrade and names
 * the credential in CREDENTIAL_HEADER; the hub tags the socket with it, so revoking a credential
 * finds its sockets with `getWebSockets(tag)`, also after hibernation.
 *
 * Pings in their canonical form are answered by the runtime and never reach the object; whatever
 * does reach it is checked here: text, at most MAX_CLIENT_FRAME_BYTES, a ClientFrame, and at most
 * FRAMES_PER_WINDOW per socket in FRAME_WINDOW_MS. Anything else closes the socket with 1008.
 */
import { MAX_CLIENT_FRAME_BYTES } from "../shared/constants";
import { ClientFrame } from "../shared/protocol";

/** Set by the Worker on the upgrade it forwards; the hub is not reachable any other way. */
export const CREDENTIAL_HEADER = "X-Tubelist-Credential";
/** Open sockets per user (every tab holds one). */
export const MAX_SOCKETS_PER_USER = 20;
const FRAMES_PER_WINDOW = 20;
const FRAME_WINDOW_MS = 10_000;

const encoder = new TextEncoder();

export const credentialTag = (credentialId: string) => `credential:${credentialId}`;

export type FrameVerdict = { ok: true; frame: ClientFrame } | { ok: false; why: string };

export class FrameGate {
  /** Per socket, in memory: a window lost on hibernation only starts a new one. */
  private readonly windows = new WeakMap<WebSocket, { start: number; count: number }>();

  check(ws: WebSocket, message: string | ArrayBuffer, now = Date.now()): FrameVerdict {
    const window = this.windows.get(ws);
    if (!window || now - window.start >= FRAME_WINDOW_MS) this.windows.set(ws, { start: now, count: 1 });
    else if (++window.count > FRAMES_PER_WINDOW) return { ok: false, why: "too many frames" };
    if (typeof message !== "string") return { ok: false, why: "binary frame" };
    if (message.length > MAX_CLIENT_FRAME_BYTES || encoder.encode(message).byteLength > MAX_CLIENT_FRAME_BYTES) {
      return { ok: false, why: "frame too large" };
    }
    const frame = ClientFrame.safeParse(parseJson(message));
    return frame.success ? { ok: true, frame: frame.data } : { ok: false, why: "unknown frame" };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
