import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ProgressEvent } from "../../src/shared/protocol";
import { addVideos, BASE, callJson, createList, signUp, ytId } from "./helpers";
import { useFakeUpstream } from "./support/fake-upstream-fetch";
import { deliver, startJobWithoutSending } from "./support/jobs";
import { connectProgressSocket } from "./support/progress-socket";

useFakeUpstream();

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

async function userWithJob(size: number) {
  const user = await signUp();
  const list = await createList(user.token, { name: "Live" });
  await addVideos(
    user.token,
    list.id,
    Array.from({ length: size }, (_, i) => ytId(i)),
  );
  return { ...user, list };
}

describe("live progress over hibernatable WebSockets", () => {
  it("refuses a bad token with 401 before upgrading", async () => {
    const res = await exports.default.fetch(`${BASE}/api/ws/progress?token=nope`, {
      headers: { Upgrade: "websocket" },
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).error.code).toBe("unauthorized");
  });

  it("sends a snapshot first, then every event of the user's jobs to every open tab, and none to another user", async () => {
    const a = await userWithJob(20);
    const b = await signUp();
    const tab1 = await connectProgressSocket(a.token);
    const tab2 = await connectProgressSocket(a.token);
    const stranger = await connectProgressSocket(b.token);
    await settle();
    expect(tab1.frames[0]).toEqual({ type: "snapshot", jobs: [] });

    const { job, messages } = await startJobWithoutSending(a.userId, a.list.id);
    await deliver(messages.slice(0, 10));
    await deliver(messages.slice(10));
    await settle();

    for (const tab of [tab1, tab2]) {
      const events = tab.progress();
      expect(events[0]).toMatchObject({ jobId: job.id, status: "running", processed: 0, total: 20 });
      expect(events.at(-1)).toMatchObject({
        jobId: job.id,
        status: "completed",
        processed: 20,
        failed: 0,
        progress: 100,
      });
      const seqs = events.map((event) => event.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    }
    expect(tab1.progress().map((e) => e.seq)).toEqual(tab2.progress().map((e) => e.seq));
    expect(stranger.frames).toEqual([{ type: "snapshot", jobs: [] }]);
    for (const socket of [tab1, tab2, stranger]) socket.close();
  });

  it("replays exactly the missed events after a reconnect with `after`, then continues live", async () => {
    const a = await userWithJob(30);
    const tab = await connectProgressSocket(a.token);
    const { job, messages } = await startJobWithoutSending(a.userId, a.list.id);
    await deliver(messages.slice(0, 10));
    await settle();
    const seen = tab.progress();
    const lastSeen = seen.at(-1)!.seq;
    tab.close();

    await deliver(messages.slice(10, 20));
    await settle();
    const back = await connectProgressSocket(a.token, lastSeen);
    await settle();
    const snapshot = back.frames[0];
    expect(snapshot).toMatchObject({ type: "snapshot", jobs: [{ id: job.id, status: "running" }] });

    const history = await callJson(`/api/jobs/${job.id}/progress-history?after=${lastSeen}&limit=500`, {
      token: a.token,
      expect: 200,
    });
    expect(back.progress().map((e) => e.seq)).toEqual(history.items.map((e: ProgressEvent) => e.seq));
    expect(back.progress().every((e) => e.seq > lastSeen)).toBe(true);

    await deliver(messages.slice(20));
    await settle();
    expect(back.progress().at(-1)).toMatchObject({ status: "completed", processed: 30 });
    back.close();
  });

  it("coalesces events: far fewer frames than videos, with first, status changes and the final one", async () => {
    const a = await userWithJob(200);
    const tab = await connectProgressSocket(a.token);
    const { job, messages } = await startJobWithoutSending(a.userId, a.list.id);
    for (let i = 0; i < 200; i += 10) await deliver(messages.slice(i, i + 10));
    await settle();
    const events = tab.progress().filter((e) => e.jobId === job.id);
    expect(events.length).toBeLessThan(40);
    expect(events[0]!.message).toMatch(/Started/);
    expect(events.at(-1)).toMatchObject({ status: "completed", processed: 200, failed: 0 });
    tab.close();
  });

  it("sends nothing for a duplicate delivery: no new event, no frame", async () => {
    const a = await userWithJob(10);
    const { job, messages } = await startJobWithoutSending(a.userId, a.list.id);
    await deliver(messages.slice(0, 5));
    // Let the coalescing window (250 ms) pass, so the first delivery's event is already out.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const history = async () =>
      (await callJson(`/api/jobs/${job.id}/progress-history?limit=500`, { token: a.token, expect: 200 })).items.length;
    const before = await history();
    const tab = await connectProgressSocket(a.token);
    await deliver(messages.slice(0, 5));
    await settle();
    expect(await history()).toBe(before);
    expect(tab.progress()).toEqual([]);
    tab.close();
  });

  it("answers ping with pong", async () => {
    const a = await signUp();
    const tab = await connectProgressSocket(a.token);
    tab.ws.send(JSON.stringify({ type: "ping" }));
    await settle();
    expect(tab.frames).toContainEqual({ type: "pong" });
    tab.close();
  });

  it("pages progress history in ascending seq", async () => {
    const a = await userWithJob(15);
    const { job, messages } = await startJobWithoutSending(a.userId, a.list.id);
    for (const message of messages) await deliver([message]);
    const all: ProgressEvent[] = [];
    let after = 0;
    for (;;) {
      const page = await callJson(`/api/jobs/${job.id}/progress-history?after=${after}&limit=2`, {
        token: a.token,
        expect: 200,
      });
      all.push(...page.items);
      if (page.nextAfter === null) break;
      after = page.nextAfter;
    }
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(all.map((e) => e.seq)).toEqual([...new Set(all.map((e) => e.seq))].sort((x, y) => x - y));
    expect(all.at(-1)).toMatchObject({ status: "completed", processed: 15 });
  });
});
