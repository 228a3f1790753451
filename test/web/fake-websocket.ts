/** A WebSocket stand-in the test drives by hand: open it, push frames, drop it. */
export class FakeWebSocket {
  static instances: FakeWebSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }

  static latest(): FakeWebSocket {
    const socket = FakeWebSocket.instances[FakeWebSocket.instances.length - 1];
    if (!socket) throw new Error("no socket was opened");
    return socket;
  }

  get after(): string | null {
    return new URL(this.url).searchParams.get("after");
  }

  send(data: string) {
    this.sent.push(data);
  }

  close() {
    this.drop();
  }

  open() {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }

  receive(frame: unknown) {
    this.onmessage?.(new MessageEvent("message", { data: JSON.stringify(frame) }));
  }

  /** The network goes away: error then close, as browsers report it. */
  drop() {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onerror?.(new Event("error"));
    this.onclose?.(new CloseEvent("close", { code: 1006 }));
  }
}

export const createFakeSocket = (url: string) => new FakeWebSocket(url) as unknown as WebSocket;
