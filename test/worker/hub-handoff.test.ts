/**
 * The start hand-off from the Worker to the user's hub: a failed attempt is retried within the
 * request; a hand-off that keeps failing leaves the job committed and running in D1 (revision 0)
 * for the every-minute orphan sweep (the Cron Trigger), which hands it over so the job runs and
 * the list never stays locked.
 */
import { createExecutionContext, createScheduledController, env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { addVideos, BASE, callJson, createList, signUp, ytId } from "./helpers";
import { useFakeUpstream } from "./support/fake-upstream-fetch";
import { expectJobOverAndCounted, getJob, jobRow, waitForJob, withHubOverrides } from "./support/jobs";

useFakeUpstream();
vi.setConfig({ testTimeout: 30_000 });

/** POST /process as the user, through the Worker's fetch handler with these bindings. */
async function processWith(bindings: Cloudflare.Env, token: string, listId: string) {
  const res = await worker.fetch(
    new Request(`${BASE}/api/lists/${listId}/process`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: "{}",
    }),
    bindings,
    createExecutionContext(),
  );
  return { status: res.status, body: (await res.json()) as any };
}

async function sweep() {
  await worker.scheduled(createScheduledController({ cron: "* * * * *" }), env);
}

async function listOf(count: number) {
  const { token, userId } = await signUp("handoff");
  const list = await createList(token, { name: "Hand-off" });
  await addVideos(
    token,
    list.id,
    Array.from({ length: count }, (_, i) => ytId(i)),
  );
  return { token, userId, listId: list.id };
}

describe("handing a committed job to its hub", () => {
  it("retries a failed hand-off within the request, and the job runs", async () => {
    const { token, listId } = await listOf(6);
    let attempts = 0;
    const flaky = withHubOverrides({
      adoptJob: async (real, ...args) => {
        attempts++;
        if (attempts === 1) throw new Error("Network connection lost.");
        return real(...args);
      },
    });
    const { status, body } = await processWith(flaky, token, listId);
    expect(status).toBe(201);
    expect(attempts).toBe(2);
    expect(body).toMatchObject({ status: "running", total: 6 });
    expect(await waitForJob(token, body.id)).toMatchObject({ status: "completed", processed: 6 });
    expectJobOverAndCounted(await getJob(token, body.id));
  });

  it("leaves a job whose hand-off keeps failing to the orphan sweep, which starts it", async () => {
    const { token, listId } = await listOf(5);
    const down = withHubOverrides({
      adoptJob: async () => {
        throw new Error("Durable Object reset because its code was updated.");
      },
    });
    const { status, body } = await processWith(down, token, listId);
    // Committed, so the request succeeds: the job is there and will run.
    expect(status).toBe(201);
    expect(await jobRow(body.id)).toMatchObject({ status: "running", revision: 0 });
    await callJson(`/api/lists/${listId}/process`, { token, body: {}, expect: 409 });

    // Too young for the sweep: a hand-off may still be under way.
    await sweep();
    expect(await jobRow(body.id)).toMatchObject({ revision: 0 });
    expect(await getJob(token, body.id)).toMatchObject({ videos: { queued: 5 } });

    await env.DB.prepare(
      "UPDATE jobs SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 minutes') WHERE id = ?",
    )
      .bind(body.id)
      .run();
    await sweep();
    expect((await jobRow(body.id)).revision).toBeGreaterThan(0);
    expect(await waitForJob(token, body.id)).toMatchObject({ status: "completed", processed: 5 });
    expectJobOverAndCounted(await getJob(token, body.id));
    // And the list takes a new job again.
    await callJson(`/api/lists/${listId}/process`, { token, body: { force: true }, expect: 201 });
  });
});
