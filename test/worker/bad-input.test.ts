/**
 * Bad input, table-driven: every request below is something a buggy client, a confused user or
 * an attacker could send. Each gets its documented status and error code (and, for 422, the
 * `details` paths), and each leaves the database exactly as it was: every table's rows are
 * snapshotted before and compared after (only `tokens.last_used_at` may move, as any
 * authenticated request touches it).
 *
 * Then hostile text that *is* valid (SQL and HTML in names and descriptions) is stored and
 * returned byte-for-byte, as inert JSON, with every table intact.
 */
import { env } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addVideos, allVideos, call, callJson, createList, expectErrorResponse, signUp, ytId } from "./helpers";
import { snapshot } from "./support/db-snapshot";
import { type FakeUpstream, installFakeUpstream } from "./support/fake-upstream-fetch";
import { deliver, jobRow, startJobWithoutSending } from "./support/jobs";

/** Ids the cases aim at, filled in by beforeAll. A is the caller; B is another user. */
interface Fixture {
  a: string;
  listA: string;
  videoA: string;
  otherListA: string;
  jobA: string;
  b: string;
  listB: string;
  videoB: string;
  viewB: string;
  pausedJobB: string;
  finishedJobB: string;
  /** A's unused progress-socket ticket, which no refused upgrade may use up. */
  ticketA: string;
  sessionB: string;
  /** A's list shared; B's webhook endpoint. */
  slugA: string;
  webhookB: string;
  /** B's subscription, for the foreign-id cases. */
  subscriptionB: string;
}
const f = {} as Fixture;

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = installFakeUpstream();
  const a = await signUp("bad-input-a");
  f.a = a.token;
  f.listA = (
    await createList(a.token, {
      name: "A's list",
      description: "untouched",
      fields: [{ key: "level", label: "Level", type: "enum", options: ["easy", "hard"] }],
    })
  ).id;
  f.videoA = (await addVideos(a.token, f.listA, [ytId(1), ytId(2)]))[0]!.id;
  // A finished job of A's own, for the progress-history query cases.
  const listA2 = await createList(a.token, { name: "A's processed list" });
  f.otherListA = listA2.id;
  await addVideos(a.token, listA2.id, [ytId(3)]);
  const jobA = await startJobWithoutSending(a.userId, listA2.id);
  await deliver(jobA.messages);
  f.jobA = jobA.job.id;
  expect(await jobRow(f.jobA)).toMatchObject({ status: "completed" });

  // B owns a paused job (pause/resume/cancel would apply to it) and a job that finished with a
  // failed video (retry would apply to it). Neither has work in flight, so nothing moves later.
  const b = await signUp("bad-input-b");
  f.b = b.token;
  f.listB = (await createList(b.token, { name: "B's list" })).id;
  f.videoB = (await addVideos(b.token, f.listB, [ytId(10), ytId(11)]))[0]!.id;
  f.viewB = (
    await callJson(`/api/lists/${f.listB}/views`, { token: b.token, body: { name: "B's", query: "" }, expect: 201 })
  ).id;
  const paused = await startJobWithoutSending(b.userId, f.listB);
  await callJson(`/api/jobs/${paused.job.id}/pause`, { token: b.token, method: "POST", expect: 200 });
  f.pausedJobB = paused.job.id;
  f.sessionB = (await callJson("/api/sessions", { token: b.token, expect: 200 })).items[0].id;
  f.ticketA = (await callJson("/api/ws/ticket", { token: a.token, method: "POST", expect: 200 })).ticket;
  const listB2 = await createList(b.token, { name: "B's other list" });
  await addVideos(b.token, listB2.id, [ytId(12), ytId(13)]);
  upstream.missing.add(ytId(13));
  const finished = await startJobWithoutSending(b.userId, listB2.id);
  await deliver(finished.messages);
  f.finishedJobB = finished.job.id;
  expect(await jobRow(f.finishedJobB)).toMatchObject({ status: "completed_with_errors", processed: 1, failed: 1 });
  f.slugA = (await callJson(`/api/lists/${f.listA}/share`, { token: a.token, method: "POST", expect: 200 })).slug;
  f.webhookB = (
    await callJson("/api/webhooks", {
      token: b.token,
      body: { url: "https://hooks.example.com/b", events: ["job.finished"] },
      expect: 201,
    })
  ).id;
  f.subscriptionB = (
    await callJson(`/api/lists/${f.listB}/subscriptions`, {
      token: b.token,
      body: { url: "@b-follows-5" },
      expect: 201,
    })
  ).id;
});
afterAll(() => upstream.restore());

// ─── Request builders ───────────────────────────────────────────────────────────────────────

type Send = () => Promise<Response>;
/** Who sends: A's token (resolved when the case runs) or no token (the auth routes). */
type As = "a" | "anonymous";
const tokenOf = (as: As) => (as === "a" ? f.a : undefined);
const json = (method: string, path: string, body: unknown, as: As = "a"): Send => {
  return () => call(path, { token: tokenOf(as), method, body });
};
const raw = (method: string, path: string, body: BodyInit, contentType: string, as: As = "a"): Send => {
  return () => call(path, { token: tokenOf(as), method, raw: body, headers: { "content-type": contentType } });
};
const get = (path: string): Send => {
  return () => call(path, { token: f.a });
};
const multipart = (path: string, parts: Record<string, string | Uint8Array>): Send => {
  return () => {
    const form = new FormData();
    for (const [name, value] of Object.entries(parts)) {
      form.set(name, typeof value === "string" ? value : new File([value], "videos.csv", { type: "text/csv" }));
    }
    return call(path, { token: f.a, method: "POST", raw: form });
  };
};

/** Paths are resolved when a case runs, after beforeAll has filled in the ids. */
const listA = () => `/api/lists/${f.listA}`;
const withVideoA =
  (make: (path: string) => Send): Send =>
  () =>
    make(`/api/videos/${f.videoA}`)();
const withList =
  (make: (base: string) => Send): Send =>
  () =>
    make(listA())();
const withJobA =
  (make: (base: string) => Send): Send =>
  () =>
    make(`/api/jobs/${f.jobA}`)();
/** For paths that name fixture ids: built when the case runs. */
const deferred =
  (make: () => Send): Send =>
  () =>
    make()();

const encoder = new TextEncoder();
const bytes = (text: string) => encoder.encode(text);
const base64Url = (text: string) => btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const validField = { key: "topic", label: "Topic", type: "text" };
const manyRowsCsv = (rows: number) =>
  `url\n${Array.from({ length: rows }, (_, i) => `https://youtu.be/${ytId(100_000 + i)}`).join("\n")}\n`;
const overOneMegabyte = "x".repeat(1024 * 1024 + 1);
const EMAIL = "someone-new@example.com";

// ─── The table ──────────────────────────────────────────────────────────────────────────────

