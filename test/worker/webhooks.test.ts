/**
 * Webhooks as a user and a receiver see them: endpoints and their secret, the URL policy, the
 * Standard Webhooks signature checked by the independent `standardwebhooks` package, retries
 * with the queue's own delays and the same webhook-id, the delivery log, disabling an endpoint
 * that keeps failing, and `job.finished` arriving when a real job ends.
 */
import { env } from "cloudflare:test";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { describe, expect, it, vi } from "vitest";
import { getDb } from "../../src/db/client";
import { findWebhook } from "../../src/db/webhooks";
import { MAX_ATTEMPTS, RETRY_DELAYS_SECONDS } from "../../src/domain/webhook-retry";
import { checkWebhookUrl } from "../../src/domain/webhook-url";
import { emitJobFinished, sendTestEvent } from "../../src/services/events";
import { channelIdFor, playlistSize, sourceVideoId, uploadsPlaylistOf } from "../support/fake-sources-data";
import { addVideos, call, callJson, createList, expectErrorResponse, signUp, ytId } from "./helpers";
import { useFakeUpstream } from "./support/fake-upstream-fetch";
import { deliver, waitForJob } from "./support/jobs";
import { installReceiver } from "./support/webhook-receiver";

vi.setConfig({ testTimeout: 20_000 });
const upstream = useFakeUpstream();

async function newHook(token: string, url: string, events = ["job.finished"]) {
  return callJson("/api/webhooks", { token, body: { url, events }, expect: 201 });
}

/** Deliveries rows written, but not on the real queue: the test hands the messages over itself. */
const unqueued = { ...env, WEBHOOKS_QUEUE: { send: async () => {}, sendBatch: async () => {} } } as never;

/** One delivery attempt through the real webhooks consumer, as the queue would hand it over. */
const attempt = (deliveryId: string, attempts = 1) =>
  deliver([{ kind: "webhook", deliveryId }], attempts, env, "webhooks");

const deliveries = (token: string, hookId: string) =>
  callJson(`/api/webhooks/${hookId}/deliveries`, { token, expect: 200 });

