/**
 * The API calls the UI makes, through `hc<AppType>`: paths, parameters, bodies and answers are
 * all inferred from the Worker's OpenAPI routes, so a contract change breaks the UI's build
 * instead of its users. Only web/src/api knows URLs. This file holds what any first screen may
 * need; the calls of screens and panels that load later (settings, sources and subscriptions,
 * sharing) sit beside it in their own files, so the entry does not carry them.
 */
import { hc } from "hono/client";
import type { AppType } from "../../../src/app";
import type { JobStatus } from "../../../src/shared/constants";
import type { Field } from "../../../src/shared/schemas/fields";
import { PAGE_ONLY } from "../features/find/page-params";
import { PAGE_SIZE, RECENT_JOBS } from "../lib/page-size";
import { authedFetch, download, ok, prefetch } from "./client";

/**
 * The videos route's query parameters as find-query.ts builds them: search, status, sort and the
 * field filters, whose names (`field.<key>.gte`) depend on the list, so no static type holds them.
 */
export type VideoFilters = Record<string, string>;

export interface ListPatch {
  name?: string;
  description?: string;
  fields?: Field[];
}

export const client = hc<AppType>("/api", { fetch: authedFetch() });
// On the sign-in form a 401 means "wrong password", not "your session ended".
export const publicClient = hc<AppType>("/api", { fetch: authedFetch({ signOutOn401: false }) });

/** Query strings are strings: drop empty values, stringify the rest. */
export function query(values: Record<string, string | number | undefined | null>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values))
    if (value !== undefined && value !== null && value !== "") out[key] = String(value);
  return out;
}

export const api = {
  register: (email: string, password: string) => ok(publicClient.auth.register.$post({ json: { email, password } })),
  login: (email: string, password: string) => ok(publicClient.auth.login.$post({ json: { email, password } })),
  logout: () => ok(publicClient.auth.logout.$post()),
  me: () => ok(client.me.$get()),

  lists: (cursor?: string, limit = 100) => ok(client.lists.$get({ query: query({ limit, cursor }) })),
  list: (id: string) => ok(client.lists[":id"].$get({ param: { id } })),
  createList: (body: { name: string; description?: string; fields?: Field[] }) =>
    ok(client.lists.$post({ json: body })),
  updateList: (id: string, patch: ListPatch) => ok(client.lists[":id"].$patch({ param: { id }, json: patch })),
  deleteList: (id: string) => ok(client.lists[":id"].$delete({ param: { id } })),

  videos: (id: string, filters: VideoFilters, cursor?: string, limit = 100, signal?: AbortSignal) =>
    ok(
      client.lists[":id"].videos.$get(
        { param: { id }, query: query({ ...filters, cursor, limit }) },
        { init: { signal } },
      ),
    ),
  facets: (id: string, filters: VideoFilters) =>
    ok(client.lists[":id"].facets.$get({ param: { id }, query: query(filters) })),
  views: (id: string) => ok(client.lists[":id"].views.$get({ param: { id } })),
  createView: (id: string, name: string, queryString: string) =>
    ok(client.lists[":id"].views.$post({ param: { id }, json: { name, query: queryString } })),
  updateView: (id: string, patch: { name?: string; query?: string }) =>
    ok(client.views[":id"].$patch({ param: { id }, json: patch })),
  deleteView: (id: string) => ok(client.views[":id"].$delete({ param: { id } })),
  correctVideo: (id: string, fields: Record<string, unknown>) =>
    ok(client.videos[":id"].$patch({ param: { id }, json: { fields } })),
  /** `keepalive` lets a deletion started as the tab closes still reach the server. */
  deleteVideos: (listId: string, videoIds: string[], keepalive = false) =>
    ok(client.lists[":id"].videos.delete.$post({ param: { id: listId }, json: { videoIds } }, { init: { keepalive } })),
  moveVideos: (listId: string, body: { videoIds: string[]; toListId: string; copy?: boolean }) =>
    ok(client.lists[":id"].videos.move.$post({ param: { id: listId }, json: body })),
  video: (id: string) => ok(client.videos[":id"].$get({ param: { id } })),
  // A download, not JSON: the browser needs the bytes as a file.
  exportVideos: (id: string, format: "csv" | "json", fallbackName: string) =>
    download(`/api/lists/${encodeURIComponent(id)}/videos/export`, { format }, `${fallbackName}.${format}`),

  processingStatus: (id: string) => ok(client.lists[":id"]["processing-status"].$get({ param: { id } })),
  process: (id: string, body: { force?: boolean; videoIds?: string[] }, idempotencyKey: string) =>
    ok(client.lists[":id"].process.$post({ param: { id }, json: body, header: { "idempotency-key": idempotencyKey } })),

  jobs: (filters: { listId?: string; status?: JobStatus; outcome?: JobStatus }, cursor?: string, limit = 50) =>
    ok(client.jobs.$get({ query: query({ ...filters, cursor, limit }) })),
  job: (id: string) => ok(client.jobs[":id"].$get({ param: { id } })),
  /** Retry asks for the failures a retry can fix only: re-running private videos fails them again. */
  jobAction: (id: string, action: "pause" | "resume" | "cancel" | "retry") =>
    action === "retry"
      ? ok(client.jobs[":id"].retry.$post({ param: { id }, header: {}, query: { only: "retryable" } }))
      : ok(client.jobs[":id"][action].$post({ param: { id } })),
  jobFailures: (id: string) => ok(client.jobs[":id"].failures.$get({ param: { id } })),
  wsTicket: () => ok(client.ws.ticket.$post()),

  publicList: (slug: string, filters: VideoFilters, cursor?: string, limit = 50, signal?: AbortSignal) =>
    ok(
      publicClient.public.lists[":slug"].$get(
        { param: { slug }, query: query({ ...filters, status: undefined, cursor, limit }) },
        { init: { signal } },
      ),
    ),
  progressHistory: (id: string, after = 0, limit = 100) =>
    ok(client.jobs[":id"]["progress-history"].$get({ param: { id }, query: query({ after, limit }) })),
};

