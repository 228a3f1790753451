/**
 * Every 4xx code this part of the API can produce, each with its exact status and envelope,
 * and the promise that a failed write changes nothing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  addVideos,
  allVideos,
  call,
  callJson,
  createList,
  expectErrorResponse,
  importCsv,
  signUp,
  ytId,
} from "./helpers";

let token: string;
let email: string;
let listId: string;

beforeAll(async () => {
  ({ token, email } = await signUp("errors"));
  listId = (
    await createList(token, {
      name: "Original",
      description: "kept",
      fields: [{ key: "level", label: "Level", type: "enum", options: ["easy", "hard"] }],
    })
  ).id;
  await addVideos(token, listId, [ytId(1), ytId(2)]);
});

/** The user's lists and the videos of the fixture list, to compare before and after a failed write. */
async function state() {
  const lists = await callJson("/api/lists?limit=200", { token, expect: 200 });
  const videos = await allVideos(token, listId);
  return { lists: lists.items, videos };
}

/** Runs a request that must fail with `status`/`code` and asserts it changed nothing. */
async function expectRejectedWithoutChange(request: () => Promise<Response>, status: number, code: string) {
  const before = await state();
  const error = await expectErrorResponse(await request(), status, code);
  expect(await state()).toEqual(before);
  return error;
}

describe("400 bad_request", () => {
  it("malformed JSON", async () => {
    for (const raw of ['{"name":', "{name: 'x'}", "", "[1,2"]) {
      await expectRejectedWithoutChange(
        () => call("/api/lists", { token, method: "POST", raw, headers: { "content-type": "application/json" } }),
        400,
        "bad_request",
      );
    }
  });

  it("a JSON-looking body sent as text/plain (or with no content type)", async () => {
    for (const headers of [{ "content-type": "text/plain" }, { "content-type": "application/x-www-form-urlencoded" }]) {
      const error = await expectRejectedWithoutChange(
        () => call("/api/lists", { token, method: "POST", raw: JSON.stringify({ name: "Sneaky" }), headers }),
        400,
        "bad_request",
      );
      expect(error.message).toMatch(/application\/json/);
    }
    await expectRejectedWithoutChange(
      () =>
        call(`/api/lists/${listId}/videos`, {
          token,
          method: "POST",
          raw: JSON.stringify({ url: ytId(3) }),
          headers: { "content-type": "text/plain" },
        }),
      400,
      "bad_request",
    );
  });

  it("application/json with a charset parameter is still JSON", async () => {
    const res = await call("/api/lists", {
      token,
      method: "POST",
      raw: JSON.stringify({ name: "Charset" }),
      headers: { "content-type": "application/json; charset=utf-8" },
    });
    expect(res.status).toBe(201);
    expect((await call(`/api/lists/${((await res.json()) as any).id}`, { token, method: "DELETE" })).status).toBe(204);
  });

  it.each([
    ["sort=bogus", "sort"],
    ["order=sideways", "order"],
    ["status=done", "status"],
    ["limit=0", "limit"],
    ["limit=201", "limit"],
    ["limit=ten", "limit"],
    ["limit=2.5", "limit"],
  ])("unknown or out-of-range query value ?%s names the parameter", async (query, param) => {
    const error = await expectErrorResponse(
      await call(`/api/lists/${listId}/videos?${query}`, { token }),
      400,
      "bad_request",
    );
    expect(error.details).toEqual(expect.arrayContaining([{ path: param, message: expect.any(String) }]));
  });

  it("limit bounds on the lists listing, and 1 and 200 are accepted", async () => {
    await expectErrorResponse(await call("/api/lists?limit=0", { token }), 400, "bad_request");
    await expectErrorResponse(await call("/api/lists?limit=201", { token }), 400, "bad_request");
    expect((await call("/api/lists?limit=1", { token })).status).toBe(200);
    expect((await call(`/api/lists/${listId}/videos?limit=200`, { token })).status).toBe(200);
  });

  it("a cursor that was not issued by the server", async () => {
    const forged = btoa(JSON.stringify({ nope: true })).replace(/=+$/, "");
    for (const cursor of ["garbage!", "AAAA", forged]) {
      await expectErrorResponse(
        await call(`/api/lists/${listId}/videos?cursor=${encodeURIComponent(cursor)}`, { token }),
        400,
        "bad_request",
      );
      await expectErrorResponse(
        await call(`/api/lists?cursor=${encodeURIComponent(cursor)}`, { token }),
        400,
        "bad_request",
      );
    }
  });

  it("an unknown export format", async () => {
    await expectErrorResponse(
      await call(`/api/lists/${listId}/videos/export?format=xml`, { token }),
      400,
      "bad_request",
    );
  });

  it("an import that is neither multipart nor CSV", async () => {
    await expectRejectedWithoutChange(
      () => call(`/api/lists/${listId}/videos/import`, { token, body: { url: ytId(5) } }),
      400,
      "bad_request",
    );
  });
});

