/** Calls the Worker exactly as an outside client would, through its fetch handler. */
import { createExecutionContext, env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import worker from "../../src/index";
import type { List } from "../../src/shared/schemas/lists";
import type { Video } from "../../src/shared/schemas/videos";

export const BASE = "https://tubelist.test";

export interface CallOptions {
  method?: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  raw?: BodyInit;
  /** Bindings to call the Worker with instead of its own (a cap set low, a YouTube key of the test's own). */
  bindings?: Partial<Cloudflare.Env>;
}

/**
 * A client address as Cloudflare reports it in `CF-Connecting-IP`. Each call comes from its own
 * unless the test names one, so per-address limits only bite where a test asks for them.
 */
export const randomAddress = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 256)).join(".")}`;

export async function call(path: string, options: CallOptions = {}): Promise<Response> {
  const headers = new Headers(options.headers);
  if (!headers.has("cf-connecting-ip")) headers.set("cf-connecting-ip", randomAddress());
  if (options.token) headers.set("Authorization", `Bearer ${options.token}`);
  let body: BodyInit | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const request = new Request(`${BASE}${path}`, { method: options.method ?? (body ? "POST" : "GET"), headers, body });
  if (!options.bindings) return exports.default.fetch(request);
  return worker.fetch(
    request as Request<unknown, IncomingRequestCfProperties>,
    { ...env, ...options.bindings },
    createExecutionContext(),
  );
}

/** Calls and parses JSON, asserting the status first so failures show the body. */
export async function callJson<T = any>(path: string, options: CallOptions & { expect?: number } = {}): Promise<T> {
  const res = await call(path, options);
  const text = await res.text();
  if (options.expect !== undefined) expect(res.status, text).toBe(options.expect);
  if (text)
    expect(res.headers.get("content-type"), `${path}: JSON says its charset`).toBe("application/json; charset=utf-8");
  return (text ? JSON.parse(text) : null) as T;
}

let userCounter = 0;
export async function signUp(prefix = "user"): Promise<{ token: string; userId: string; email: string }> {
  const email = `${prefix}-${Date.now()}-${userCounter++}-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const result = await callJson("/api/auth/register", {
    body: { email, password: "correct horse battery" },
    expect: 201,
  });
  return { token: result.token, userId: result.user.id, email };
}

export async function createList(token: string, body: Record<string, unknown> = { name: "Talks" }): Promise<List> {
  return callJson<List>("/api/lists", { token, body, expect: 201 });
}

/** A deterministic, valid 11-character YouTube id for index n. */
export const ytId = (n: number) => `vid${String(n).padStart(8, "0")}`;

export async function addVideos(token: string, listId: string, ids: string[]): Promise<Video[]> {
  const added: Video[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const result = await callJson(`/api/lists/${listId}/videos/bulk`, {
      token,
      body: { urls: ids.slice(i, i + 1000) },
      expect: 200,
    });
    added.push(...result.added);
  }
  return added;
}

export function expectError(body: any, code: string) {
  expect(body).toMatchObject({ error: { code, message: expect.any(String) } });
}

/**
 * Asserts an error response's status and that its body is exactly the documented envelope
 * `{error: {code, message, details?}}`; returns the `error` object for further checks.
 */
export async function expectErrorResponse(
  res: Response,
  status: number,
  code: string,
): Promise<{ code: string; message: string; details?: any }> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get("content-type"), text).toBe("application/json; charset=utf-8");
  const body = JSON.parse(text);
  expect(Object.keys(body)).toEqual(["error"]);
  expect(
    Object.keys(body.error).every((key) => ["code", "message", "details"].includes(key)),
    text,
  ).toBe(true);
  expect(body.error.code).toBe(code);
  expect(body.error.message).toEqual(expect.stringMatching(/\S/));
  return body.error;
}

/** Follows `nextCursor` from the first page to the last; returns every page's items in order. */
export async function walkPages<T = any>(path: string, token: string, limit: number): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: String(limit) });
    if (cursor) query.set("cursor", cursor);
    const separator = path.includes("?") ? "&" : "?";
    const result: { items: T[]; nextCursor: string | null } = await callJson(`${path}${separator}${query}`, {
      token,
      expect: 200,
    });
    expect(result.items.length).toBeLessThanOrEqual(limit);
    pages.push(result.items);
    cursor = result.nextCursor;
    if (pages.length > 10_000) throw new Error(`pagination of ${path} never ends`);
  } while (cursor);
  return pages;
}

/**
 * Writes columns of videos straight into D1 (snake_case names), standing in for processing,
 * which these suites do not exercise. One batch, one transaction.
 */
export async function setVideoColumns(updates: { id: string; set: Record<string, unknown> }[]): Promise<void> {
  if (updates.length === 0) return;
  await env.DB.batch(
    updates.map(({ id, set }) => {
      const columns = Object.keys(set);
      const values = Object.values(set).map((value) =>
        value !== null && typeof value === "object" ? JSON.stringify(value) : value,
      );
      return env.DB.prepare(
        `UPDATE videos SET ${columns.map((column) => `${column} = ?`).join(", ")} WHERE id = ?`,
      ).bind(...values, id);
    }),
  );
}

/** Posts CSV to the import route, either as a multipart `file` or as a raw `text/csv` body. */
export function importCsv(
  token: string,
  listId: string,
  content: string | Uint8Array,
  as: "multipart" | "raw" = "multipart",
): Promise<Response> {
  const path = `/api/lists/${listId}/videos/import`;
  if (as === "raw") return call(path, { token, method: "POST", raw: content, headers: { "content-type": "text/csv" } });
  const form = new FormData();
  form.set("file", new File([content], "videos.csv", { type: "text/csv" }));
  return call(path, { token, method: "POST", raw: form });
}

/** Every video of a list, all pages, in the default order. */
export async function allVideos(token: string, listId: string): Promise<Video[]> {
  return (await walkPages<Video>(`/api/lists/${listId}/videos`, token, 200)).flat();
}