/** [label, request, status, code, for 422 validation_failed: the exact `details` paths] */
type Case = [string, Send, number, string, string[]?];

const malformedJson: Case[] = [
  [
    "register: truncated JSON",
    raw("POST", "/api/auth/register", `{"email":"${EMAIL}","password":"long enough"`, "application/json", "anonymous"),
    400,
    "bad_request",
  ],
  [
    "login: single-quoted keys",
    raw("POST", "/api/auth/login", "{email: 'a@b.co', password: 'x'}", "application/json", "anonymous"),
    400,
    "bad_request",
  ],
  [
    "create token: trailing comma",
    raw("POST", "/api/tokens", '{"name":"ci",}', "application/json"),
    400,
    "bad_request",
  ],
  ["create list: truncated JSON", raw("POST", "/api/lists", '{"name":', "application/json"), 400, "bad_request"],
  ["patch list: bare word", withList((l) => raw("PATCH", l, "rename please", "application/json")), 400, "bad_request"],
  [
    "add video: unclosed string",
    withList((l) => raw("POST", `${l}/videos`, `{"url":"${ytId(50)}`, "application/json")),
    400,
    "bad_request",
  ],
  [
    "bulk add: unclosed array",
    withList((l) => raw("POST", `${l}/videos/bulk`, `{"urls":["${ytId(51)}"`, "application/json")),
    400,
    "bad_request",
  ],
  [
    "process: NaN literal",
    withList((l) => raw("POST", `${l}/process`, '{"force":NaN}', "application/json")),
    400,
    "bad_request",
  ],
  [
    "create list: two JSON documents",
    raw("POST", "/api/lists", '{"name":"a"}{"name":"b"}', "application/json"),
    400,
    "bad_request",
  ],
];

const wrongContentType: Case[] = [
  [
    "register as text/plain",
    raw(
      "POST",
      "/api/auth/register",
      JSON.stringify({ email: EMAIL, password: "long enough" }),
      "text/plain",
      "anonymous",
    ),
    400,
    "bad_request",
  ],
  [
    "login as a form",
    raw(
      "POST",
      "/api/auth/login",
      "email=a%40b.co&password=whatever1",
      "application/x-www-form-urlencoded",
      "anonymous",
    ),
    400,
    "bad_request",
  ],
  ["create token as text/plain", raw("POST", "/api/tokens", '{"name":"ci"}', "text/plain"), 400, "bad_request"],
  [
    "create list as form-urlencoded with a JSON-looking body",
    raw("POST", "/api/lists", '{"name":"Sneaky"}', "application/x-www-form-urlencoded"),
    400,
    "bad_request",
  ],
  ["create list as multipart", multipartJsonLookalike(), 400, "bad_request"],
  [
    "patch list as text/plain",
    withList((l) => raw("PATCH", l, '{"name":"Renamed"}', "text/plain")),
    400,
    "bad_request",
  ],
  [
    "add video as a form",
    withList((l) => raw("POST", `${l}/videos`, `url=${ytId(52)}`, "application/x-www-form-urlencoded")),
    400,
    "bad_request",
  ],
  [
    "bulk add as text/plain lines",
    withList((l) => raw("POST", `${l}/videos/bulk`, `${ytId(53)}\n${ytId(54)}`, "text/plain")),
    400,
    "bad_request",
  ],
  [
    "process as application/xml",
    withList((l) => raw("POST", `${l}/process`, "<process force='true'/>", "application/xml")),
    400,
    "bad_request",
  ],
  [
    "create list as application/jsonx (not JSON)",
    raw("POST", "/api/lists", '{"name":"x"}', "application/jsonx"),
    400,
    "bad_request",
  ],
  [
    "import as application/json",
    withList((l) => json("POST", `${l}/videos/import`, { url: ytId(55) })),
    400,
    "bad_request",
  ],
];

function multipartJsonLookalike(): Send {
  return () => {
    const form = new FormData();
    form.set("name", "Sneaky");
    return call("/api/lists", { token: f.a, method: "POST", raw: form });
  };
}

