/**
 * The search index as it should be, computed here in JavaScript from the rows of `videos` and
 * `lists` (not by the triggers' SQL), and compared with what D1 holds. A test calls
 * `expectIndexInStep()` after any write to prove the triggers followed it.
 */
import { env } from "cloudflare:test";
import { expect } from "vitest";

interface FieldDef {
  key: string;
  type: string;
  options?: string[];
}
interface VideoState {
  id: string;
  list_id: string;
  user_id: string;
  status: string;
  channel_id: string | null;
  title: string | null;
  description: string | null;
  channel_title: string | null;
  tags: string | null;
  chapters: string | null;
  fields: string | null;
}

export const EMPTY = "∅";

/** The values one field of one video is indexed under: what fits the field, else EMPTY. */
export function indexedValues(field: FieldDef, value: unknown): (string | number)[] {
  switch (field.type) {
    case "text":
      return typeof value === "string" ? [value] : [EMPTY];
    case "enum":
      return typeof value === "string" && field.options?.includes(value) ? [value] : [EMPTY];
    case "number":
      return typeof value === "number" ? [value] : [EMPTY];
    case "boolean":
      return typeof value === "boolean" ? [value ? 1 : 0] : [EMPTY];
    case "tags": {
      if (!Array.isArray(value)) return [EMPTY];
      const seen = new Set<string>();
      const kept: string[] = [];
      for (const tag of value) {
        if (typeof tag !== "string" || (field.options && !field.options.includes(tag))) continue;
        // The index compares text without case: "Rust" and "rust" are one value.
        if (!seen.has(tag.toLowerCase())) kept.push(tag);
        seen.add(tag.toLowerCase());
      }
      return kept.length > 0 ? kept : [EMPTY];
    }
    default:
      throw new Error(`unknown field type ${field.type}`);
  }
}

const words = (text: string | null | undefined) => (text ?? "").split(/\s+/).filter(Boolean).sort();
const parse = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

async function stateOf(listIds: string[]) {
  const ids = JSON.stringify(listIds);
  const [videos, lists, values, documents, counts, pairs, types] = await env.DB.batch<any>([
    env.DB.prepare(
      "SELECT id, list_id, user_id, status, channel_id, title, description, channel_title, tags, chapters, fields FROM videos WHERE list_id IN (SELECT value FROM json_each(?))",
    ).bind(ids),
    env.DB.prepare("SELECT id, fields FROM lists WHERE id IN (SELECT value FROM json_each(?))").bind(ids),
    env.DB.prepare(
      "SELECT list_id, key, value, video_id FROM video_field_values WHERE list_id IN (SELECT value FROM json_each(?))",
    ).bind(ids),
    env.DB.prepare(
      `SELECT d.video_id, f.title, f.description, f.channel, f.tags, f.chapters, f.fields,
         b.list_id AS block_list, r.user_id AS region_user
       FROM videos_fts f JOIN video_search_docs d ON d.doc = f.rowid
       LEFT JOIN search_blocks b ON b.block = d.doc >> 20 LEFT JOIN search_regions r ON r.region = d.doc >> 28`,
    ),
    env.DB.prepare(
      "SELECT list_id, facet, value, n FROM list_facet_counts WHERE list_id IN (SELECT value FROM json_each(?))",
    ).bind(ids),
    env.DB.prepare(
      "SELECT list_id, facet, value, facet2, value2, n FROM list_facet_pairs WHERE list_id IN (SELECT value FROM json_each(?))",
    ).bind(ids),
    env.DB.prepare(
      "SELECT list_id, key, type, options FROM list_field_types WHERE list_id IN (SELECT value FROM json_each(?))",
    ).bind(ids),
  ]);
  return {
    videos: videos!.results as VideoState[],
    fields: new Map((lists!.results as any[]).map((row) => [row.id, JSON.parse(row.fields) as FieldDef[]])),
    values: values!.results as any[],
    documents: new Map((documents!.results as any[]).map((row) => [row.video_id, row])),
    counts: counts!.results as any[],
    pairs: pairs!.results as any[],
    types: types!.results as any[],
  };
}

