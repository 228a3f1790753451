/**
 * The videos route's query string, read against a list's fields: one parser for the route, its
 * facets and saved views, so a query means the same everywhere. Fixed parameters are validated by
 * the shared zod schema; `field.<key>…` parameters by the field they name. Problems come back as
 * `{path, message}` (the parameter's name), and callers pick the status: 400 on a request, 422 in
 * a saved view's body.
 */
import { FIELD_PARAM_PREFIX, RELEVANCE_SORT, VIDEO_SORTS, type VideoSort, type VideoStatus } from "../shared/constants";
import type { Field } from "../shared/schemas/fields";
import { VideoQuery } from "../shared/schemas/videos";

export type FieldFilter =
  /** enum, boolean, text: the value is one of these; tags: has one of these. */
  | { kind: "anyOf"; field: Field; values: (string | boolean)[] }
  | { kind: "range"; field: Field; gte: number | null; lte: number | null }
  | { kind: "empty"; field: Field; empty: boolean };

/** Which videos: every condition holds (AND). Null means "no condition". */
export interface VideoFilter {
  q: string | null;
  status: VideoStatus | null;
  channelIds: string[] | null;
  durationSeconds: { gte: number | null; lte: number | null };
  /** ISO times, `from` inclusive and `before` exclusive, so a date covers its whole day. */
  publishedAt: { from: string | null; before: string | null };
  needsRerun: boolean | null;
  fields: FieldFilter[];
}

export type VideoOrder =
  | { kind: "column"; column: VideoSort }
  | { kind: "relevance" }
  | { kind: "field"; field: Field };

export interface ParsedVideoQuery {
  filter: VideoFilter;
  sort: VideoOrder;
  order: "asc" | "desc";
  limit: number;
  cursor: string | undefined;
}

export interface Problem {
  path: string;
  message: string;
}

export type ParseResult = { ok: true; query: ParsedVideoQuery } | { ok: false; problems: Problem[] };

const FIXED = new Set(Object.keys(VideoQuery.shape));
const SUFFIXES = ["gte", "lte", "empty"] as const;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** A filter that every video passes: the whole list. */
export const NO_FILTER: VideoFilter = {
  q: null,
  status: null,
  channelIds: null,
  durationSeconds: { gte: null, lte: null },
  publishedAt: { from: null, before: null },
  needsRerun: null,
  fields: [],
};

export function parseVideoQuery(params: URLSearchParams, fields: readonly Field[]): ParseResult {
  const problems: Problem[] = [];
  const fixed: Record<string, string> = {};
  const fieldParams = new Map<string, string[]>();
  for (const [name, value] of params) {
    if (name.startsWith(FIELD_PARAM_PREFIX)) fieldParams.set(name, [...(fieldParams.get(name) ?? []), value]);
    else if (!FIXED.has(name)) problems.push({ path: name, message: "Unknown query parameter" });
    else if (name in fixed) problems.push({ path: name, message: "Give this parameter once" });
    else fixed[name] = value;
  }

  const parsed = VideoQuery.safeParse(fixed);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      problems.push({ path: issue.path.map(String).join("."), message: issue.message });
  }
  const byKey = new Map(fields.map((field) => [field.key, field]));
  const fieldFilters = parseFieldFilters(fieldParams, byKey, problems);
  if (!parsed.success) return { ok: false, problems };

  const query = parsed.data;
  const q = query.q ? query.q : null;
  const sort = parseSort(query.sort, q, byKey, problems);
  if (problems.length > 0 || !sort) return { ok: false, problems };
  return {
    ok: true,
    query: {
      filter: {
        q,
        status: query.status ?? null,
        channelIds: query.channelId ? splitValues(query.channelId) : null,
        durationSeconds: { gte: query["durationSeconds.gte"] ?? null, lte: query["durationSeconds.lte"] ?? null },
        publishedAt: {
          from: query["publishedAt.gte"] ? startOf(query["publishedAt.gte"]) : null,
          before: query["publishedAt.lte"] ? endOf(query["publishedAt.lte"]) : null,
        },
        needsRerun: query.needsRerun === undefined ? null : query.needsRerun === "true",
        fields: fieldFilters,
      },
      sort,
      order: query.order,
      limit: query.limit,
      cursor: query.cursor,
    },
  };
}

