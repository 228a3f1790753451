import { VIDEO_SORTS, VIDEO_STATUSES, type VideoSort, type VideoStatus } from "../../../../src/shared/constants";
import type { Field } from "../../../../src/shared/schemas/fields";
import { PAGE_ONLY } from "./page-params";

/**
 * What the list page is finding, read from and written to its URL. The URL is the query: the
 * videos route, the facets route and a saved view all take the same parameters (API.md
 * "Finding videos"), so a shared link, a reload and a view open the same rows.
 */
export interface FieldFilter {
  /** enum, boolean, text, tags: any of these values. */
  values?: string[];
  /** number: inclusive bounds. */
  gte?: number;
  lte?: number;
  /** true: no value; false: has a value. */
  empty?: boolean;
}

export interface FindQuery {
  q?: string;
  status?: VideoStatus;
  needsRerun?: boolean;
  sort?: string;
  order?: "asc" | "desc";
  fields: Record<string, FieldFilter>;
}

const FIELD = "field.";

const splitValues = (raw: string) =>
  raw
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);

const toNumber = (raw: string | null) => {
  if (raw === null || raw.trim() === "") return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
};

/**
 * The query in the URL, keeping only what the list's fields make meaningful: a filter or sort on
 * a field the list no longer has is dropped rather than sent for a 400.
 */
export function readFindQuery(params: URLSearchParams, fields: Field[]): FindQuery {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const status = params.get("status");
  const sort = params.get("sort");
  const order = params.get("order");
  const query: FindQuery = {
    q: params.get("q")?.trim() || undefined,
    status: VIDEO_STATUSES.includes(status as VideoStatus) ? (status as VideoStatus) : undefined,
    needsRerun: params.get("needsRerun") === "true" || undefined,
    order: order === "asc" || order === "desc" ? order : undefined,
    fields: {},
  };
  if (sort && (VIDEO_SORTS.includes(sort as VideoSort) || (sort === "relevance" && query.q))) query.sort = sort;
  else if (sort?.startsWith(FIELD) && byKey.has(sort.slice(FIELD.length))) query.sort = sort;

  for (const [name, raw] of params) {
    if (!name.startsWith(FIELD)) continue;
    const [key = "", op] = name.slice(FIELD.length).split(".");
    const field = byKey.get(key);
    if (!field) continue;
    const filter = query.fields[key] ?? {};
    query.fields[key] = filter;
    if (op === undefined && field.type !== "number") filter.values = splitValues(raw);
    else if ((op === "gte" || op === "lte") && field.type === "number") filter[op] = toNumber(raw);
    else if (op === "empty" && (raw === "true" || raw === "false")) filter.empty = raw === "true";
  }
  for (const [key, filter] of Object.entries(query.fields)) if (isEmptyFilter(filter)) delete query.fields[key];
  return query;
}

export const isEmptyFilter = (f: FieldFilter) =>
  !f.values?.length && f.gte === undefined && f.lte === undefined && f.empty === undefined;

/** The query as API parameters (also a saved view's query string), in a stable order. */
export function findParams(query: FindQuery): Record<string, string> {
  const out: Record<string, string> = {};
  if (query.q) out.q = query.q;
  if (query.status) out.status = query.status;
  if (query.needsRerun) out.needsRerun = "true";
  for (const key of Object.keys(query.fields).sort()) {
    const filter = query.fields[key] as FieldFilter;
    if (filter.values?.length) out[`${FIELD}${key}`] = filter.values.join(",");
    if (filter.gte !== undefined) out[`${FIELD}${key}.gte`] = String(filter.gte);
    if (filter.lte !== undefined) out[`${FIELD}${key}.lte`] = String(filter.lte);
    if (filter.empty !== undefined) out[`${FIELD}${key}.empty`] = String(filter.empty);
  }
  if (query.sort) out.sort = query.sort;
  if (query.order) out.order = query.order;
  return out;
}

export const findQueryString = (query: FindQuery) => new URLSearchParams(findParams(query)).toString();

/** Whether the query narrows the rows (as opposed to only sorting them). */
export const isFiltering = (query: FindQuery) =>
  !!(query.q || query.status || query.needsRerun || Object.keys(query.fields).length);

/**
 * The URL patch that turns the page's current query into `next`: every query parameter the page
 * has is replaced, the page-only ones (open video, view) are left alone.
 */
export function urlPatchFor(current: URLSearchParams, next: FindQuery): Record<string, string | null> {
  const patch: Record<string, string | null> = {};
  for (const name of current.keys()) if (!PAGE_ONLY.has(name)) patch[name] = null;
  Object.assign(patch, findParams(next));
  return patch;
}

/** A saved view's query string, normalised the way findQueryString writes one, for comparison. */
export function normaliseQueryString(qs: string, fields: Field[]): string {
  return findQueryString(readFindQuery(new URLSearchParams(qs), fields));
}

export function withField(query: FindQuery, key: string, filter: FieldFilter | null): FindQuery {
  const fields = { ...query.fields };
  if (!filter || isEmptyFilter(filter)) delete fields[key];
  else fields[key] = filter;
  return { ...query, fields };
}
