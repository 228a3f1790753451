/**
 * Filters and sorts of the videos route against a list whose expected answers are computed here,
 * from the fixture itself (not by SQL): every filter type alone and combined, and every sort in
 * both orders walked page by page at a small limit, with no gap, repeat or misplaced row.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { processedVersionFor } from "../../src/domain/pipeline-version";
import type { Video } from "../../src/shared/schemas/videos";
import { addVideos, callJson, createList, setVideoColumns, signUp, walkPages, ytId } from "./helpers";
import { EMPTY, indexedValues } from "./support/find-index";

const FIELDS = [
  { key: "level", label: "Level", type: "enum", options: ["easy", "medium", "hard"] },
  { key: "minutes", label: "Minutes", type: "number" },
  { key: "has_code", label: "Has code", type: "boolean" },
  { key: "speakers", label: "Speakers", type: "tags" },
  { key: "topics", label: "Topics", type: "tags", options: ["rust", "go", "sql"] },
  { key: "summary", label: "Summary", type: "text" },
] as const;

const COUNT = 36;
const UNPROCESSED = 32; // videos from here on were never processed

/** The fixture, by index: what each video holds. Values that do not fit their field are on purpose. */
function fixture(i: number) {
  const processed = i < UNPROCESSED;
  const fields = processed
    ? {
        level: ["easy", "medium", "hard", null, "HARD", undefined][i % 6],
        minutes: i % 5 === 0 ? null : ((i * 7) % 40) + (i % 3 === 0 ? 0.5 : 0),
        has_code: i % 4 === 0 ? null : i % 2 === 0,
        speakers: i % 7 === 0 ? [] : [["Ada", "Linus"], ["grace"], ["Zed", "ada"]][i % 3],
        topics: [["rust"], ["go", "sql"], [], ["rust", "sql", "cobol"]][i % 4],
        summary: i % 5 === 1 ? null : `Summary ${i % 4}`,
      }
    : null;
  return {
    fields,
    channel_id: processed ? `UC${i % 3}` : null,
    channel_title: processed ? `Channel ${i % 3}` : null,
    title: processed ? `Video ${String(i).padStart(2, "0")}` : null,
    duration_seconds: processed ? i * 30 : null,
    published_at: processed
      ? `2024-0${1 + (i % 2)}-${String(1 + (i % 28)).padStart(2, "0")}T${i % 3 === 0 ? "23:59:59" : "12:00:00"}.000Z`
      : null,
    status: processed ? (i % 9 === 0 ? "failed" : "completed") : "pending",
    processed_version: processed ? (i % 2 === 0 ? "current" : "p0-older") : null,
  };
}

let token: string;
let listId: string;
/** Fixture by video id, with the list's current version filled in. */
const byId = new Map<string, ReturnType<typeof fixture>>();

beforeAll(async () => {
  ({ token } = await signUp("filters"));
  listId = (await createList(token, { name: "Filtered", fields: FIELDS as any })).id;
  const videos = await addVideos(
    token,
    listId,
    Array.from({ length: COUNT }, (_, i) => ytId(8000 + i)),
  );
  const version = await processedVersionFor(FIELDS as any);
  const updates = videos.map((video, i) => {
    const data = fixture(i);
    if (data.processed_version === "current") data.processed_version = version;
    byId.set(video.id, data);
    return { id: video.id, set: data };
  });
  await setVideoColumns(updates);
});

const fieldOf = (key: string) => FIELDS.find((field) => field.key === key)!;
/** What a video holds for a field, as the API means it: the value if it fits, else empty. */
const valuesOf = (id: string, key: string) =>
  indexedValues(fieldOf(key) as any, (byId.get(id)?.fields as any)?.[key]).filter((value) => value !== EMPTY);
const lower = (value: unknown) => String(value).toLowerCase();

async function idsFor(query: string, limit = 7): Promise<string[]> {
  const pages = await walkPages<Video>(`/api/lists/${listId}/videos?${query}`, token, limit);
  const ids = pages.flat().map((video) => video.id);
  expect(new Set(ids).size, query).toBe(ids.length);
  return ids;
}
const expectedIds = (keep: (id: string, data: ReturnType<typeof fixture>) => boolean) =>
  [...byId].filter(([id, data]) => keep(id, data)).map(([id]) => id);

