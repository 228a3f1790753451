/**
 * Every API call the UI makes, through `hc<AppType>`: paths, parameters and bodies are checked
 * against the Worker's routes at compile time. Results are typed with the shared contract types.
 * Only this file knows URLs.
 */
import { hc } from "hono/client";
import type { z } from "zod";
import type { AppType } from "../../../src/app";
import type { JobStatus } from "../../../src/shared/constants";
import type { ProgressHistory } from "../../../src/shared/protocol";
import type { Field } from "../../../src/shared/schemas/fields";
import type { Job, JobDetail, ProcessingStatus } from "../../../src/shared/schemas/jobs";
import type { List } from "../../../src/shared/schemas/lists";
import type { ApiToken, CreatedToken as CreatedTokenSchema, User } from "../../../src/shared/schemas/users";
import type { BulkAddResult, ImportResult, Video, VideoQuery } from "../../../src/shared/schemas/videos";
import type { WsTicket } from "../../../src/shared/schemas/ws-tickets";
import { authedFetch, download, unwrap } from "./client";

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

const client = hc<AppType>("/api", { fetch: authedFetch() });
// On the sign-in form a 401 means "wrong password", not "your session ended".
const publicClient = hc<AppType>("/api", { fetch: authedFetch({ signOutOn401: false }) });

/** Query strings are strings: drop empty values, stringify the rest. */
function query(values: Record<string, string | number | undefined | null>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values))
    if (value !== undefined && value !== null && value !== "") out[key] = String(value);
  return out;
}

export const api = {
  register: (email: string, password: string) =>
    unwrap<AuthResult>(publicClient.auth.register.$post({ json: { email, password } })),
  login: (email: string, password: string) =>
    unwrap<AuthResult>(publicClient.auth.login.$post({ json: { email, password } })),
  logout: () => unwrap<void>(publicClient.auth.logout.$post()),
  me: () => unwrap<{ user: User }>(client.me.$get()),

  tokens: () => unwrap<{ items: ApiToken[] }>(client.tokens.$get()),
  createToken: (name: string) => unwrap<CreatedToken>(client.tokens.$post({ json: { name } })),
  revokeToken: (id: string) => unwrap<void>(client.tokens[":id"].$delete({ param: { id } })),

  lists: (cursor?: string) => unwrap<Page<List>>(client.lists.$get({ query: query({ limit: 100, cursor }) })),
  list: (id: string) => unwrap<List>(client.lists[":id"].$get({ param: { id } })),
  createList: (body: { name: string; description?: string; fields?: Field[] }) =>
    unwrap<List>(client.lists.$post({ json: body })),
  updateList: (id: string, patch: ListPatch) =>
    unwrap<List>(client.lists[":id"].$patch({ param: { id }, json: patch })),
  deleteList: (id: string) => unwrap<void>(client.lists[":id"].$delete({ param: { id } })),

  videos: (id: string, filters: VideoFilters, cursor?: string, limit = 100, signal?: AbortSignal) =>
    unwrap<Page<Video>>(
      client.lists[":id"].videos.$get(
        { param: { id }, query: query({ ...filters, cursor, limit }) },
        { init: { signal } },
      ),
    ),
  video: (id: string) => unwrap<Video>(client.videos[":id"].$get({ param: { id } })),
  deleteVideo: (id: string) => unwrap<void>(client.videos[":id"].$delete({ param: { id } })),
  bulkAdd: (id: string, text: string) =>
    unwrap<BulkAddResult>(client.lists[":id"].videos.bulk.$post({ param: { id }, json: { text } })),
  importCsv: (id: string, file: File) =>
    unwrap<ImportResult>(client.lists[":id"].videos.import.$post({ param: { id }, form: { file } })),
  // A download, not JSON: the browser needs the bytes as a file.
  exportVideos: (id: string, format: "csv" | "json", fallbackName: string) =>
    download(`/api/lists/${encodeURIComponent(id)}/videos/export`, { format }, `${fallbackName}.${format}`),

  processingStatus: (id: string) =>
    unwrap<ProcessingStatus>(client.lists[":id"]["processing-status"].$get({ param: { id } })),
  process: (id: string, body: { force?: boolean; videoIds?: string[] }, idempotencyKey: string) =>
    unwrap<Job>(
      client.lists[":id"].process.$post({ param: { id }, json: body, header: { "idempotency-key": idempotencyKey } }),
    ),

  jobs: (filters: { listId?: string; status?: JobStatus }, cursor?: string) =>
    unwrap<Page<Job>>(client.jobs.$get({ query: query({ ...filters, cursor, limit: 50 }) })),
  job: (id: string) => unwrap<JobDetail>(client.jobs[":id"].$get({ param: { id } })),
  jobAction: (id: string, action: "pause" | "resume" | "cancel" | "retry") =>
    unwrap<Job>(
      action === "retry"
        ? client.jobs[":id"].retry.$post({ param: { id }, header: {} })
        : client.jobs[":id"][action].$post({ param: { id } }),
    ),
  wsTicket: () => unwrap<WsTicket>(client.ws.ticket.$post()),
  progressHistory: (id: string, after = 0, limit = 100) =>
    unwrap<ProgressHistory>(
      client.jobs[":id"]["progress-history"].$get({ param: { id }, query: query({ after, limit }) }),
    ),
};

/**
 * The live-progress socket URL. Browsers cannot send headers on an upgrade, and a token in a URL
 * ends up in logs, so the URL carries a single-use ticket from `api.wsTicket()` instead.
 */
export function progressSocketUrl(ticket: string, after: number | null): string {
  const base = new URL("/api/ws/progress", window.location.href);
  base.protocol = base.protocol === "https:" ? "wss:" : "ws:";
  base.searchParams.set("ticket", ticket);
  if (after !== null) base.searchParams.set("after", String(after));
  return base.toString();
}