function parseSort(
  sort: string | undefined,
  q: string | null,
  byKey: Map<string, Field>,
  problems: Problem[],
): VideoOrder | null {
  if (sort === undefined) return q ? { kind: "relevance" } : { kind: "column", column: "createdAt" };
  if (sort === RELEVANCE_SORT) {
    if (q) return { kind: "relevance" };
    problems.push({ path: "sort", message: "sort=relevance needs a search (q)" });
    return null;
  }
  if ((VIDEO_SORTS as readonly string[]).includes(sort)) return { kind: "column", column: sort as VideoSort };
  const field = byKey.get(sort.slice(FIELD_PARAM_PREFIX.length));
  if (field) return { kind: "field", field };
  problems.push({ path: "sort", message: `This list has no field "${sort.slice(FIELD_PARAM_PREFIX.length)}"` });
  return null;
}

function parseFieldFilters(params: Map<string, string[]>, byKey: Map<string, Field>, problems: Problem[]) {
  const filters: FieldFilter[] = [];
  const ranges = new Map<string, { field: Field; gte: number | null; lte: number | null }>();
  for (const [name, values] of params) {
    const [key = "", suffix, ...rest] = name.slice(FIELD_PARAM_PREFIX.length).split(".");
    const field = byKey.get(key);
    const problem = (message: string) => problems.push({ path: name, message });
    if (!field) {
      problem(`This list has no field "${key}"`);
      continue;
    }
    if (rest.length > 0 || (suffix !== undefined && !(SUFFIXES as readonly string[]).includes(suffix))) {
      problem(`Use field.${key}, field.${key}.gte, .lte or .empty`);
      continue;
    }
    if (suffix !== undefined && values.length > 1) {
      problem("Give this parameter once");
      continue;
    }
    const value = values[0] ?? "";
    if (suffix === "empty") {
      if (value === "true" || value === "false") filters.push({ kind: "empty", field, empty: value === "true" });
      else problem("Use true or false");
    } else if (suffix === "gte" || suffix === "lte") {
      if (field.type !== "number") problem(`${field.type} fields take values (field.${key}=a,b), not ranges`);
      else if (!NUMBER.test(value.trim())) problem("Give a number");
      else {
        const range = ranges.get(key) ?? { field, gte: null, lte: null };
        range[suffix] = Number(value);
        ranges.set(key, range);
      }
    } else {
      const parsed = parseValues(field, values.flatMap(splitValues));
      if (typeof parsed === "string") problem(parsed);
      else filters.push({ kind: "anyOf", field, values: parsed });
    }
  }
  for (const range of ranges.values()) filters.push({ kind: "range", ...range });
  return filters;
}

/** The values of an any-of filter, typed by the field; a message when one does not fit. */
function parseValues(field: Field, values: string[]): (string | boolean)[] | string {
  if (values.length === 0) return "Give at least one value";
  switch (field.type) {
    case "number":
      return `Number fields take ranges: field.${field.key}.gte= and .lte=`;
    case "boolean": {
      const bad = values.find((value) => value !== "true" && value !== "false");
      return bad === undefined ? values.map((value) => value === "true") : `"${bad}" is not true or false`;
    }
    case "enum":
    case "tags": {
      const bad = field.options ? values.find((value) => !field.options?.includes(value)) : undefined;
      return bad === undefined ? values : `"${bad}" is not one of ${(field.options ?? []).join(", ")}`;
    }
    case "text":
      return values;
  }
}

/** Comma-separated values, trimmed, without empty ones. */
const splitValues = (text: string) =>
  text
    .split(",")
    .map((value) => value.trim())
    .filter((value) => value !== "");

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const startOf = (text: string) => new Date(text).toISOString();
/** The instant just after the bound: a date includes its whole (UTC) day, a time itself. */
function endOf(text: string): string {
  const time = new Date(text).getTime();
  return new Date(DATE_ONLY.test(text) ? time + 86_400_000 : time + 1).toISOString();
}