describe("endpoints", () => {
  it("shows the secret once, lists endpoints without it, and keeps it sealed in D1", async () => {
    const { token, userId } = await signUp("hooks");
    const created = await newHook(token, "https://hooks.example.com/a", ["job.finished", "subscription.added"]);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(atob(created.secret.slice(6)).length).toBeGreaterThanOrEqual(24);
    expect(created).toMatchObject({ url: "https://hooks.example.com/a", disabledAt: null, disabledReason: null });

    const listed = await callJson("/api/webhooks", { token, expect: 200 });
    expect(listed.items).toEqual([{ ...created, secret: undefined }].map(({ secret: _, ...rest }) => rest));
    const row = await env.DB.prepare("SELECT * FROM webhooks WHERE user_id = ?").bind(userId).first<any>();
    expect(JSON.stringify(row)).not.toContain(created.secret.slice(6, 20));
  });

  it("takes https to public hosts only", async () => {
    const { token } = await signUp("hooks");
    for (const url of [
      "http://hooks.example.com/x",
      "http://127.0.0.1:9999/x",
      "https://localhost/x",
      "https://10.1.2.3/x",
      "https://192.168.0.10/x",
      "https://169.254.169.254/latest",
      "https://[::1]/x",
      "https://[fd00::1]/x",
      "https://router.local/x",
      "https://intranet/x",
      "ftp://hooks.example.com/x",
      "not a url",
      "https://user:pw@hooks.example.com/x",
    ]) {
      const error = await expectErrorResponse(
        await call("/api/webhooks", { token, body: { url, events: ["job.finished"] } }),
        422,
        "validation_failed",
      );
      expect(error.details, url).toEqual([{ path: "url", message: expect.any(String) }]);
    }
    expect((await callJson("/api/webhooks", { token, expect: 200 })).items).toEqual([]);
  });

  it("allows http to 127.0.0.1 and localhost only with ALLOW_INSECURE_WEBHOOKS", () => {
    expect(checkWebhookUrl("http://127.0.0.1:8790/hook", true)).toMatchObject({ ok: true });
    expect(checkWebhookUrl("http://localhost:8790/hook", true)).toMatchObject({ ok: true });
    expect(checkWebhookUrl("http://127.0.0.1:8790/hook", false)).toMatchObject({ ok: false });
    expect(checkWebhookUrl("http://hooks.example.com/hook", true)).toMatchObject({ ok: false });
    expect(checkWebhookUrl("http://10.0.0.1/hook", true)).toMatchObject({ ok: false });
  });

  it("caps endpoints per user at 10", async () => {
    const { token } = await signUp("hooks");
    for (let i = 0; i < 10; i++) await newHook(token, `https://hooks.example.com/${i}`);
    const error = await expectErrorResponse(
      await call("/api/webhooks", { token, body: { url: "https://hooks.example.com/11", events: ["job.finished"] } }),
      422,
      "limit_reached",
    );
    expect(error.details).toEqual({ limit: "webhooks", max: 10 });
    expect((await callJson("/api/webhooks", { token, expect: 200 })).items).toHaveLength(10);
    const usage = await callJson("/api/usage", { token, expect: 200 });
    expect(usage.limits.webhooks).toEqual({ max: 10, used: 10 });
  });

  it("answers 404 for another user's endpoint on every route", async () => {
    const owner = await signUp("owner");
    const other = await signUp("other");
    const hook = await newHook(owner.token, "https://hooks.example.com/mine");
    for (const [method, path] of [
      ["DELETE", `/api/webhooks/${hook.id}`],
      ["POST", `/api/webhooks/${hook.id}/test`],
      ["GET", `/api/webhooks/${hook.id}/deliveries`],
      ["DELETE", "/api/webhooks/whk_nope"],
    ] as const) {
      await expectErrorResponse(await call(path, { method, token: other.token }), 404, "not_found");
    }
    expect((await callJson("/api/webhooks", { token: other.token, expect: 200 })).items).toEqual([]);
    expect((await callJson("/api/webhooks", { token: owner.token, expect: 200 })).items).toHaveLength(1);
  });
});

