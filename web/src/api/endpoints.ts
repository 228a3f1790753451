/**
 * Every API call the UI makes, typed with the shared contract types. Only this file knows URLs;
 * moving to `hc<AppType>` from hono/client once src/app.ts exports AppType changes this file only.
 */
import type { z } from "zod";
import type { ProgressHistory } from "../../../src/shared/protocol";
import type {
  ApiToken,
  BulkAddResult,
  CreatedToken as CreatedTokenSchema,
  Field,
  ImportResult,
  Job,
  JobDetail,
  JobStatus,
  List,
  ProcessingStatus,
  User,
  Video,
  VideoQuery,
} from "../../../src/shared/schemas";
import { download, request } from "./client";

export type CreatedToken = z.infer<typeof CreatedTokenSchema>;
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export interface AuthResult {
  user: User;
  token: string;
}
export type VideoFilters = Partial<Pick<VideoQuery, "status" | "q" | "sort" | "order">>;
export interface ListPatch {
  name?: string;
  description?: string;
  fields?: Field[];
}

const id = (value: string) => encodeURIComponent(value);

export const api = {
  register: (email: string, password: string) =>
    request<AuthResult>("POST", "/api/auth/register", { json: { email, password }, signOutOn401: false }),
  login: (email: string, password: string) =>
    request<AuthResult>("POST", "/api/auth/login", { json: { email, password }, signOutOn401: false }),
  logout: () => request<void>("POST", "/api/auth/logout", { signOutOn401: false }),
  me: () => request<{ user: User }>("GET", "/api/me"),

  tokens: () => request<{ items: ApiToken[] }>("GET", "/api/tokens"),
  createToken: (name: string) => request<CreatedToken>("POST", "/api/tokens", { json: { name } }),
  revokeToken: (tokenId: string) => request<void>("DELETE", `/api/tokens/${id(tokenId)}`),

  lists: (cursor?: string) => request<Page<List>>("GET", "/api/lists", { query: { limit: 100, cursor } }),
  list: (listId: string) => request<List>("GET", `/api/lists/${id(listId)}`),
  createList: (body: { name: string; description?: string; fields?: Field[] }) =>
    request<List>("POST", "/api/lists", { json: body }),
  updateList: (listId: string, patch: ListPatch) => request<List>("PATCH", `/api/lists/${id(listId)}`, { json: patch }),
  deleteList: (listId: string) => request<void>("DELETE", `/api/lists/${id(listId)}`),

  videos: (listId: string, filters: VideoFilters, cursor?: string, limit = 100, signal?: AbortSignal) =>
    request<Page<Video>>("GET", `/api/lists/${id(listId)}/videos`, { query: { ...filters, cursor, limit }, signal }),
  video: (videoId: string) => request<Video>("GET", `/api/videos/${id(videoId)}`),
  deleteVideo: (videoId: string) => request<void>("DELETE", `/api/videos/${id(videoId)}`),
  bulkAdd: (listId: string, text: string) =>
    request<BulkAddResult>("POST", `/api/lists/${id(listId)}/videos/bulk`, { json: { text } }),
  importCsv: (listId: string, file: File) => {
    const form = new FormData();
    form.append("file", file);
    return request<ImportResult>("POST", `/api/lists/${id(listId)}/videos/import`, { body: form });
  },
  exportVideos: (listId: string, format: "csv" | "json", fallbackName: string) =>
    download(`/api/lists/${id(listId)}/videos/export`, { format }, `${fallbackName}.${format}`),

  processingStatus: (listId: string) => request<ProcessingStatus>("GET", `/api/lists/${id(listId)}/processing-status`),
  process: (listId: string, body: { force?: boolean; videoIds?: string[] }, idempotencyKey: string) =>
    request<Job>("POST", `/api/lists/${id(listId)}/process`, {
      json: body,
      headers: { "Idempotency-Key": idempotencyKey },
    }),

  jobs: (filters: { listId?: string; status?: JobStatus }, cursor?: string) =>
    request<Page<Job>>("GET", "/api/jobs", { query: { ...filters, cursor, limit: 50 } }),
  job: (jobId: string) => request<JobDetail>("GET", `/api/jobs/${id(jobId)}`),
  jobAction: (jobId: string, action: "pause" | "resume" | "cancel" | "retry") =>
    request<Job>("POST", `/api/jobs/${id(jobId)}/${action}`),
  progressHistory: (jobId: string, after = 0, limit = 100) =>
    request<ProgressHistory>("GET", `/api/jobs/${id(jobId)}/progress-history`, { query: { after, limit } }),
};

/** The live-progress socket URL; browsers cannot send headers on an upgrade, so the token rides along. */
export function progressSocketUrl(token: string, after: number | null): string {
  const base = new URL("/api/ws/progress", window.location.href);
  base.protocol = base.protocol === "https:" ? "wss:" : "ws:";
  base.searchParams.set("token", token);
  if (after !== null) base.searchParams.set("after", String(after));
  return base.toString();
}