describe("401 unauthorized", () => {
  it("every protected route without a token", async () => {
    for (const [method, path] of [
      ["GET", "/api/me"],
      ["GET", "/api/lists"],
      ["POST", "/api/lists"],
      ["GET", `/api/lists/${listId}`],
      ["GET", `/api/lists/${listId}/videos`],
      ["GET", `/api/lists/${listId}/videos/export`],
      ["GET", `/api/lists/${listId}/facets`],
      ["GET", `/api/lists/${listId}/views`],
      ["POST", `/api/lists/${listId}/views`],
      ["PATCH", "/api/views/viw_x"],
      ["DELETE", "/api/views/viw_x"],
      ["PATCH", "/api/videos/vid_x"],
      ["POST", `/api/lists/${listId}/videos/delete`],
      ["POST", `/api/lists/${listId}/videos/move`],
      ["GET", "/api/search?q=x"],
      ["GET", "/api/tokens"],
      ["POST", "/api/auth/logout"],
    ] as const) {
      await expectErrorResponse(await call(path, { method }), 401, "unauthorized");
    }
  });

  it("a write without a token changes nothing", async () => {
    await expectRejectedWithoutChange(
      () => call(`/api/lists/${listId}/videos`, { body: { url: ytId(9) } }),
      401,
      "unauthorized",
    );
  });
});

describe("404 not_found", () => {
  it("unknown ids on every kind of resource", async () => {
    await expectErrorResponse(await call("/api/lists/lst_nope", { token }), 404, "not_found");
    await expectErrorResponse(await call("/api/lists/lst_nope/videos", { token }), 404, "not_found");
    await expectErrorResponse(await call("/api/videos/vid_nope", { token }), 404, "not_found");
    await expectRejectedWithoutChange(
      () => call("/api/videos/vid_nope", { token, method: "DELETE" }),
      404,
      "not_found",
    );
    await expectErrorResponse(await call("/api/tokens/tok_nope", { token, method: "DELETE" }), 404, "not_found");
  });

  it.each([
    ["GET", "/api/nope"],
    ["GET", "/api/lists/x/nope"],
    ["PUT", "/api/nope"],
    ["GET", "/api/v1/lists"],
  ])("an unknown /api route (%s %s) is a JSON 404, not the web app", async (method, path) => {
    await expectErrorResponse(await call(path, { token, method }), 404, "not_found");
  });
});

describe("405 method_not_allowed", () => {
  it.each([
    ["PUT", "/api/lists", "GET, HEAD, POST"],
    ["POST", "/api/lists/lst_nope", "GET, HEAD, PATCH, DELETE"],
    ["DELETE", "/api/health", "GET, HEAD"],
    ["GET", "/api/auth/login", "POST"],
    ["GET", "/api/jobs/job_nope/cancel", "POST"],
  ])("%s %s names the methods the path takes, in Allow and in details", async (method, path, allow) => {
    const res = await call(path, { token, method });
    expect(res.headers.get("allow")).toBe(allow);
    const error = await expectErrorResponse(res, 405, "method_not_allowed");
    expect(error.details).toEqual({ allow: allow.split(", ") });
  });

  it("a wrong method changes nothing, even with a valid body", async () => {
    const before = await state();
    await expectErrorResponse(
      await call("/api/lists", { token, method: "PUT", body: { name: "Nope" } }),
      405,
      "method_not_allowed",
    );
    expect(await state()).toEqual(before);
  });
});

describe("409 conflict", () => {
  it("an email that already has an account", async () => {
    await expectErrorResponse(
      await call("/api/auth/register", { body: { email, password: "something else entirely" } }),
      409,
      "conflict",
    );
  });

  it("a video already in the list, in any URL shape", async () => {
    for (const url of [ytId(1), `https://youtu.be/${ytId(1)}`, `m.youtube.com/watch?feature=share&v=${ytId(1)}`]) {
      await expectRejectedWithoutChange(
        () => call(`/api/lists/${listId}/videos`, { token, body: { url } }),
        409,
        "conflict",
      );
    }
  });
});