/**
 * What a signed-in start on `path` asks for before it can draw (its first GETs, a list page's
 * recent jobs for its job card, and the progress socket's ticket), started by the entry at once (client.ts prefetch) instead of after the
 * shell's and the screen's code have loaded. Each URL is built here exactly as the screen's own
 * call builds it (same parameters, same page size), or the screen would not find it; a list page
 * with a search or filter in its URL asks for its videos itself.
 */
export function prefetchFirstScreen(path: string, search: string) {
  const urls: string[] = [client.me.$path()];
  if (path === "/" || path === "/lists") urls.push(client.lists.$path({ query: query({ limit: PAGE_SIZE }) }));
  const listId = /^\/lists\/([^/]+)\/?$/.exec(path)?.[1];
  if (listId) {
    const param = { id: decodeURIComponent(listId) };
    urls.push(
      client.lists[":id"].$path({ param }),
      client.lists[":id"]["processing-status"].$path({ param }),
      client.lists[":id"].views.$path({ param }),
      client.jobs.$path({ query: query({ listId: param.id, limit: RECENT_JOBS }) }),
    );
    if ([...new URLSearchParams(search).keys()].every((key) => PAGE_ONLY.has(key)))
      urls.push(client.lists[":id"].videos.$path({ param, query: query({ limit: PAGE_SIZE }) }));
  }
  prefetch([
    ...urls.map((url) => ({ url: `/api${url}` })),
    { url: `/api${client.ws.ticket.$path()}`, method: "POST" as const },
  ]);
}

/** The answer type of one API call: `Answer<"list">` is a List. */
export type Answer<K extends keyof typeof api> = Awaited<ReturnType<(typeof api)[K]>>;
export type PublicListAnswer = Answer<"publicList">;
/** A video as the videos route answers it: with `fieldSources`, and `match` under a search. */
export type FoundVideo = Answer<"videos">["items"][number];
export type Match = NonNullable<FoundVideo["match"]>;
export type Facets = Answer<"facets">;
type FieldFacet = Facets["fields"][string];
export type ValueFacet = Extract<FieldFacet, { values: unknown }>;
export type NumberFacet = Exclude<FieldFacet, ValueFacet>;
export type View = Answer<"views">["items"][number];

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
