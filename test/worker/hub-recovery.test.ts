import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { getDb } from "../../src/db/client";
import { insertJobClaimingVideos } from "../../src/db/jobs";
import { hubFor } from "../../src/durable/hub-client";
import type { ProgressHub } from "../../src/durable/progress-hub";
import { addVideos, createList, signUp, ytId } from "./helpers";
import { useFakeUpstream } from "./support/fake-upstream-fetch";
import { deliver, hubStub, jobRow, startJobWithoutSending } from "./support/jobs";

useFakeUpstream();

describe("the hub recovers what it missed", () => {
  it("adopts a job from D1 when its start never reached the hub, and counts it exactly", async () => {
    const { token, userId } = await signUp();
    const list = await createList(token, { name: "Adopted" });
    await addVideos(token, list.id, [ytId(1), ytId(2), ytId(3)]);
    const ids = (
      await env.DB.prepare("SELECT id, youtube_id FROM videos WHERE list_id = ?")
        .bind(list.id)
        .all<{ id: string; youtube_id: string }>()
    ).results;
    const job = await insertJobClaimingVideos(
      getDb(env.DB),
      {
        id: `job_adopt_${crypto.randomUUID()}`,
        userId,
        listId: list.id,
        force: false,
        pipelineVersion: "p1-test",
        idempotencyKey: null,
      },
      ids.map((row) => row.id),
    );
    await deliver(
      ids.map((row) => ({
        kind: "video",
        jobId: job.id,
        userId,
        listId: list.id,
        videoId: row.id,
        youtubeId: row.youtube_id,
      })),
    );
    expect(await jobRow(job.id)).toMatchObject({ status: "completed", total: 3, processed: 3, failed: 0 });
  });

  it("never adopts another user's job", async () => {
    const owner = await signUp();
    const list = await createList(owner.token, { name: "Mine" });
    await addVideos(owner.token, list.id, [ytId(1)]);
    const { job } = await startJobWithoutSending(owner.userId, list.id);
    const intruder = await signUp();
    expect(await hubFor(env, intruder.userId).report(job.id, [{ videoId: "vid_x", status: "completed" }])).toEqual({
      counted: 0,
      status: null,
    });
    expect(await jobRow(job.id)).toMatchObject({ processed: 0 });
  });

  it("writes the final state to D1 from its alarm when the finishing write failed", async () => {
    const { token, userId } = await signUp();
    const list = await createList(token, { name: "Flaky D1" });
    await addVideos(token, list.id, [ytId(1), ytId(2)]);
    const { job, messages } = await startJobWithoutSending(userId, list.id);
    const hub = hubFor(env, userId);
    const stub = hubStub(userId);
    await deliver(messages.slice(0, 1));

    // The hub's own D1 writes fail while the last video is reported…
    await swapHubD1(stub, failingD1());
    // The count is durable in the hub, so the report succeeds; only D1's copy lags behind.
    expect(await hub.report(job.id, [{ videoId: messages[1]!.videoId, status: "completed" }])).toEqual({
      counted: 1,
      status: "completed",
    });
    expect(await jobRow(job.id)).toMatchObject({ status: "running" });

    // …then D1 is back, and the alarm writes what the hub already counted.
    await swapHubD1(stub, env.DB);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await jobRow(job.id)).toMatchObject({ status: "completed", processed: 2, failed: 0 });
  });
});

/** Replaces the D1 binding a live hub instance uses (its `env` is a plain field). */
async function swapHubD1(hub: DurableObjectStub<ProgressHub>, db: D1Database) {
  await runInDurableObject(hub, (instance: ProgressHub) => {
    const mutable = instance as unknown as { env: Cloudflare.Env };
    mutable.env = { ...mutable.env, DB: db };
  });
}

function failingD1(): D1Database {
  const fail = () => {
    throw new Error("D1_ERROR: simulated outage");
  };
  return { prepare: fail, batch: fail, exec: fail, dump: fail, withSession: fail } as unknown as D1Database;
}