const fields = (...list: unknown[]) => ({ name: "Fields", fields: list });
const invalidBodies: Case[] = [
  // register and login
  [
    "register: empty object",
    json("POST", "/api/auth/register", {}, "anonymous"),
    422,
    "validation_failed",
    ["email", "password"],
  ],
  [
    "register: email is a number",
    json("POST", "/api/auth/register", { email: 42, password: "long enough" }, "anonymous"),
    422,
    "validation_failed",
    ["email"],
  ],
  [
    "register: email without @",
    json("POST", "/api/auth/register", { email: "not-an-email", password: "long enough" }, "anonymous"),
    422,
    "validation_failed",
    ["email"],
  ],
  [
    "register: 7-character password",
    json("POST", "/api/auth/register", { email: EMAIL, password: "1234567" }, "anonymous"),
    422,
    "validation_failed",
    ["password"],
  ],
  [
    "register: password is a number",
    json("POST", "/api/auth/register", { email: EMAIL, password: 12345678 }, "anonymous"),
    422,
    "validation_failed",
    ["password"],
  ],
  [
    "register: body is an array",
    json("POST", "/api/auth/register", [EMAIL, "long enough"], "anonymous"),
    422,
    "validation_failed",
    [""],
  ],
  [
    "login: missing password",
    json("POST", "/api/auth/login", { email: EMAIL }, "anonymous"),
    422,
    "validation_failed",
    ["password"],
  ],
  [
    "login: email is an array",
    json("POST", "/api/auth/login", { email: [EMAIL], password: "long enough" }, "anonymous"),
    422,
    "validation_failed",
    ["email"],
  ],
  // tokens
  ["create token: no name", json("POST", "/api/tokens", {}), 422, "validation_failed", ["name"]],
  ["create token: name is a number", json("POST", "/api/tokens", { name: 42 }), 422, "validation_failed", ["name"]],
  ["create token: blank name", json("POST", "/api/tokens", { name: "   " }), 422, "validation_failed", ["name"]],
  [
    "create token: 101-character name",
    json("POST", "/api/tokens", { name: "t".repeat(101) }),
    422,
    "validation_failed",
    ["name"],
  ],
  // webhooks
  ["create webhook: empty object", json("POST", "/api/webhooks", {}), 422, "validation_failed", ["url", "events"]],
  [
    "create webhook: no events",
    json("POST", "/api/webhooks", { url: "https://hooks.example.com/x", events: [] }),
    422,
    "validation_failed",
    ["events"],
  ],
  [
    "create webhook: unknown event",
    json("POST", "/api/webhooks", { url: "https://hooks.example.com/x", events: ["job.started"] }),
    422,
    "validation_failed",
    ["events.0"],
  ],
  [
    "create webhook: url: 42",
    json("POST", "/api/webhooks", { url: 42, events: ["job.finished"] }),
    422,
    "validation_failed",
    ["url"],
  ],
  [
    "create webhook: plain http",
    json("POST", "/api/webhooks", { url: "http://hooks.example.com/x", events: ["job.finished"] }),
    422,
    "validation_failed",
    ["url"],
  ],
  [
    "create webhook: a private address",
    json("POST", "/api/webhooks", { url: "https://10.0.0.7/x", events: ["job.finished"] }),
    422,
    "validation_failed",
    ["url"],
  ],
  [
    "create webhook: cloud metadata address",
    json("POST", "/api/webhooks", { url: "https://169.254.169.254/latest/meta-data", events: ["job.finished"] }),
    422,
    "validation_failed",
    ["url"],
  ],
  // lists: POST
  ["create list: name: 42", json("POST", "/api/lists", { name: 42 }), 422, "validation_failed", ["name"]],
  ["create list: name: null", json("POST", "/api/lists", { name: null }), 422, "validation_failed", ["name"]],
  ["create list: body is null", raw("POST", "/api/lists", "null", "application/json"), 422, "validation_failed", [""]],
  [
    'create list: fields: "x"',
    json("POST", "/api/lists", { name: "L", fields: "x" }),
    422,
    "validation_failed",
    ["fields"],
  ],
  ["create list: fields: [42]", json("POST", "/api/lists", fields(42)), 422, "validation_failed", ["fields.0"]],
  [
    'create list: field type "date"',
    json("POST", "/api/lists", fields({ ...validField, type: "date" })),
    422,
    "validation_failed",
    ["fields.0.type"],
  ],
  [
    "create list: enum without options",
    json("POST", "/api/lists", fields({ key: "level", label: "Level", type: "enum" })),
    422,
    "validation_failed",
    ["fields.0.options"],
  ],
  [
    "create list: enum with empty options",
    json("POST", "/api/lists", fields({ key: "level", label: "Level", type: "enum", options: [] })),
    422,
    "validation_failed",
    ["fields.0.options"],
  ],
  [
    "create list: enum with repeated options",
    json("POST", "/api/lists", fields({ key: "level", label: "Level", type: "enum", options: ["a", "a"] })),
    422,
    "validation_failed",
    ["fields.0.options"],
  ],
  [
    "create list: options on a boolean",
    json("POST", "/api/lists", fields({ key: "has_code", label: "Code", type: "boolean", options: ["yes", "no"] })),
    422,
    "validation_failed",
    ["fields.0.options"],
  ],
  [
    'create list: key "Bad-Key"',
    json("POST", "/api/lists", fields({ ...validField, key: "Bad-Key" })),
    422,
    "validation_failed",
    ["fields.0.key"],
  ],
  [
    "create list: field without a label",
    json("POST", "/api/lists", fields({ key: "topic", type: "text" })),
    422,
    "validation_failed",
    ["fields.0.label"],
  ],
  [
    "create list: 21 fields",
    json("POST", "/api/lists", fields(...Array.from({ length: 21 }, (_, i) => ({ ...validField, key: `f${i}` })))),
    422,
    "validation_failed",
    ["fields"],
  ],
  [
    "create list: duplicate keys",
    json("POST", "/api/lists", fields(validField, { ...validField, label: "Again" })),
    422,
    "validation_failed",
    ["fields.1.key"],
  ],
  [
    "create list: description of 5,001 characters",
    json("POST", "/api/lists", { name: "L", description: "d".repeat(5001) }),
    422,
    "validation_failed",
    ["description"],
  ],
  [
    "create list: description: 42",
    json("POST", "/api/lists", { name: "L", description: 42 }),
    422,
    "validation_failed",
    ["description"],
  ],
  // lists: PATCH
  ["patch list: empty object", withList((l) => json("PATCH", l, {})), 422, "validation_failed", [""]],
  ["patch list: name: 42", withList((l) => json("PATCH", l, { name: 42 })), 422, "validation_failed", ["name"]],
  ['patch list: fields: "x"', withList((l) => json("PATCH", l, { fields: "x" })), 422, "validation_failed", ["fields"]],
  [
    'patch list: key "Bad-Key"',
    withList((l) => json("PATCH", l, { fields: [{ ...validField, key: "Bad-Key" }] })),
    422,
    "validation_failed",
    ["fields.0.key"],
  ],
  [
    "patch list: description of 5,001 characters",
    withList((l) => json("PATCH", l, { description: "d".repeat(5001) })),
    422,
    "validation_failed",
    ["description"],
  ],
  [
    "patch list: valid name with an enum field lacking options",
    withList((l) => json("PATCH", l, { name: "Fine", fields: [{ key: "level", label: "Level", type: "enum" }] })),
    422,
    "validation_failed",
    ["fields.0.options"],
  ],
  // videos
  ["add video: no url", withList((l) => json("POST", `${l}/videos`, {})), 422, "validation_failed", ["url"]],
  ["add video: url: 42", withList((l) => json("POST", `${l}/videos`, { url: 42 })), 422, "validation_failed", ["url"]],
  [
    "add video: url: [id]",
    withList((l) => json("POST", `${l}/videos`, { url: [ytId(56)] })),
    422,
    "validation_failed",
    ["url"],
  ],
  [
    "add video: url of 2,049 characters",
    withList((l) => json("POST", `${l}/videos`, { url: `https://youtu.be/${ytId(57)}?${"p".repeat(2049)}` })),
    422,
    "validation_failed",
    ["url"],
  ],
  [
    'bulk add: urls: "string"',
    withList((l) => json("POST", `${l}/videos/bulk`, { urls: ytId(58) })),
    422,
    "validation_failed",
    ["urls"],
  ],
  [
    "bulk add: urls: [1]",
    withList((l) => json("POST", `${l}/videos/bulk`, { urls: [1] })),
    422,
    "validation_failed",
    ["urls.0"],
  ],
  [
    "bulk add: text: 42",
    withList((l) => json("POST", `${l}/videos/bulk`, { text: 42 })),
    422,
    "validation_failed",
    ["text"],
  ],
  [
    "bulk add: neither urls nor text",
    withList((l) => json("POST", `${l}/videos/bulk`, { links: [ytId(59)] })),
    422,
    "validation_failed",
    [""],
  ],
  [
    "bulk add: 1,001 URLs",
    withList((l) =>
      json("POST", `${l}/videos/bulk`, { urls: Array.from({ length: 1001 }, (_, i) => ytId(20_000 + i)) }),
    ),
    422,
    "validation_failed",
    ["urls"],
  ],
  // process
  [
    'process: force: "yes"',
    withList((l) => json("POST", `${l}/process`, { force: "yes" })),
    422,
    "validation_failed",
    ["force"],
  ],
  [
    "process: videoIds: []",
    withList((l) => json("POST", `${l}/process`, { videoIds: [] })),
    422,
    "validation_failed",
    ["videoIds"],
  ],
  [
    'process: videoIds: "vid"',
    withList((l) => json("POST", `${l}/process`, { videoIds: "vid_1" })),
    422,
    "validation_failed",
    ["videoIds"],
  ],
  [
    "process: videoIds: [1]",
    withList((l) => json("POST", `${l}/process`, { videoIds: [1] })),
    422,
    "validation_failed",
    ["videoIds.0"],
  ],
  // corrections
  ["correct: fields missing", withVideoA((v) => json("PATCH", v, {})), 422, "validation_failed", ["fields"]],
  ["correct: fields: []", withVideoA((v) => json("PATCH", v, { fields: [] })), 422, "validation_failed", ["fields"]],
  ["correct: fields: {}", withVideoA((v) => json("PATCH", v, { fields: {} })), 422, "validation_failed", ["fields"]],
  [
    "correct: unknown field",
    withVideoA((v) => json("PATCH", v, { fields: { nope: "x" } })),
    422,
    "validation_failed",
    ["fields.nope"],
  ],
  [
    "correct: enum value not an option",
    withVideoA((v) => json("PATCH", v, { fields: { level: "medium" } })),
    422,
    "validation_failed",
    ["fields.level"],
  ],
  [
    "correct: enum value of the wrong type",
    withVideoA((v) => json("PATCH", v, { fields: { level: ["easy"] } })),
    422,
    "validation_failed",
    ["fields.level"],
  ],
  // bulk delete and move
  [
    "bulk delete: no videoIds",
    withList((l) => json("POST", `${l}/videos/delete`, {})),
    422,
    "validation_failed",
    ["videoIds"],
  ],
  [
    "bulk delete: videoIds: []",
    withList((l) => json("POST", `${l}/videos/delete`, { videoIds: [] })),
    422,
    "validation_failed",
    ["videoIds"],
  ],
  [
    "bulk delete: videoIds: [1]",
    withList((l) => json("POST", `${l}/videos/delete`, { videoIds: [1] })),
    422,
    "validation_failed",
    ["videoIds.0"],
  ],
  [
    "bulk delete: 1,001 ids",
    withList((l) =>
      json("POST", `${l}/videos/delete`, { videoIds: Array.from({ length: 1001 }, (_, i) => `vid_${i}`) }),
    ),
    422,
    "validation_failed",
    ["videoIds"],
  ],
  [
    "move: no toListId",
    withList((l) => json("POST", `${l}/videos/move`, { videoIds: ["vid_1"] })),
    422,
    "validation_failed",
    ["toListId"],
  ],
  [
    'move: copy: "yes"',
    deferred(() =>
      json("POST", `${listA()}/videos/move`, { videoIds: [f.videoA], toListId: f.otherListA, copy: "yes" }),
    ),
    422,
    "validation_failed",
    ["copy"],
  ],
  [
    "move: into the same list",
    deferred(() => json("POST", `${listA()}/videos/move`, { videoIds: [f.videoA], toListId: f.listA })),
    422,
    "validation_failed",
    ["toListId"],
  ],
  // saved views
  ["view: no name", withList((l) => json("POST", `${l}/views`, { query: "" })), 422, "validation_failed", ["name"]],
  [
    "view: blank name",
    withList((l) => json("POST", `${l}/views`, { name: " ", query: "" })),
    422,
    "validation_failed",
    ["name"],
  ],
  ["view: no query", withList((l) => json("POST", `${l}/views`, { name: "V" })), 422, "validation_failed", ["query"]],
  [
    "view: query of 2,001 characters",
    withList((l) => json("POST", `${l}/views`, { name: "V", query: `q=${"x".repeat(1999)}` })),
    422,
    "validation_failed",
    ["query"],
  ],
  [
    "view: query with an unknown field and a bad sort",
    withList((l) => json("POST", `${l}/views`, { name: "V", query: "field.nope=1&sort=rank" })),
    422,
    "validation_failed",
    ["query.field.nope", "query.sort"],
  ],
  [
    "view: query with a value of the wrong type",
    withList((l) => json("POST", `${l}/views`, { name: "V", query: "field.level.gte=3" })),
    422,
    "validation_failed",
    ["query.field.level.gte"],
  ],
];

