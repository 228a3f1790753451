/**
 * Token scopes. Every write route is found in the app's own route table, so a route added later
 * is covered without touching this file: a `read` token gets 403 `forbidden` on each, aimed at the
 * caller's real resources, and the database stays exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { addVideos, call, callJson, createList, expectErrorResponse, signUp, ytId } from "./helpers";
import { snapshot } from "./support/db-snapshot";
import { type FakeUpstream, installFakeUpstream } from "./support/fake-upstream-fetch";
import { deliver, startJobWithoutSending } from "./support/jobs";

/** Routes anyone may call: a token, whatever its scope, changes nothing about them. */
const PUBLIC_WRITES = new Set(["POST /api/auth/register", "POST /api/auth/login"]);
const READ_METHODS = new Set(["GET", "HEAD", "ALL"]);

const writeRoutes = [
  ...new Set(
    app.routes
      .filter((route) => route.path.startsWith("/api/") && !READ_METHODS.has(route.method))
      .map((route) => `${route.method} ${route.path}`),
  ),
].filter((route) => !PUBLIC_WRITES.has(route));

let write: string;
let read: string;
/** A real id of the caller's for each `:id` segment, by the resource it follows. */
const ids: Record<string, string> = {};

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = installFakeUpstream();
  const user = await signUp("scopes");
  write = user.token;
  read = (await callJson("/api/tokens", { token: write, body: { name: "reader", scope: "read" }, expect: 201 })).token;
  const list = await createList(write, { name: "Scoped" });
  const [video] = await addVideos(write, list.id, [ytId(1), ytId(2)]);
  const { job, messages } = await startJobWithoutSending(user.userId, list.id);
  await deliver(messages);
  const other = await callJson("/api/tokens", { token: write, body: { name: "other" }, expect: 201 });
  const sessions = await callJson("/api/sessions", { token: write, expect: 200 });
  Object.assign(ids, {
    lists: list.id,
    videos: video?.id,
    jobs: job.id,
    tokens: other.id,
    sessions: sessions.items[0].id,
  });
});

afterAll(() => upstream.restore());

const withIds = (path: string) =>
  path.replace(/\/([a-z-]+)\/:id/g, (_, resource: string) => `/${resource}/${ids[resource] ?? "unknown"}`);

describe("a read token", () => {
  it("finds the write routes to check in the app's routes", () => {
    expect(writeRoutes).toEqual(
      expect.arrayContaining([
        "POST /api/lists",
        "PATCH /api/lists/:id",
        "DELETE /api/videos/:id",
        "POST /api/jobs/:id/cancel",
        "POST /api/auth/logout",
        "POST /api/ws/ticket",
      ]),
    );
  });

  it.each(writeRoutes)("%s → 403 forbidden, and nothing changes", async (route) => {
    const [method, path] = route.split(" ") as [string, string];
    const before = await snapshot();
    const error = await expectErrorResponse(
      await call(withIds(path), { token: read, method, body: {} }),
      403,
      "forbidden",
    );
    expect(error.message).toMatch(/read-only/);
    expect(await snapshot()).toEqual(before);
  });

  it("reads everything a write token reads", async () => {
    for (const path of [
      "/api/me",
      "/api/lists",
      `/api/lists/${ids.lists}/videos`,
      `/api/jobs/${ids.jobs}`,
      "/api/tokens",
    ]) {
      const res = await call(path, { token: read });
      expect(res.status, path).toBe(200);
      await res.body?.cancel();
    }
  });

  it("is listed with its scope; tokens are write by default", async () => {
    const { items } = await callJson("/api/tokens", { token: write, expect: 200 });
    expect(Object.fromEntries(items.map((t: { name: string; scope: string }) => [t.name, t.scope]))).toEqual({
      reader: "read",
      other: "write",
    });
  });
});

describe("the OpenAPI document", () => {
  it("lists the session and ticket routes and documents the 403 on every authenticated write, and on no read", async () => {
    const doc: any = await callJson("/api/openapi.json", { expect: 200 });
    const operations = Object.entries(doc.paths).flatMap(([path, methods]: [string, any]) =>
      Object.entries(methods).map(([method, op]: [string, any]) => ({ route: `${method} ${path}`, method, op })),
    );
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/sessions", "/sessions/{id}", "/auth/password", "/ws/ticket"]),
    );
    expect(doc.paths["/ws/ticket"].post.description).toMatch(/4401/);
    const writes = operations.filter(({ method, op }) => method !== "get" && op.security?.length);
    expect(writes.length).toBeGreaterThan(10);
    for (const { route, op } of writes) expect(op.responses, route).toHaveProperty("403");
    for (const { route, op } of operations.filter(({ method }) => method === "get")) {
      expect(op.responses, route).not.toHaveProperty("403");
    }
  });
});

describe("token expiry", () => {
  it("takes an optional expiresAt in the future, stored as an ISO time, after which the token is refused", async () => {
    const { token } = await signUp("expiry");
    const soon = new Date(Date.now() + 1500);
    const created = await callJson("/api/tokens", {
      token,
      body: { name: "brief", expiresAt: soon.toISOString().replace("Z", "+00:00") },
      expect: 201,
    });
    expect(created.expiresAt).toBe(soon.toISOString());
    expect((await call("/api/me", { token: created.token })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    await expectErrorResponse(await call("/api/me", { token: created.token }), 401, "unauthorized");
  });

  it.each([
    ["a time in the past", { expiresAt: "2020-01-01T00:00:00.000Z" }],
    ["not a time", { expiresAt: "tomorrow" }],
    ["an unknown scope", { scope: "admin" }],
  ])("refuses %s with 422, creating nothing", async (_label, extra) => {
    const { token } = await signUp("expiry-bad");
    const error = await expectErrorResponse(
      await call("/api/tokens", { token, body: { name: "bad", ...extra } }),
      422,
      "validation_failed",
    );
    expect(error.details.map((d: { path: string }) => d.path)).toEqual(Object.keys(extra));
    expect((await callJson("/api/tokens", { token, expect: 200 })).items).toEqual([]);
  });
});
