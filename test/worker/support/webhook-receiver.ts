/**
 * A webhook receiver at the `fetch` boundary: requests to its origin are recorded and answered
 * by the test's `respond`; every other request goes on to whatever `fetch` was before (the fake
 * upstream, say). Installed for one test and removed after it.
 */
import { afterEach } from "vitest";

export interface Received {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface Receiver {
  origin: string;
  url: string;
  received: Received[];
  respond: (request: Received) => Response | Promise<Response>;
}

let installed: (() => void)[] = [];

afterEach(() => {
  for (const remove of installed.reverse()) remove();
  installed = [];
});

export function installReceiver(origin = "https://hooks.example.com"): Receiver {
  const receiver: Receiver = {
    origin,
    url: `${origin}/tubelist`,
    received: [],
    respond: () => new Response("ok"),
  };
  const previous = globalThis.fetch;
  const wrapper = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input as RequestInfo, init);
    if (!request.url.startsWith(origin)) return previous(input as RequestInfo, init);
    const received = {
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body: await request.text(),
    };
    receiver.received.push(received);
    return receiver.respond(received);
  }) as typeof fetch;
  globalThis.fetch = wrapper;
  // Someone else (the fake upstream's spy) may have put the original back already.
  installed.push(() => {
    if (globalThis.fetch === wrapper) globalThis.fetch = previous;
  });
  return receiver;
}