const oversized: Case[] = [
  [
    "register: body over 1 MB",
    json("POST", "/api/auth/register", { email: EMAIL, password: overOneMegabyte }, "anonymous"),
    413,
    "payload_too_large",
  ],
  ["create list: name over 1 MB", json("POST", "/api/lists", { name: overOneMegabyte }), 413, "payload_too_large"],
  [
    "patch list: fields over 1 MB",
    withList((l) => json("PATCH", l, { fields: [{ ...validField, description: overOneMegabyte }] })),
    413,
    "payload_too_large",
  ],
  [
    "bulk add: 1,000 URLs of 2 KB (over 1 MB)",
    withList((l) =>
      json("POST", `${l}/videos/bulk`, {
        urls: Array.from({ length: 1000 }, (_, i) => `https://youtu.be/${ytId(30_000 + i)}?${"p".repeat(2000)}`),
      }),
    ),
    413,
    "payload_too_large",
  ],
  [
    "process: videoIds over 1 MB",
    withList((l) =>
      json("POST", `${l}/process`, {
        videoIds: Array.from({ length: 9000 }, (_, i) => `vid_${String(i).padStart(120, "0")}`),
      }),
    ),
    413,
    "payload_too_large",
  ],
  [
    "import: 10,001 data rows as text/csv",
    withList((l) => raw("POST", `${l}/videos/import`, manyRowsCsv(10_001), "text/csv")),
    413,
    "payload_too_large",
  ],
  [
    "import: 10,001 data rows as multipart",
    withList((l) => multipart(`${l}/videos/import`, { file: bytes(manyRowsCsv(10_001)) })),
    413,
    "payload_too_large",
  ],
];

const badCsv: Case[] = [
  [
    "import: Latin-1 CSV as text/csv",
    withList((l) =>
      raw(
        "POST",
        `${l}/videos/import`,
        new Uint8Array([...bytes("url,title\n"), ...bytes(`${ytId(60)},Caf`), 0xe9, 0x0a]),
        "text/csv",
      ),
    ),
    422,
    "validation_failed",
    ["file"],
  ],
  [
    "import: UTF-16 CSV",
    withList((l) =>
      multipart(`${l}/videos/import`, {
        file: new Uint8Array([0xff, 0xfe, ...[...bytes(`url\n${ytId(61)}\n`)].flatMap((b) => [b, 0])]),
      }),
    ),
    422,
    "validation_failed",
    ["file"],
  ],
  [
    "import: CSV without a url or video_id column",
    withList((l) => raw("POST", `${l}/videos/import`, `title,channel\nA talk,${ytId(62)}\n`, "text/csv")),
    422,
    "validation_failed",
    ["file"],
  ],
  [
    "import: empty file",
    withList((l) => multipart(`${l}/videos/import`, { file: new Uint8Array() })),
    422,
    "validation_failed",
    ["file"],
  ],
  [
    "import: only blank lines and a BOM",
    withList((l) => raw("POST", `${l}/videos/import`, "\uFEFF\n\n  \n", "text/csv")),
    422,
    "validation_failed",
    ["file"],
  ],
  [
    "import: a quoted field never closed",
    withList((l) => raw("POST", `${l}/videos/import`, `url,note\n${ytId(63)},"open\n${ytId(64)},x\n`, "text/csv")),
    422,
    "validation_failed",
    ["file"],
  ],
  [
    "import: multipart without a file field",
    withList((l) => multipart(`${l}/videos/import`, { csv: `url\n${ytId(65)}\n` })),
    422,
    "validation_failed",
    ["file"],
  ],
];

