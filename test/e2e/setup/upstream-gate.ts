import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

/**
 * A pass-through in front of the fake upstream that can hold requests. Jobs in this app finish a
 * queue batch at a time, so without a way to hold them a test could never reliably act "mid-job"
 * (cancel, drop the socket, open a second tab). A test closes the gate, starts a job, does its
 * thing while the Worker's upstream calls wait, then opens the gate: states, not sleeps.
 *
 *   POST /__gate {"hold": true}       hold every upstream call
 *   POST /__gate {"hold": "abc123"}   hold only calls whose URL or body contains "abc123"
 *   POST /__gate {"hold": false}      release everything held and stop holding
 *   GET  /__gate                      {"holding": …, "held": <calls waiting now>}
 * Anything else is forwarded to the fake upstream (including its /__stats and /__faults).
 */
export interface UpstreamGate {
  url: string;
  close(): Promise<void>;
}

type Hold = boolean | string;

export async function startUpstreamGate(target: string, port: number): Promise<UpstreamGate> {
  let hold: Hold = false;
  let waiting: (() => void)[] = [];

  const release = () => {
    const now = waiting;
    waiting = [];
    for (const go of now) go();
  };
  const holds = (text: string) => hold === true || (typeof hold === "string" && hold !== "" && text.includes(hold));

  async function control(req: IncomingMessage, res: ServerResponse, body: string) {
    if (req.method === "POST") {
      const next = (JSON.parse(body || "{}") as { hold?: Hold }).hold ?? false;
      hold = next;
      // Calls already waiting that the new rule no longer holds go on now.
      if (next === false) release();
    }
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ holding: hold, held: waiting.length }));
  }

  async function forward(req: IncomingMessage, res: ServerResponse, body: string) {
    if (holds(`${req.url} ${body}`)) {
      await new Promise<void>((go) => waiting.push(go));
      // The Worker gave up waiting (its upstream timeout): nobody to answer.
      if (res.destroyed) return;
    }
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) {
      if (typeof value === "string" && !["host", "content-length", "connection"].includes(key)) headers[key] = value;
    }
    try {
      const answer = await fetch(`${target}${req.url}`, {
        method: req.method,
        headers,
        body: req.method === "GET" || req.method === "HEAD" ? undefined : body,
      });
      const out: Record<string, string> = {};
      answer.headers.forEach((value, key) => {
        if (!["content-length", "content-encoding", "transfer-encoding", "connection"].includes(key)) out[key] = value;
      });
      const text = await answer.text();
      res.writeHead(answer.status, out);
      res.end(text);
    } catch (error) {
      res.writeHead(502, { "Content-Type": "text/plain" });
      res.end(`upstream gate: ${String(error)}`);
    }
  }

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    if (req.url?.startsWith("/__gate")) await control(req, res, body);
    else await forward(req, res, body);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));

  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        release();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
