/**
 * Watches the fake upstream from the outside: a second `request` listener on its HTTP server
 * (it reads neither body nor answer) records when each call arrived and finished, so the bench
 * can see how many calls the Worker had in flight at once. The fake's own `/__stats` counts
 * calls and ids; this adds concurrency and timing.
 */
import type { Server } from "node:http";

export type ProbeEndpoint = "videos" | "oembed" | "generateContent" | "other";

export interface CallRecord {
  endpoint: ProbeEndpoint;
  start: number;
  end: number;
}

export interface UpstreamProbe {
  reset(): void;
  calls(): CallRecord[];
  maxInFlight(endpoint: ProbeEndpoint): number;
}

const endpointOf = (url: string): ProbeEndpoint => {
  if (url.startsWith("/youtube/v3/videos")) return "videos";
  if (url.startsWith("/oembed")) return "oembed";
  if (url.includes(":generateContent")) return "generateContent";
  return "other";
};

export function probeUpstream(server: Server): UpstreamProbe {
  let records: CallRecord[] = [];
  let inFlight = new Map<ProbeEndpoint, number>();
  let peak = new Map<ProbeEndpoint, number>();
  server.on("request", (req, res) => {
    const endpoint = endpointOf(req.url ?? "");
    if (endpoint === "other") return;
    const record: CallRecord = { endpoint, start: Date.now(), end: 0 };
    const now = (inFlight.get(endpoint) ?? 0) + 1;
    inFlight.set(endpoint, now);
    peak.set(endpoint, Math.max(peak.get(endpoint) ?? 0, now));
    const done = () => {
      if (record.end) return;
      record.end = Date.now();
      inFlight.set(endpoint, (inFlight.get(endpoint) ?? 1) - 1);
      records.push(record);
    };
    res.once("finish", done);
    res.once("close", done);
  });
  return {
    reset() {
      records = [];
      inFlight = new Map();
      peak = new Map();
    },
    calls: () => records,
    maxInFlight: (endpoint) => peak.get(endpoint) ?? 0,
  };
}