const hostileUrls: Case[] = [
  "javascript:alert(1)",
  "javascript://www.youtube.com/watch?v=dQw4w9WgXcQ",
  "data:text/html,<script>alert(1)</script>",
  "file:///etc/passwd",
  "https://youtube.com.evil.com/watch?v=dQw4w9WgXcQ",
  "https://evil.com/redirect?to=https://www.youtube.com/watch?v=dQw4w9WgXcQ",
  "https://www.youtube.com/playlist?list=PL590L5WQmH8fJ54F369BLDSqIwcs-TCfs",
  "https://www.youtube.com/channel/UC_x5XG1OV2P6uZZ5FSM9Ttw",
  "dQw4w9WgXc",
  "dQw4w9WgXcQQ",
  "https://www.yоutube.com/watch?v=dQw4w9WgXcQ", // Cyrillic "о"
  "https://ｗｗｗ.ｙｏｕｔｕｂｅ.com/watch?v=dQw4w9WgXcQ", // full-width letters
  "https://user:pass@www.youtube.com/watch?v=dQw4w9WgXcQ",
  "https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ",
  "https://www.youtube.com/watch?v=<script>",
  "https://www.youtube.com/watch?v=dQw4w9%0aWgXcQ",
  "dQw4w9\tWgXcQ",
].map(
  (url): Case => [
    `add video: hostile URL ${JSON.stringify(url)}`,
    withList((l) => json("POST", `${l}/videos`, { url })),
    422,
    "invalid_url",
  ],
);

const badQueries: Case[] = [
  ["videos: sort=rank", withList((l) => get(`${l}/videos?sort=rank`)), 400, "bad_request"],
  [
    "videos: sort=title;DROP TABLE videos",
    withList((l) => get(`${l}/videos?sort=${encodeURIComponent("title;DROP TABLE videos")}`)),
    400,
    "bad_request",
  ],
  ["videos: order=up", withList((l) => get(`${l}/videos?order=up`)), 400, "bad_request"],
  ["videos: status=done", withList((l) => get(`${l}/videos?status=done`)), 400, "bad_request"],
  ["videos: status=PENDING (case matters)", withList((l) => get(`${l}/videos?status=PENDING`)), 400, "bad_request"],
  [
    "videos: q longer than 200 characters",
    withList((l) => get(`${l}/videos?q=${"q".repeat(201)}`)),
    400,
    "bad_request",
  ],
  ["public list: sort=rank", deferred(() => () => call(`/api/public/lists/${f.slugA}?sort=rank`)), 400, "bad_request"],
  ["public list: limit=0", deferred(() => () => call(`/api/public/lists/${f.slugA}?limit=0`)), 400, "bad_request"],
  [
    "deliveries: limit=201",
    deferred(() => get(`/api/webhooks/${f.webhookB}/deliveries?limit=201`)),
    400,
    "bad_request",
  ],
  ["export: format=xml", withList((l) => get(`${l}/videos/export?format=xml`)), 400, "bad_request"],
  ["videos: unknown field", withList((l) => get(`${l}/videos?field.nope=1`)), 400, "bad_request"],
  ["videos: enum value not an option", withList((l) => get(`${l}/videos?field.level=medium`)), 400, "bad_request"],
  ["videos: no value", withList((l) => get(`${l}/videos?field.level=`)), 400, "bad_request"],
  ["videos: a range on an enum", withList((l) => get(`${l}/videos?field.level.gte=1`)), 400, "bad_request"],
  ["videos: empty=maybe", withList((l) => get(`${l}/videos?field.level.empty=maybe`)), 400, "bad_request"],
  ["videos: unknown suffix", withList((l) => get(`${l}/videos?field.level.between=1`)), 400, "bad_request"],
  [
    "videos: .empty given twice",
    withList((l) => get(`${l}/videos?field.level.empty=true&field.level.empty=false`)),
    400,
    "bad_request",
  ],
  ["videos: sort by an unknown field", withList((l) => get(`${l}/videos?sort=field.nope`)), 400, "bad_request"],
  ["videos: sort=relevance without q", withList((l) => get(`${l}/videos?sort=relevance`)), 400, "bad_request"],
  ["videos: durationSeconds.gte=-5", withList((l) => get(`${l}/videos?durationSeconds.gte=-5`)), 400, "bad_request"],
  ["videos: durationSeconds.lte=abc", withList((l) => get(`${l}/videos?durationSeconds.lte=abc`)), 400, "bad_request"],
  [
    "videos: publishedAt.gte=yesterday",
    withList((l) => get(`${l}/videos?publishedAt.gte=yesterday`)),
    400,
    "bad_request",
  ],
  [
    "videos: publishedAt.lte=2024-13-45",
    withList((l) => get(`${l}/videos?publishedAt.lte=2024-13-45`)),
    400,
    "bad_request",
  ],
  ["videos: needsRerun=yes", withList((l) => get(`${l}/videos?needsRerun=yes`)), 400, "bad_request"],
  ["videos: an unknown parameter", withList((l) => get(`${l}/videos?colour=red`)), 400, "bad_request"],
  ["videos: status given twice", withList((l) => get(`${l}/videos?status=pending&status=failed`)), 400, "bad_request"],
  [
    "videos: a cursor issued for another sort",
    withList((l) =>
      get(`${l}/videos?sort=title&cursor=${base64Url(JSON.stringify({ k: "a", id: "b", s: "viewCount:asc" }))}`),
    ),
    400,
    "bad_request",
  ],
  ["facets: unknown field", withList((l) => get(`${l}/facets?field.nope=1`)), 400, "bad_request"],
  ["facets: sort=rank", withList((l) => get(`${l}/facets?sort=rank`)), 400, "bad_request"],
  ["search: no q", get("/api/search"), 400, "bad_request"],
  ["search: blank q", get("/api/search?q=%20%20"), 400, "bad_request"],
  ["search: q longer than 200 characters", get(`/api/search?q=${"q".repeat(201)}`), 400, "bad_request"],
  ["search: limit=0", get("/api/search?q=x&limit=0"), 400, "bad_request"],
  ["jobs: status=finished", get("/api/jobs?status=finished"), 400, "bad_request"],
  ["lists: limit=-1", get("/api/lists?limit=-1"), 400, "bad_request"],
  ["videos: limit=0", withList((l) => get(`${l}/videos?limit=0`)), 400, "bad_request"],
  ["jobs: limit=99999999999999999999", get("/api/jobs?limit=99999999999999999999"), 400, "bad_request"],
  ["jobs: limit=abc", get("/api/jobs?limit=abc"), 400, "bad_request"],
  ["lists: limit=1e3", get("/api/lists?limit=1e3"), 400, "bad_request"],
  ["lists: limit=Infinity", get("/api/lists?limit=Infinity"), 400, "bad_request"],
  ["jobs: cursor garbage", get("/api/jobs?cursor=%%%garbage"), 400, "bad_request"],
  [
    "videos: cursor is base64 of the wrong JSON",
    withList((l) => get(`${l}/videos?cursor=${base64Url(JSON.stringify({ k: [1], id: 2 }))}`)),
    400,
    "bad_request",
  ],
  [
    "lists: cursor is base64 of text that is not JSON",
    get(`/api/lists?cursor=${base64Url("not json at all")}`),
    400,
    "bad_request",
  ],
  ["lists: cursor of 513 characters", get(`/api/lists?cursor=${"A".repeat(513)}`), 400, "bad_request"],
  ["progress history: after=-1", withJobA((j) => get(`${j}/progress-history?after=-1`)), 400, "bad_request"],
  ["progress history: after=abc", withJobA((j) => get(`${j}/progress-history?after=abc`)), 400, "bad_request"],
  ["progress history: limit=0", withJobA((j) => get(`${j}/progress-history?limit=0`)), 400, "bad_request"],
  ["progress history: limit=501", withJobA((j) => get(`${j}/progress-history?limit=501`)), 400, "bad_request"],
  [
    "progress socket: after=-1",
    () => call("/api/ws/progress?after=-1", { token: f.a, headers: { Upgrade: "websocket" } }),
    400,
    "bad_request",
  ],
];

