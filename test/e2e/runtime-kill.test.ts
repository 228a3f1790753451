import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { type DevServer, freePort, migrateLocalD1, startDevServer } from "../support/dev-server.ts";
import { type FakeUpstream, startFakeUpstream, upstreamVars } from "../support/fake-upstream.ts";
import { fakeYoutubeIds } from "./support/api";

/**
 * The whole local runtime (wrangler, workerd: the Worker, D1, the queue and the hub) SIGKILLed
 * in the middle of a job, then started again on the same state: the job still ends, with every
 * video counted exactly once. What was in flight is lost with the process; the hub's alarm (or
 * its next wake-up) finds the job stalled and sends its window again.
 */
describe("the runtime killed mid-job", () => {
  const VIDEOS = 600;
  let persistTo: string;
  let fake: FakeUpstream;
  let server: DevServer | undefined;

  const start = async () =>
    startDevServer({
      persistTo,
      vars: {
        ...upstreamVars(fake.url, "kill"),
        // The fake has no limits: pace far above what the job sends (the default fits a free-tier key).
        GEMINI_RPM: "6000",
        YOUTUBE_QPS: "100",
        STALL_SECONDS: "3",
      },
    });

  afterAll(async () => {
    await server?.stop();
    await fake?.close();
    if (persistTo) await rm(persistTo, { recursive: true, force: true });
  });

  test("the job ends after a restart with exact counts", async () => {
    persistTo = await mkdtemp(join(tmpdir(), "tubelist-kill-"));
    fake = await startFakeUpstream({ port: await freePort(), latencyMs: 40 });
    await migrateLocalD1(persistTo);
    server = await start();

    const call = async (method: string, path: string, token?: string, body?: unknown) => {
      const response = await fetch(`${(server as DevServer).url}${path}`, {
        method,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${await response.text()}`);
      return (await response.json()) as any;
    };
    const { token } = await call("POST", "/api/auth/register", undefined, {
      email: `kill-${Date.now()}@example.com`,
      password: "correct horse battery",
    });
    const list = await call("POST", "/api/lists", token, {
      name: "Killed",
      fields: [{ key: "topic", label: "Topic", type: "text" }],
    });
    await call("POST", `/api/lists/${list.id}/videos/bulk`, token, { urls: fakeYoutubeIds("kill", VIDEOS) });
    const job = await call("POST", `/api/lists/${list.id}/process`, token, {});
    expect(job).toMatchObject({ status: "running", total: VIDEOS });

    // Some of the job done, most of it not: kill everything, as a crash or OOM would.
    await expect
      .poll(async () => (await call("GET", `/api/jobs/${job.id}`, token)).processed, { timeout: 60_000, interval: 100 })
      .toBeGreaterThan(0);
    const before = await call("GET", `/api/jobs/${job.id}`, token);
    expect(before.processed + before.failed).toBeLessThan(VIDEOS);
    process.kill(-(server.child.pid as number), "SIGKILL");
    await server.exited;

    server = await start();
    // Reading the job's history is a call to its hub: the first thing that wakes the hub after
    // the restart (if its own alarm is not sooner), and waking re-arms its alarm.
    await call("GET", `/api/jobs/${job.id}/progress-history`, token);
    await expect
      .poll(async () => (await call("GET", `/api/jobs/${job.id}`, token)).status, { timeout: 90_000, interval: 250 })
      .toBe("completed");
    const done = await call("GET", `/api/jobs/${job.id}`, token);
    expect(done).toMatchObject({ status: "completed", total: VIDEOS, processed: VIDEOS, failed: 0, progress: 100 });
    expect(done.videos).toEqual({ pending: 0, queued: 0, processing: 0, completed: VIDEOS, failed: 0 });
  });
});