describe("delivery", () => {
  it("signs every attempt so standardwebhooks verifies it, with the same webhook-id, until a 2xx", async () => {
    const { token, userId } = await signUp("hooks");
    const receiver = installReceiver();
    const hook = await newHook(token, receiver.url);
    let answers = [500, 503, 200];
    receiver.respond = () => new Response(`status ${answers[0]}`, { status: answers.shift() ?? 200 });

    const row = await findWebhook(getDb(env.DB), userId, hook.id);
    const deliveryId = await sendTestEvent(unqueued, row!);
    const first = await attempt(deliveryId, 1);
    expect(first.retryDelays).toEqual([RETRY_DELAYS_SECONDS[0]]);
    expect(first.retryDelays[0]).toBeLessThanOrEqual(10);
    const second = await attempt(deliveryId, 2);
    expect(second.retryDelays).toEqual([RETRY_DELAYS_SECONDS[1]]);
    const third = await attempt(deliveryId, 3);
    expect(third.retryDelays).toEqual([]);
    expect(third.explicitAcks).toEqual([expect.any(String)]);

    expect(receiver.received).toHaveLength(3);
    const verifier = new StandardWebhook(hook.secret);
    for (const request of receiver.received) {
      expect(request.headers["webhook-id"]).toBe(deliveryId);
      const payload = verifier.verify(request.body, request.headers) as any;
      expect(payload).toMatchObject({ type: "webhook.test", data: { webhookId: hook.id } });
    }
    // A changed body or a signature made with another secret does not verify.
    const [sample] = receiver.received;
    expect(() => verifier.verify(`${sample!.body} `, sample!.headers)).toThrow();
    expect(() => new StandardWebhook(`whsec_${btoa("x".repeat(32))}`).verify(sample!.body, sample!.headers)).toThrow();

    const log = await deliveries(token, hook.id);
    expect(log.items).toEqual([
      expect.objectContaining({
        id: deliveryId,
        event: "webhook.test",
        status: "delivered",
        attempts: 3,
        responseStatus: 200,
        deliveredAt: expect.any(String),
      }),
    ]);
    answers = [];
  });

  it("backs off from seconds to hours for about 24 h, then gives up; the excerpt stays short", async () => {
    const { token, userId } = await signUp("hooks");
    const receiver = installReceiver();
    const hook = await newHook(token, receiver.url);
    receiver.respond = () => new Response("x".repeat(10_000), { status: 500 });
    const deliveryId = await sendTestEvent(unqueued, (await findWebhook(getDb(env.DB), userId, hook.id))!);

    const delays: number[] = [];
    for (let n = 1; n <= MAX_ATTEMPTS; n++) {
      const result = await attempt(deliveryId, n);
      delays.push(...(result.retryDelays as number[]));
    }
    expect(delays).toEqual([...RETRY_DELAYS_SECONDS]);
    expect(delays[0]).toBeLessThan(60);
    expect(delays.some((d) => d >= 60 && d < 3600)).toBe(true);
    expect(delays.at(-1)).toBe(12 * 3600);
    const total = delays.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(24 * 3600);
    expect(total).toBeLessThan(27 * 3600);

    const [logged] = (await deliveries(token, hook.id)).items;
    expect(logged).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, responseStatus: 500, deliveredAt: null });
    expect(logged.responseExcerpt).toHaveLength(200);
    // Another copy of the message after the end sends nothing.
    await attempt(deliveryId, MAX_ATTEMPTS + 1);
    expect(receiver.received).toHaveLength(MAX_ATTEMPTS);
  });

  it("retries a receiver that does not answer in time, and says so in the log", async () => {
    const { token, userId } = await signUp("hooks");
    const receiver = installReceiver();
    const hook = await newHook(token, receiver.url);
    receiver.respond = () => {
      throw new DOMException("The operation timed out.", "TimeoutError");
    };
    const deliveryId = await sendTestEvent(unqueued, (await findWebhook(getDb(env.DB), userId, hook.id))!);
    expect((await attempt(deliveryId)).retryDelays).toEqual([RETRY_DELAYS_SECONDS[0]]);
    const [logged] = (await deliveries(token, hook.id)).items;
    expect(logged).toMatchObject({
      status: "pending",
      attempts: 1,
      responseStatus: null,
      error: "No answer within 10 s",
    });
  });

  it("disables an endpoint whose deliveries have failed for days, with the reason, and stops sending", async () => {
    const { token, userId } = await signUp("hooks");
    const receiver = installReceiver();
    const hook = await newHook(token, receiver.url);
    receiver.respond = () => new Response("down", { status: 502 });
    const db = getDb(env.DB);
    const deliveryId = await sendTestEvent(unqueued, (await findWebhook(db, userId, hook.id))!);
    await attempt(deliveryId);
    expect((await callJson("/api/webhooks", { token, expect: 200 })).items[0].disabledAt).toBeNull();

    const fourDaysAgo = new Date(Date.now() - 4 * 86_400_000).toISOString();
    await env.DB.prepare("UPDATE webhooks SET failing_since = ? WHERE id = ?").bind(fourDaysAgo, hook.id).run();
    const result = await attempt(deliveryId, 2);
    expect(result.retryDelays).toEqual([]);
    const [endpoint] = (await callJson("/api/webhooks", { token, expect: 200 })).items;
    expect(endpoint.disabledAt).toEqual(expect.any(String));
    expect(endpoint.disabledReason).toContain("HTTP 502");
    expect((await deliveries(token, hook.id)).items[0]).toMatchObject({ status: "failed", attempts: 2 });

    // Disabled: no new deliveries, and a test send is refused.
    await emitJobFinished(env, userId, { id: "job_x" } as never);
    expect((await deliveries(token, hook.id)).items).toHaveLength(1);
    await expectErrorResponse(await call(`/api/webhooks/${hook.id}/test`, { method: "POST", token }), 409, "conflict");
  });

  it("a success clears the failing streak", async () => {
    const { token, userId } = await signUp("hooks");
    const receiver = installReceiver();
    const hook = await newHook(token, receiver.url);
    const db = getDb(env.DB);
    await env.DB.prepare("UPDATE webhooks SET failing_since = ? WHERE id = ?")
      .bind(new Date(Date.now() - 86_400_000).toISOString(), hook.id)
      .run();
    await attempt(await sendTestEvent(unqueued, (await findWebhook(db, userId, hook.id))!));
    expect((await findWebhook(db, userId, hook.id))?.failingSince).toBeNull();
  });

  it("deleting an endpoint drops its queued attempts", async () => {
    const { token, userId } = await signUp("hooks");
    const receiver = installReceiver();
    const hook = await newHook(token, receiver.url);
    const deliveryId = await sendTestEvent(unqueued, (await findWebhook(getDb(env.DB), userId, hook.id))!);
    expect((await call(`/api/webhooks/${hook.id}`, { method: "DELETE", token })).status).toBe(204);
    const result = await attempt(deliveryId);
    expect(result.explicitAcks).toHaveLength(1);
    expect(receiver.received).toHaveLength(0);
  });
});