/** A's token on B's jobs and list: 404 exactly as for an id that does not exist, never 403 or 409. */
const foreignIds: Case[] = [
  [
    "foreign webhook: DELETE",
    deferred(() => json("DELETE", `/api/webhooks/${f.webhookB}`, undefined)),
    404,
    "not_found",
  ],
  [
    "foreign webhook: test",
    deferred(() => json("POST", `/api/webhooks/${f.webhookB}/test`, undefined)),
    404,
    "not_found",
  ],
  ["foreign webhook: deliveries", deferred(() => get(`/api/webhooks/${f.webhookB}/deliveries`)), 404, "not_found"],
  ["foreign list: share", deferred(() => json("POST", `/api/lists/${f.listB}/share`, undefined)), 404, "not_found"],
  ["foreign list: unshare", deferred(() => json("DELETE", `/api/lists/${f.listB}/share`, undefined)), 404, "not_found"],
  ["foreign job: GET", deferred(() => get(`/api/jobs/${f.pausedJobB}`)), 404, "not_found"],
  ["foreign job: pause", deferred(() => json("POST", `/api/jobs/${f.pausedJobB}/pause`, undefined)), 404, "not_found"],
  [
    "foreign job: resume (it is paused)",
    deferred(() => json("POST", `/api/jobs/${f.pausedJobB}/resume`, undefined)),
    404,
    "not_found",
  ],
  [
    "foreign job: cancel (it is paused)",
    deferred(() => json("POST", `/api/jobs/${f.pausedJobB}/cancel`, undefined)),
    404,
    "not_found",
  ],
  [
    "foreign job: retry (it has a failed video)",
    deferred(() => json("POST", `/api/jobs/${f.finishedJobB}/retry`, undefined)),
    404,
    "not_found",
  ],
  [
    "foreign job: retry with an Idempotency-Key",
    deferred(
      () => () =>
        call(`/api/jobs/${f.finishedJobB}/retry`, {
          token: f.a,
          method: "POST",
          headers: { "Idempotency-Key": "k-1" },
        }),
    ),
    404,
    "not_found",
  ],
  [
    "foreign job: progress-history",
    deferred(() => get(`/api/jobs/${f.finishedJobB}/progress-history?after=0`)),
    404,
    "not_found",
  ],
  ["foreign list: processing-status", deferred(() => get(`/api/lists/${f.listB}/processing-status`)), 404, "not_found"],
  ["foreign list: process", deferred(() => json("POST", `/api/lists/${f.listB}/process`, {})), 404, "not_found"],
  [
    "foreign list: process with force",
    deferred(() => json("POST", `/api/lists/${f.listB}/process`, { force: true })),
    404,
    "not_found",
  ],
  ["foreign list: facets", deferred(() => get(`/api/lists/${f.listB}/facets`)), 404, "not_found"],
  ["foreign list: views", deferred(() => get(`/api/lists/${f.listB}/views`)), 404, "not_found"],
  [
    "foreign list: save a view",
    deferred(() => json("POST", `/api/lists/${f.listB}/views`, { name: "Mine", query: "" })),
    404,
    "not_found",
  ],
  ["foreign view: rename", deferred(() => json("PATCH", `/api/views/${f.viewB}`, { name: "Mine" })), 404, "not_found"],
  ["foreign view: delete", deferred(() => json("DELETE", `/api/views/${f.viewB}`, undefined)), 404, "not_found"],
  [
    "foreign video: correct",
    deferred(() => json("PATCH", `/api/videos/${f.videoB}`, { fields: { level: "easy" } })),
    404,
    "not_found",
  ],
  [
    "foreign list: bulk delete",
    deferred(() => json("POST", `/api/lists/${f.listB}/videos/delete`, { videoIds: [f.videoB] })),
    404,
    "not_found",
  ],
  [
    "bulk delete: one foreign id among own",
    deferred(() => json("POST", `${listA()}/videos/delete`, { videoIds: [f.videoA, f.videoB] })),
    404,
    "not_found",
  ],
  [
    "move: into a foreign list",
    deferred(() => json("POST", `${listA()}/videos/move`, { videoIds: [f.videoA], toListId: f.listB })),
    404,
    "not_found",
  ],
  [
    "copy: a foreign video",
    deferred(() =>
      json("POST", `${listA()}/videos/move`, { videoIds: [f.videoA, f.videoB], toListId: f.otherListA, copy: true }),
    ),
    404,
    "not_found",
  ],
  ["unknown job: cancel", json("POST", "/api/jobs/job_does_not_exist/cancel", "anonymous"), 404, "not_found"],
];