describe("every filter selects exactly the videos that match", () => {
  const cases: [string, (id: string, data: ReturnType<typeof fixture>) => boolean][] = [
    ["field.level=hard", (id) => valuesOf(id, "level").includes("hard")],
    ["field.level=easy,medium", (id) => ["easy", "medium"].some((v) => valuesOf(id, "level").includes(v))],
    ["field.has_code=true", (id) => valuesOf(id, "has_code").includes(1)],
    ["field.has_code=false", (id) => valuesOf(id, "has_code").includes(0)],
    ["field.has_code=true,false", (id) => valuesOf(id, "has_code").length > 0],
    // Text matches without case (the index compares text as NOCASE does).
    ["field.summary=Summary%202", (id) => valuesOf(id, "summary").map(lower).includes("summary 2")],
    [
      "field.summary=summary%202,Summary%203",
      (id) => valuesOf(id, "summary").some((v) => ["summary 2", "summary 3"].includes(lower(v))),
    ],
    ["field.speakers=ada", (id) => valuesOf(id, "speakers").map(lower).includes("ada")],
    ["field.speakers=Linus,grace", (id) => valuesOf(id, "speakers").some((v) => ["linus", "grace"].includes(lower(v)))],
    ["field.topics=sql", (id) => valuesOf(id, "topics").includes("sql")],
    ["field.topics=rust,go", (id) => valuesOf(id, "topics").some((v) => v === "rust" || v === "go")],
    ["field.minutes.gte=20", (id) => valuesOf(id, "minutes").some((v) => Number(v) >= 20)],
    ["field.minutes.lte=14.5", (id) => valuesOf(id, "minutes").some((v) => Number(v) <= 14.5)],
    [
      "field.minutes.gte=7&field.minutes.lte=21.5",
      (id) => valuesOf(id, "minutes").some((v) => Number(v) >= 7 && Number(v) <= 21.5),
    ],
    ["field.level.empty=true", (id) => valuesOf(id, "level").length === 0],
    ["field.level.empty=false", (id) => valuesOf(id, "level").length > 0],
    ["field.speakers.empty=true", (id) => valuesOf(id, "speakers").length === 0],
    ["field.topics.empty=false", (id) => valuesOf(id, "topics").length > 0],
    ["field.minutes.empty=true", (id) => valuesOf(id, "minutes").length === 0],
    ["channelId=UC1", (_, data) => data.channel_id === "UC1"],
    ["channelId=UC0,UC2", (_, data) => data.channel_id === "UC0" || data.channel_id === "UC2"],
    ["durationSeconds.gte=300", (_, data) => (data.duration_seconds ?? -1) >= 300],
    ["durationSeconds.lte=150", (_, data) => data.duration_seconds !== null && data.duration_seconds <= 150],
    [
      "durationSeconds.gte=60&durationSeconds.lte=600",
      (_, d) => d.duration_seconds !== null && d.duration_seconds >= 60 && d.duration_seconds <= 600,
    ],
    // A date bound covers its whole day: 23:59:59 on the 10th is within lte=…-10.
    [
      "publishedAt.gte=2024-01-10&publishedAt.lte=2024-01-20",
      (_, d) => !!d.published_at && d.published_at >= "2024-01-10" && d.published_at < "2024-01-21",
    ],
    ["publishedAt.gte=2024-02-01T00:00:00.000Z", (_, d) => !!d.published_at && d.published_at >= "2024-02-01"],
    [
      "publishedAt.lte=2024-01-04T12:00:00Z",
      (_, d) => !!d.published_at && d.published_at <= "2024-01-04T12:00:00.000Z",
    ],
    ["needsRerun=true", (_, d) => d.status !== "failed" && d.processed_version === "p0-older"],
    ["needsRerun=false", (_, d) => !(d.status !== "failed" && d.processed_version === "p0-older")],
    ["status=failed", (_, d) => d.status === "failed"],
    [
      "field.level=hard&field.has_code=true&durationSeconds.gte=100",
      (id, d) =>
        valuesOf(id, "level").includes("hard") &&
        valuesOf(id, "has_code").includes(1) &&
        (d.duration_seconds ?? -1) >= 100,
    ],
    [
      "field.topics=rust&field.speakers.empty=false&status=completed&channelId=UC0,UC1",
      (id, d) =>
        valuesOf(id, "topics").includes("rust") &&
        valuesOf(id, "speakers").length > 0 &&
        d.status === "completed" &&
        (d.channel_id === "UC0" || d.channel_id === "UC1"),
    ],
  ];

  it.each(cases)("%s", async (query, keep) => {
    const expected = expectedIds(keep);
    expect((await idsFor(query)).sort()).toEqual(expected.sort());
    // The fixture gives every case something to find and something to leave out.
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(COUNT);
  });
});

describe("every sort pages without gaps or repeats, in exactly the expected order", () => {
  type Key = string | number | null;
  /** null (no value) lowest, then the value (text without case), then the id. */
  const compare = (a: [Key, string], b: [Key, string]) => {
    const [x, y] = [a[0], b[0]];
    if (x !== y) {
      if (x === null) return -1;
      if (y === null) return 1;
      const [p, q] = typeof x === "string" && typeof y === "string" ? [x.toLowerCase(), y.toLowerCase()] : [x, y];
      if (p < q) return -1;
      if (p > q) return 1;
    }
    return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
  };
  const fieldKey =
    (key: string) =>
    (id: string): Key => {
      const values = valuesOf(id, key);
      if (values.length === 0) return null;
      // A tags field sorts by its first tag, A→Z.
      return [...values].sort((a, b) => compare([a, ""], [b, ""]))[0] as Key;
    };
  const SORTS: [string, (id: string) => Key][] = [
    ...FIELDS.map((field) => [`field.${field.key}`, fieldKey(field.key)] as [string, (id: string) => Key]),
    ["durationSeconds", (id) => byId.get(id)?.duration_seconds ?? null],
    ["publishedAt", (id) => byId.get(id)?.published_at ?? null],
  ];

  it.each(SORTS.flatMap(([sort, key]) => (["asc", "desc"] as const).map((order) => [sort, order, key] as const)))(
    "sort=%s order=%s",
    async (sort, order, key) => {
      const asc = [...byId.keys()]
        .map((id) => [key(id), id] as [Key, string])
        .sort(compare)
        .map(([, id]) => id);
      const expected = order === "asc" ? asc : [...asc].reverse();
      expect(await idsFor(`sort=${sort}&order=${order}`, 3)).toEqual(expected);
      // And under a filter, the same order restricted to the filtered videos.
      const filtered = expected.filter((id) => valuesOf(id, "topics").includes("rust"));
      expect(await idsFor(`sort=${sort}&order=${order}&field.topics=rust`, 2)).toEqual(filtered);
    },
  );

  it("a cursor from one sort is refused by another", async () => {
    const first = await callJson(`/api/lists/${listId}/videos?sort=field.minutes&limit=2`, { token, expect: 200 });
    const other = await callJson(`/api/lists/${listId}/videos?sort=field.level&limit=2&cursor=${first.nextCursor}`, {
      token,
    });
    expect(other.error.code).toBe("bad_request");
  });
});