describe("413 payload_too_large", () => {
  it("a JSON body over 1 MB", async () => {
    const big = "x".repeat(1024 * 1024);
    await expectRejectedWithoutChange(
      () => call("/api/lists", { token, body: { name: "Huge", description: big } }),
      413,
      "payload_too_large",
    );
    await expectRejectedWithoutChange(
      () => call(`/api/lists/${listId}/videos/bulk`, { token, body: { text: `${ytId(7)}\n${big}` } }),
      413,
      "payload_too_large",
    );
  });

  it("a JSON body over 1 MB sent without Content-Length (streamed)", async () => {
    const chunk = new TextEncoder().encode(`"${"y".repeat(64 * 1024)}`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 20) return controller.close();
        controller.enqueue(sent === 0 ? new TextEncoder().encode('{"name":"Streamed","description":') : chunk);
        sent++;
      },
    });
    await expectRejectedWithoutChange(
      () => call("/api/lists", { token, method: "POST", raw: stream, headers: { "content-type": "application/json" } }),
      413,
      "payload_too_large",
    );
  });

  it("a CSV upload over 5 MB, multipart or raw", async () => {
    const line = `https://www.youtube.com/watch?v=${ytId(100)}\n`;
    const csv = `url\n${line.repeat(Math.ceil((6 * 1024 * 1024) / line.length))}`;
    await expectRejectedWithoutChange(() => importCsv(token, listId, csv, "multipart"), 413, "payload_too_large");
    await expectRejectedWithoutChange(() => importCsv(token, listId, csv, "raw"), 413, "payload_too_large");
  });
});

describe("422 validation_failed", () => {
  const validField = { key: "topic", label: "Topic", type: "text" };
  const cases: [string, Record<string, unknown>, { path: string; message: RegExp | string }[]][] = [
    ["an empty name", { name: "" }, [{ path: "name", message: /name/i }]],
    ["a blank name", { name: "   " }, [{ path: "name", message: /name/i }]],
    ["a name of 201 characters", { name: "n".repeat(201) }, [{ path: "name", message: /200/ }]],
    ["a missing name", { description: "no name" }, [{ path: "name", message: expect.any(String) }]],
    [
      "a field key with capitals and spaces",
      { name: "L", fields: [{ ...validField, key: "Bad Key" }] },
      [{ path: "fields.0.key", message: /lowercase/i }],
    ],
    [
      "a field key starting with a digit",
      { name: "L", fields: [{ ...validField, key: "1st" }] },
      [{ path: "fields.0.key", message: expect.any(String) }],
    ],
    [
      "a field key of 41 characters",
      { name: "L", fields: [{ ...validField, key: `k${"x".repeat(40)}` }] },
      [{ path: "fields.0.key", message: expect.any(String) }],
    ],
    [
      "an enum field without options",
      { name: "L", fields: [{ key: "level", label: "Level", type: "enum" }] },
      [{ path: "fields.0.options", message: /options/i }],
    ],
    [
      "an unknown field type",
      { name: "L", fields: [{ ...validField, type: "date" }] },
      [{ path: "fields.0.type", message: expect.any(String) }],
    ],
    [
      "21 fields",
      { name: "L", fields: Array.from({ length: 21 }, (_, i) => ({ ...validField, key: `f${i}` })) },
      [{ path: "fields", message: /20/ }],
    ],
    [
      "duplicate field keys",
      { name: "L", fields: [validField, { ...validField, label: "Again" }] },
      [{ path: "fields.1.key", message: /duplicate/i }],
    ],
  ];

  it.each(cases)("POST /api/lists with %s", async (_, body, details) => {
    const error = await expectRejectedWithoutChange(
      () => call("/api/lists", { token, body }),
      422,
      "validation_failed",
    );
    expect(error.details).toEqual(
      details.map(({ path, message }) => ({
        path,
        message: message instanceof RegExp ? expect.stringMatching(message) : message,
      })),
    );
    // The message names the first problem, for a client that shows only the message.
    expect(error.message).toBe(`The request body is not valid: ${error.details[0].path}: ${error.details[0].message}`);
  });

  it.each(cases.filter(([label]) => label !== "a missing name"))("PATCH a list with %s", async (_, body, details) => {
    const error = await expectRejectedWithoutChange(
      () => call(`/api/lists/${listId}`, { token, method: "PATCH", body }),
      422,
      "validation_failed",
    );
    expect(error.details.map((d: any) => d.path)).toEqual(details.map((d) => d.path));
  });

  it("the boundaries are accepted: a 200-character name and exactly 20 fields", async () => {
    const list = await createList(token, {
      name: "n".repeat(200),
      fields: Array.from({ length: 20 }, (_, i) => ({ key: `f${i}`, label: `F${i}`, type: "number" })),
    });
    expect(list.name).toHaveLength(200);
    expect(list.fields).toHaveLength(20);
    expect((await call(`/api/lists/${list.id}`, { token, method: "DELETE" })).status).toBe(204);
  });

  it("several problems are all listed, each with its path", async () => {
    const error = await expectErrorResponse(
      await call("/api/lists", {
        token,
        body: { name: "", fields: [{ key: "Bad", label: "", type: "enum" }] },
      }),
      422,
      "validation_failed",
    );
    expect(error.details.map((d: any) => d.path).sort()).toEqual(
      ["fields.0.key", "fields.0.label", "fields.0.options", "name"].sort(),
    );
    for (const detail of error.details)
      expect(detail).toEqual({ path: expect.any(String), message: expect.any(String) });
  });

  it("a bulk add of more than 1,000 URLs, as urls or as text", async () => {
    const urls = Array.from({ length: 1001 }, (_, i) => ytId(10_000 + i));
    await expectRejectedWithoutChange(
      () => call(`/api/lists/${listId}/videos/bulk`, { token, body: { urls } }),
      422,
      "validation_failed",
    );
    await expectRejectedWithoutChange(
      () => call(`/api/lists/${listId}/videos/bulk`, { token, body: { text: urls.join("\n") } }),
      422,
      "validation_failed",
    );
  });

  it("a CSV without a url or video_id column, and a file that is not UTF-8", async () => {
    await expectRejectedWithoutChange(() => importCsv(token, listId, `link\n${ytId(20)}\n`), 422, "validation_failed");
    const latin1 = new Uint8Array([...new TextEncoder().encode("url,title\n"), 0x43, 0x61, 0x66, 0xe9, 0x0a]);
    await expectRejectedWithoutChange(() => importCsv(token, listId, latin1), 422, "validation_failed");
  });
});

