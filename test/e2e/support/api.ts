import { expect } from "vitest";
import { e2e } from "./stack";

/**
 * Node-side calls to the same API the page uses, for what a test needs to know or set up without
 * clicking: the server's view of a job, or seed data for screenshots.
 */
export async function apiCall<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${e2e().baseUrl}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export interface JobView {
  id: string;
  status: string;
  total: number;
  processed: number;
  failed: number;
  progress: number;
}

/** Waits (by polling the API, not by sleeping) until the server says the job reached `status`. */
export async function waitForJobStatus(token: string, jobId: string, status: string): Promise<JobView> {
  await expect
    .poll(async () => (await apiCall<JobView>(token, "GET", `/api/jobs/${jobId}`)).status, { timeout: 60_000 })
    .toBe(status);
  return apiCall<JobView>(token, "GET", `/api/jobs/${jobId}`);
}

/** Like waitForJobStatus, for set-up code (beforeAll), where expect.poll is not allowed. */
export async function jobFinished(token: string, jobId: string, timeoutMs = 60_000): Promise<JobView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await apiCall<JobView>(token, "GET", `/api/jobs/${jobId}`);
    if (job.status !== "running" && job.status !== "paused") return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Distinct, valid, 11-character YouTube ids the fake upstream answers for. Ids starting with "zz"
 * are the fake's private videos, so none does.
 */
export function fakeYoutubeIds(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(11 - prefix.length, "0")}`);
}

/** The same ids written the many ways people paste them. */
export function asPastedUrls(ids: string[]): string[] {
  const forms = [
    (id: string) => `https://www.youtube.com/watch?v=${id}`,
    (id: string) => `https://youtu.be/${id}`,
    (id: string) => `youtube.com/shorts/${id}`,
    (id: string) => `https://m.youtube.com/watch?feature=share&v=${id}`,
    (id: string) => id,
  ];
  return ids.map((id, i) => (forms[i % forms.length] as (id: string) => string)(id));
}