/** Sessions, password changes, token scopes and the progress socket's door. */
const credentials: Case[] = [
  ["end session: unknown id", json("DELETE", "/api/sessions/tok_nope", undefined), 404, "not_found"],
  [
    "end session: B's session",
    deferred(() => json("DELETE", `/api/sessions/${f.sessionB}`, undefined)),
    404,
    "not_found",
  ],
  ["sessions: no token", () => call("/api/sessions"), 401, "unauthorized"],
  [
    "change password: truncated JSON",
    raw("POST", "/api/auth/password", '{"currentPassword":"x"', "application/json"),
    400,
    "bad_request",
  ],
  [
    "change password: as text/plain",
    raw("POST", "/api/auth/password", '{"currentPassword":"a","newPassword":"b"}', "text/plain"),
    400,
    "bad_request",
  ],
  [
    "change password: empty object",
    json("POST", "/api/auth/password", {}),
    422,
    "validation_failed",
    ["currentPassword", "newPassword"],
  ],
  [
    "change password: 5-character new password",
    json("POST", "/api/auth/password", { currentPassword: "correct horse battery", newPassword: "short" }),
    422,
    "validation_failed",
    ["newPassword"],
  ],
  [
    "change password: a common new password",
    json("POST", "/api/auth/password", { currentPassword: "correct horse battery", newPassword: "password123" }),
    422,
    "validation_failed",
    ["newPassword"],
  ],
  [
    "change password: wrong current password",
    json("POST", "/api/auth/password", { currentPassword: "not it at all", newPassword: "violet umbrella march" }),
    401,
    "unauthorized",
  ],
  [
    "change password: no token",
    json("POST", "/api/auth/password", { currentPassword: "a", newPassword: "violet umbrella march" }, "anonymous"),
    401,
    "unauthorized",
  ],
  [
    "register: a common password",
    json("POST", "/api/auth/register", { email: EMAIL, password: "iloveyou123" }, "anonymous"),
    422,
    "validation_failed",
    ["password"],
  ],
  [
    "create token: unknown scope",
    json("POST", "/api/tokens", { name: "ci", scope: "admin" }),
    422,
    "validation_failed",
    ["scope"],
  ],
  [
    "create token: expiresAt in the past",
    json("POST", "/api/tokens", { name: "ci", expiresAt: "2001-01-01T00:00:00Z" }),
    422,
    "validation_failed",
    ["expiresAt"],
  ],
  [
    "create token: expiresAt not a time",
    json("POST", "/api/tokens", { name: "ci", expiresAt: "next tuesday" }),
    422,
    "validation_failed",
    ["expiresAt"],
  ],
  ["socket ticket: no token", json("POST", "/api/ws/ticket", undefined, "anonymous"), 401, "unauthorized"],
  [
    "progress socket: a valid ticket with after=-1",
    () => call(`/api/ws/progress?ticket=${f.ticketA}&after=-1`, { headers: { Upgrade: "websocket" } }),
    400,
    "bad_request",
  ],
  [
    "progress socket: a valid ticket without Upgrade",
    () => call(`/api/ws/progress?ticket=${f.ticketA}`),
    400,
    "bad_request",
  ],
  [
    "progress socket: a valid ticket from a foreign Origin",
    () =>
      call(`/api/ws/progress?ticket=${f.ticketA}`, {
        headers: { Upgrade: "websocket", Origin: "https://evil.example" },
      }),
    403,
    "forbidden",
  ],
  [
    "progress socket: session token in the URL",
    () => call(`/api/ws/progress?token=${f.a}`, { headers: { Upgrade: "websocket" } }),
    401,
    "unauthorized",
  ],
  [
    "progress socket: unknown ticket",
    () => call(`/api/ws/progress?ticket=wst_${"B".repeat(43)}`, { headers: { Upgrade: "websocket" } }),
    401,
    "unauthorized",
  ],
];

/** Sources and subscriptions: bad links, limits and filters, and other users' ids. */
const sources: Case[] = [
  [
    "source preview: no url",
    withList((l) => json("POST", `${l}/sources/preview`, {})),
    422,
    "validation_failed",
    ["url"],
  ],
  [
    "source preview: url a number",
    withList((l) => json("POST", `${l}/sources/preview`, { url: 7 })),
    422,
    "validation_failed",
    ["url"],
  ],
  [
    "source preview: url over 2,048 characters",
    withList((l) => json("POST", `${l}/sources/preview`, { url: `@${"a".repeat(2048)}` })),
    422,
    "validation_failed",
    ["url"],
  ],
  [
    "source preview: a single video",
    withList((l) => json("POST", `${l}/sources/preview`, { url: "https://youtu.be/dQw4w9WgXcQ" })),
    422,
    "invalid_url",
  ],
  [
    "source preview: javascript: URL",
    withList((l) => json("POST", `${l}/sources/preview`, { url: "javascript:alert(1)//@name" })),
    422,
    "invalid_url",
  ],
  [
    "source preview: look-alike host",
    withList((l) => json("POST", `${l}/sources/preview`, { url: "https://youtube.com.evil.com/@name" })),
    422,
    "invalid_url",
  ],
  [
    "source preview: unknown channel",
    withList((l) => json("POST", `${l}/sources/preview`, { url: "@missing-one" })),
    404,
    "not_found",
  ],
  [
    "source import: limit 0",
    withList((l) => json("POST", `${l}/sources/import`, { url: "@x-5", limit: 0 })),
    422,
    "validation_failed",
    ["limit"],
  ],
  [
    "source import: limit 5,001",
    withList((l) => json("POST", `${l}/sources/import`, { url: "@x-5", limit: 5001 })),
    422,
    "validation_failed",
    ["limit"],
  ],
  [
    "source import: limit 2.5",
    withList((l) => json("POST", `${l}/sources/import`, { url: "@x-5", limit: 2.5 })),
    422,
    "validation_failed",
    ["limit"],
  ],
  [
    "source import: limit as a string",
    withList((l) => json("POST", `${l}/sources/import`, { url: "@x-5", limit: "10" })),
    422,
    "validation_failed",
    ["limit"],
  ],
  [
    "source import: unknown playlist",
    withList((l) => json("POST", `${l}/sources/import`, { url: "https://www.youtube.com/playlist?list=PLmissing_4" })),
    404,
    "not_found",
  ],
  ["subscribe: no url", withList((l) => json("POST", `${l}/subscriptions`, {})), 422, "validation_failed", ["url"]],
  [
    "subscribe: min above max",
    withList((l) =>
      json("POST", `${l}/subscriptions`, { url: "@x-5", filters: { minDurationSeconds: 90, maxDurationSeconds: 30 } }),
    ),
    422,
    "validation_failed",
    ["filters.minDurationSeconds"],
  ],
  [
    "subscribe: negative length",
    withList((l) => json("POST", `${l}/subscriptions`, { url: "@x-5", filters: { maxDurationSeconds: -1 } })),
    422,
    "validation_failed",
    ["filters.maxDurationSeconds"],
  ],
  [
    "subscribe: unknown filter",
    withList((l) => json("POST", `${l}/subscriptions`, { url: "@x-5", filters: { views: 10 } })),
    422,
    "validation_failed",
    ["filters"],
  ],
  [
    "subscribe: 21 keywords",
    withList((l) =>
      json("POST", `${l}/subscriptions`, {
        url: "@x-5",
        filters: { titleIncludes: Array.from({ length: 21 }, (_, i) => `k${i}`) },
      }),
    ),
    422,
    "validation_failed",
    ["filters.titleIncludes"],
  ],
  [
    "subscribe: autoProcess a string",
    withList((l) => json("POST", `${l}/subscriptions`, { url: "@x-5", autoProcess: "true" })),
    422,
    "validation_failed",
    ["autoProcess"],
  ],
  [
    "subscribe: a single video",
    withList((l) => json("POST", `${l}/subscriptions`, { url: "dQw4w9WgXcQ" })),
    422,
    "invalid_url",
  ],
  ["subscriptions: limit=0", withList((l) => get(`${l}/subscriptions?limit=0`)), 400, "bad_request"],
  ["subscriptions: bad cursor", withList((l) => get(`${l}/subscriptions?cursor=%%%`)), 400, "bad_request"],
  [
    "foreign list: source preview",
    deferred(() => json("POST", `/api/lists/${f.listB}/sources/preview`, { url: "@x-5" })),
    404,
    "not_found",
  ],
  [
    "foreign list: source import",
    deferred(() => json("POST", `/api/lists/${f.listB}/sources/import`, { url: "@x-5" })),
    404,
    "not_found",
  ],
  [
    "foreign list: subscribe",
    deferred(() => json("POST", `/api/lists/${f.listB}/subscriptions`, { url: "@x-5" })),
    404,
    "not_found",
  ],
  ["foreign list: subscriptions", deferred(() => get(`/api/lists/${f.listB}/subscriptions`)), 404, "not_found"],
  [
    "foreign subscription: check",
    deferred(() => json("POST", `/api/subscriptions/${f.subscriptionB}/check`, undefined)),
    404,
    "not_found",
  ],
  [
    "foreign subscription: delete",
    deferred(() => json("DELETE", `/api/subscriptions/${f.subscriptionB}`, undefined)),
    404,
    "not_found",
  ],
  ["unknown subscription: check", json("POST", "/api/subscriptions/sub_nope/check", undefined), 404, "not_found"],
];