describe("422 invalid_url", () => {
  it.each([
    "https://vimeo.com/123456",
    "https://youtube.com.evil.com/watch?v=dQw4w9WgXcQ",
    "https://www.youtube.com/playlist?list=PL590L5WQmH8fJ54F369BLDSqIwcs-TCfs",
    "dQw4w9WgXc",
    "not a url",
  ])("single add of %s", async (url) => {
    const error = await expectRejectedWithoutChange(
      () => call(`/api/lists/${listId}/videos`, { token, body: { url } }),
      422,
      "invalid_url",
    );
    expect(error.message).not.toBe("");
  });
});

describe("public documents", () => {
  it("/api/openapi.json is OpenAPI 3.1 listing every path of this API", async () => {
    const res = await call("/api/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const doc: any = await res.json();
    expect(doc.openapi).toMatch(/^3\.1\./);
    const paths = Object.keys(doc.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/auth/register",
        "/auth/login",
        "/auth/logout",
        "/me",
        "/tokens",
        "/tokens/{id}",
        "/lists",
        "/lists/{id}",
        "/lists/{id}/videos",
        "/lists/{id}/videos/bulk",
        "/lists/{id}/videos/import",
        "/lists/{id}/videos/export",
        "/videos/{id}",
        "/lists/{id}/facets",
        "/lists/{id}/views",
        "/views/{id}",
        "/lists/{id}/videos/delete",
        "/lists/{id}/videos/move",
        "/search",
        "/health",
      ]),
    );
    expect(Object.keys(doc.paths["/lists/{id}"]).sort()).toEqual(["delete", "get", "patch"]);
    expect(doc.components.schemas).toHaveProperty("ValidationFailedError");
    expect(Object.keys(doc.paths["/videos/{id}"]).sort()).toEqual(["delete", "get", "patch"]);
    // The finding routes are named and typed, errors included.
    for (const [path, method, id] of [
      ["/lists/{id}/videos", "get", "listVideos"],
      ["/lists/{id}/facets", "get", "listFacets"],
      ["/search", "get", "searchVideos"],
      ["/lists/{id}/views", "post", "createView"],
      ["/views/{id}", "patch", "updateView"],
      ["/videos/{id}", "patch", "correctVideo"],
      ["/lists/{id}/videos/move", "post", "moveVideos"],
    ] as const) {
      const operation = doc.paths[path][method];
      expect(operation.operationId).toBe(id);
      expect(operation.responses["400"].content["application/json"].schema.$ref).toMatch(
        /^#\/components\/schemas\/\w*Error$/,
      );
    }
    expect(doc.components.schemas).toHaveProperty("SearchMatch");
    expect(doc.components.schemas).toHaveProperty("Facets");
    expect(doc.components.schemas.Video.required).toContain("fieldSources");
  });

  it("/api/docs answers HTML without a token", async () => {
    const res = await call("/api/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/<html/i);
  });

  it("/api/health answers without a token, and ignores a bad one", async () => {
    for (const headers of [{}, { authorization: "Bearer garbage" }] as Record<string, string>[]) {
      const res = await call("/api/health", { headers });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, version: expect.any(String) });
    }
  });
});
