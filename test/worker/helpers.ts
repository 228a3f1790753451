/** Calls the Worker exactly as an outside client would, through its fetch handler. */
import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import type { List, Video } from "../../src/shared/schemas";

export const BASE = "https://tubelist.test";

export interface CallOptions {
  method?: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  raw?: BodyInit;
}

export async function call(path: string, options: CallOptions = {}): Promise<Response> {
  const headers = new Headers(options.headers);
  if (options.token) headers.set("Authorization", `Bearer ${options.token}`);
  let body: BodyInit | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  return exports.default.fetch(
    new Request(`${BASE}${path}`, { method: options.method ?? (body ? "POST" : "GET"), headers, body }),
  );
}

/** Calls and parses JSON, asserting the status first so failures show the body. */
export async function callJson<T = any>(path: string, options: CallOptions & { expect?: number } = {}): Promise<T> {
  const res = await call(path, options);
  const text = await res.text();
  if (options.expect !== undefined) expect(res.status, text).toBe(options.expect);
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