const cases: Case[] = [
  ...malformedJson,
  ...wrongContentType,
  ...invalidBodies,
  ...oversized,
  ...badCsv,
  ...hostileUrls,
  ...badQueries,
  ...foreignIds,
  ...credentials,
  ...sources,
];

describe("bad input gets its documented 4xx and changes nothing", () => {
  it("has at least 60 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(cases.map(([label, send, status, code, paths]) => ({ label, send, status, code, paths })))(
    "$label → $status $code",
    async ({ send, status, code, paths }) => {
      const before = await snapshot();
      const error = await expectErrorResponse(await send(), status, code);
      if (status === 422 && code === "validation_failed") {
        expect(Array.isArray(error.details), JSON.stringify(error)).toBe(true);
        for (const detail of error.details) {
          expect(detail).toEqual({ path: expect.any(String), message: expect.stringMatching(/\S/) });
        }
        if (paths) expect([...new Set(error.details.map((d: any) => d.path))].sort()).toEqual([...paths].sort());
      }
      expect(await snapshot()).toEqual(before);
    },
  );
});

// ─── Hostile text that is valid input ───────────────────────────────────────────────────────

const HOSTILE = [
  "'); DROP TABLE lists;--",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  `Robert"); DELETE FROM videos WHERE ("1"="1`,
  '\u202Eevil\u0000null\\back"quote',
];

describe("SQL and HTML in names and descriptions are stored and returned inert", () => {
  it.each(HOSTILE)("%j round-trips byte-for-byte as JSON, and every table survives", async (text) => {
    const tablesBefore = Object.keys(await snapshot());
    const listsBefore = (await env.DB.prepare("SELECT count(*) AS n FROM lists").first<{ n: number }>())!.n;

    const res = await call("/api/lists", {
      token: f.a,
      body: { name: text, description: text, fields: [{ ...validField, description: text }] },
    });
    const body = await res.text();
    expect(res.status, body).toBe(201);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    // The value travels as a JSON string literal, never as markup or SQL.
    expect(body).toContain(`"name":${JSON.stringify(text)}`);
    const created = JSON.parse(body);
    expect(created).toMatchObject({ name: text, description: text, fields: [{ description: text }] });

    // Stored exactly, read back exactly through every way out.
    const row = await env.DB.prepare("SELECT name, description FROM lists WHERE id = ?")
      .bind(created.id)
      .first<{ name: string; description: string }>();
    expect(row).toEqual({ name: text, description: text });
    expect(await callJson(`/api/lists/${created.id}`, { token: f.a, expect: 200 })).toMatchObject({
      name: text,
      description: text,
    });
    const listing = await callJson("/api/lists?limit=200", { token: f.a, expect: 200 });
    expect(listing.items.find((list: any) => list.id === created.id)).toMatchObject({ name: text });
    const patched = await call(`/api/lists/${created.id}`, { token: f.a, method: "PATCH", body: { name: `${text}!` } });
    expect(patched.headers.get("content-type")).toMatch(/^application\/json/);
    expect(((await patched.json()) as any).name).toBe(`${text}!`);

    const token = await callJson("/api/tokens", { token: f.a, body: { name: text }, expect: 201 });
    expect(token.name).toBe(text);
    const tokens = await callJson("/api/tokens", { token: f.a, expect: 200 });
    expect(tokens.items.find((t: any) => t.id === token.id)).toMatchObject({ name: text });

    // Searching with it is a plain substring match that finds nothing, not an injection.
    const search = await callJson(`/api/lists/${f.listA}/videos?q=${encodeURIComponent(text.slice(0, 200))}`, {
      token: f.a,
      expect: 200,
    });
    expect(search.items).toEqual([]);

    expect(Object.keys(await snapshot())).toEqual(tablesBefore);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM lists").first<{ n: number }>())!.n).toBe(listsBefore + 1);
    expect(await allVideos(f.a, f.listA)).toHaveLength(2);
  });

  it("an always-true search pattern matches nothing it should not", async () => {
    for (const q of ["' OR '1'='1", "%", "_", "\\"]) {
      const page = await callJson(`/api/lists/${f.listA}/videos?q=${encodeURIComponent(q)}`, {
        token: f.a,
        expect: 200,
      });
      expect(page.items, q).toEqual([]);
    }
  });
});