/** Every field-value row and search document of these lists is exactly what their videos hold. */
export async function expectIndexInStep(...listIds: string[]) {
  const state = await stateOf(listIds);
  // The triggers' copy of each list's field types is the list's fields.
  const typeRow = (listId: string, key: string, type: string, options: unknown) =>
    JSON.stringify([listId, key, type, options ?? null]);
  expect(
    state.types.map((row) => typeRow(row.list_id, row.key, row.type, row.options && JSON.parse(row.options))).sort(),
  ).toEqual(
    [...state.fields]
      .flatMap(([listId, fields]) => fields.map((field) => typeRow(listId, field.key, field.type, field.options)))
      .sort(),
  );
  const expected: string[] = [];
  for (const video of state.videos) {
    const values = parse<Record<string, unknown>>(video.fields);
    for (const field of state.fields.get(video.list_id) ?? []) {
      for (const value of indexedValues(field, values?.[field.key])) {
        expected.push(JSON.stringify([video.list_id, field.key, value, video.id]));
      }
    }
  }
  const actual = state.values.map((row) =>
    // The empty value, -Infinity, reaches JavaScript as null.
    JSON.stringify([row.list_id, row.key, row.value === null ? EMPTY : row.value, row.video_id]),
  );
  expect(actual.sort()).toEqual(expected.sort());

  // The whole-list facet counts: one per status, channel and field value, none at zero.
  const tally = new Map<string, number>();
  const add = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);
  for (const row of expected) {
    const [listId, key, value] = JSON.parse(row);
    add(JSON.stringify([listId, `field:${key}`, value]));
  }
  for (const video of state.videos) {
    add(JSON.stringify([video.list_id, "status", video.status]));
    if (video.channel_id !== null) add(JSON.stringify([video.list_id, "channel", video.channel_id]));
  }
  const counted = state.counts.map((row) =>
    JSON.stringify([JSON.stringify([row.list_id, row.facet, row.value === null ? EMPTY : row.value]), row.n]),
  );
  expect(counted.sort()).toEqual([...tally].map(([key, n]) => JSON.stringify([key, n])).sort());
  expectPairsInStep(state, expected);

  for (const video of state.videos) {
    const document = state.documents.get(video.id);
    const values = parse<Record<string, unknown>>(video.fields);
    const hasContent = [video.title, video.description, video.channel_title, video.tags, video.chapters, video.fields];
    if (hasContent.every((column) => column === null)) {
      expect(document, video.id).toBeUndefined();
      continue;
    }
    const fieldText = (state.fields.get(video.list_id) ?? []).flatMap((field) => {
      const value = values?.[field.key];
      if (field.type === "text" && typeof value === "string") return [value];
      if (field.type === "tags" && Array.isArray(value)) return value.filter((tag) => typeof tag === "string");
      return [];
    });
    expect(
      {
        title: document?.title ?? null,
        description: document?.description ?? null,
        channel: document?.channel ?? null,
        tags: words(document?.tags),
        chapters: words(document?.chapters),
        fields: words(document?.fields),
        // Its number lies in a block of its list, in a region of its user.
        block: document?.block_list,
        region: document?.region_user,
      },
      video.id,
    ).toEqual({
      title: video.title,
      description: video.description,
      channel: video.channel_title,
      tags: words((parse<string[]>(video.tags) ?? []).join(" ")),
      chapters: words((parse<{ title: string }[]>(video.chapters) ?? []).map((c) => c.title).join(" ")),
      fields: words(fieldText.join(" ")),
      block: video.list_id,
      region: video.user_id,
    });
  }
}

type Entry = { key: string; value: string | number };
/** The index's order of two values of a video: keys as text, then "empty" lowest, numbers before text, text without case. */
function before(a: Entry, b: Entry) {
  if (a.key !== b.key) return a.key < b.key;
  const rank = (value: string | number) =>
    value === EMPTY ? [0, 0] : typeof value === "number" ? [1, value] : [2, value.toLowerCase()];
  const [ra, va] = rank(a.value) as [number, string | number];
  const [rb, vb] = rank(b.value) as [number, string | number];
  return ra !== rb ? ra < rb : va < vb;
}

/**
 * The pair counts: per video, every two of its paired values (enum, boolean and tags values, and
 * "empty" of those and of number fields) once, the smaller first, when at least one of the two is
 * not empty, and each non-empty paired value with the video's channel. Counts at zero may stay;
 * none is negative. `expected`: the field-value rows.
 */
function expectPairsInStep(state: Awaited<ReturnType<typeof stateOf>>, expected: string[]) {
  const byVideo = new Map<string, Entry[]>();
  for (const row of expected) {
    const [listId, key, value, videoId] = JSON.parse(row);
    const type = state.fields.get(listId)?.find((field) => field.key === key)?.type ?? "";
    if (!(["enum", "boolean", "tags"].includes(type) || (type === "number" && value === EMPTY))) continue;
    byVideo.set(videoId, [...(byVideo.get(videoId) ?? []), { key, value }]);
  }
  const tally = new Map<string, number>();
  // Pairs are keyed without case, and a count at zero keeps the case it was first written in.
  const fold = (value: unknown) => (typeof value === "string" ? value.toLowerCase() : value);
  const add = (...pair: unknown[]) => {
    const key = JSON.stringify(pair.map(fold));
    tally.set(key, (tally.get(key) ?? 0) + 1);
  };
  for (const video of state.videos) {
    const entries = byVideo.get(video.id) ?? [];
    for (const a of entries) {
      if (a.value === EMPTY) continue;
      if (video.channel_id !== null) add(video.list_id, `field:${a.key}`, a.value, "channel", video.channel_id);
      for (const b of entries) {
        if (b.value !== EMPTY && !before(a, b)) continue;
        const [first, second] = before(a, b) ? [a, b] : [b, a];
        add(video.list_id, `field:${first.key}`, first.value, `field:${second.key}`, second.value);
      }
    }
  }
  expect(state.pairs.filter((row) => row.n < 0)).toEqual([]);
  const empty = (value: unknown) => (value === null ? EMPTY : value);
  const actual = state.pairs
    .filter((row) => row.n > 0)
    .map((row) => [
      JSON.stringify([row.list_id, row.facet, empty(row.value), row.facet2, empty(row.value2)].map(fold)),
      row.n,
    ]);
  expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(tally));
}

/** Rows of the index left for videos that no longer exist: there must be none. */
export async function orphanedIndexRows() {
  const row = await env.DB.prepare(
    `SELECT
       (SELECT count(*) FROM video_field_values WHERE video_id NOT IN (SELECT id FROM videos)) AS values_left,
       (SELECT count(*) FROM video_search_docs WHERE video_id NOT IN (SELECT id FROM videos)) AS docs_left,
       (SELECT count(*) FROM videos_fts WHERE rowid NOT IN (SELECT doc FROM video_search_docs)) AS documents_left,
       (SELECT count(*) FROM list_facet_pairs WHERE list_id NOT IN (SELECT id FROM lists)) AS pairs_left,
       (SELECT count(*) FROM list_field_types WHERE list_id NOT IN (SELECT id FROM lists)) AS types_left`,
  ).first<{ values_left: number; docs_left: number; documents_left: number; pairs_left: number; types_left: number }>();
  return row;
}