describe("events", () => {
  it("job.finished reaches the receiver through the real queue when a job ends, with the Job as data", async () => {
    const { token } = await signUp("hooks");
    const receiver = installReceiver();
    const hook = await newHook(token, receiver.url);
    const other = await newHook(token, `${receiver.origin}/subs-only`, ["subscription.added"]);
    const list = await createList(token);
    await addVideos(token, list.id, [ytId(1), ytId(2)]);
    const job = await callJson(`/api/lists/${list.id}/process`, { token, body: {}, expect: 201 });
    const done = await waitForJob(token, job.id);
    expect(done.status).toBe("completed");

    const deadline = Date.now() + 10_000;
    while (receiver.received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request!.url).toBe(receiver.url);
    const payload = new StandardWebhook(hook.secret).verify(request!.body, request!.headers) as any;
    expect(payload.type).toBe("job.finished");
    expect(payload.data).toMatchObject({ id: job.id, listId: list.id, status: "completed", total: 2, processed: 2 });
    expect(payload.data.finishedAt).toEqual(expect.any(String));
    expect((await deliveries(token, other.id)).items).toEqual([]);
  });

  it("subscription.added reaches the receiver when a check adds videos, with the subscription and those videos", async () => {
    const { token } = await signUp("hooks");
    const receiver = installReceiver();
    const hook = await newHook(token, receiver.url, ["subscription.added"]);
    const list = await createList(token);
    const sub = await callJson(`/api/lists/${list.id}/subscriptions`, {
      token,
      body: { url: "@hooked-12" },
      expect: 201,
    });
    const playlist = uploadsPlaylistOf(channelIdFor("@hooked-12"));
    const before = playlistSize(upstream().sources, playlist, 12);
    upstream().sources.publish(playlist, 2);
    const fresh = [sourceVideoId(playlist, before + 1), sourceVideoId(playlist, before)];
    // A check that adds nothing emits nothing: the first event below is the one with videos.
    await callJson(`/api/subscriptions/${sub.id}/check`, { token, method: "POST", expect: 200 });

    const deadline = Date.now() + 10_000;
    while (receiver.received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(receiver.received).toHaveLength(1);
    const payload = new StandardWebhook(hook.secret).verify(
      receiver.received[0]!.body,
      receiver.received[0]!.headers,
    ) as any;
    expect(payload.type).toBe("subscription.added");
    expect(payload.data.subscription).toMatchObject({ id: sub.id, listId: list.id, kind: "channel" });
    expect(new Set(payload.data.videos.map((v: any) => v.youtubeId))).toEqual(new Set(fresh));
  });

  it("POST /test answers 202 and the test event arrives", async () => {
    const { token } = await signUp("hooks");
    const receiver = installReceiver();
    const hook = await newHook(token, receiver.url, ["subscription.added"]);
    const res = await call(`/api/webhooks/${hook.id}/test`, { method: "POST", token });
    expect(res.status).toBe(202);
    const { deliveryId } = await res.json<any>();
    const deadline = Date.now() + 10_000;
    while (receiver.received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(receiver.received[0]?.headers["webhook-id"]).toBe(deliveryId);
  });
});
