/**
 * Facets count the videos a query selects (the same `q` and filters as the videos route), by
 * status, channel and field value; the expected counts are tallied here from the fixture.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { addVideos, callJson, createList, setVideoColumns, signUp, ytId } from "./helpers";

const FIELDS = [
  { key: "level", label: "Level", type: "enum", options: ["easy", "hard"] },
  { key: "minutes", label: "Minutes", type: "number" },
  { key: "has_code", label: "Has code", type: "boolean" },
  { key: "topics", label: "Topics", type: "tags" },
  { key: "summary", label: "Summary", type: "text" },
];

interface Row {
  level: string | null;
  minutes: number | null;
  has_code: boolean | null;
  topics: string[];
  channel: string | null;
  status: string;
  title: string | null;
}
const UNPROCESSED = 27;
const ROWS: Row[] = Array.from({ length: 30 }, (_, i) =>
  i >= UNPROCESSED
    ? { level: null, minutes: null, has_code: null, topics: [], channel: null, status: "pending", title: null }
    : {
        level: [null, "easy", "hard"][i % 3] ?? null,
        minutes: i % 4 === 0 ? null : i * 2,
        has_code: i % 5 === 0 ? null : i % 2 === 0,
        topics: [[], ["rust"], ["rust", "go"], ["sql"]][i % 4] ?? [],
        channel: `UC${i % 3}`,
        status: i % 7 === 0 ? "failed" : "completed",
        title: i % 2 === 0 ? `Rust talk ${i}` : `Other talk ${i}`,
      },
);

let token: string;
let listId: string;

beforeAll(async () => {
  ({ token } = await signUp("facets"));
  listId = (await createList(token, { name: "Faceted", fields: FIELDS })).id;
  const videos = await addVideos(
    token,
    listId,
    ROWS.map((_, i) => ytId(9500 + i)),
  );
  await setVideoColumns(
    videos.map((video, i) => {
      const row = ROWS[i]!;
      return {
        id: video.id,
        set: {
          status: row.status,
          title: row.title,
          channel_id: row.channel,
          channel_title: row.channel ? `Channel ${row.channel}` : null,
          fields:
            row.status === "pending"
              ? null
              : { level: row.level, minutes: row.minutes, has_code: row.has_code, topics: row.topics, summary: "x" },
        },
      };
    }),
  );
});

/** The facets the contract describes, tallied from the fixture rows that `keep` selects. */
function tally(keep: (row: Row) => boolean) {
  const rows = ROWS.filter(keep);
  const count = <T>(values: T[]) => {
    const counts = new Map<T, number>();
    for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
    return [...counts].map(([value, n]) => ({ value, count: n }));
  };
  const byCount = (a: { value: unknown; count: number }, b: { value: unknown; count: number }) =>
    b.count - a.count || String(a.value).localeCompare(String(b.value));
  const minutes = rows.map((row) => row.minutes).filter((m): m is number => m !== null);
  const status = { pending: 0, queued: 0, processing: 0, completed: 0, failed: 0 } as Record<string, number>;
  for (const row of rows) status[row.status]!++;
  return {
    total: rows.length,
    status,
    channels: count(rows.map((row) => row.channel).filter((c): c is string => c !== null))
      .map(({ value, count: n }) => ({ channelId: value, channelTitle: `Channel ${value}`, count: n }))
      .sort((a, b) => b.count - a.count || a.channelTitle.localeCompare(b.channelTitle)),
    fields: {
      level: {
        values: count(rows.flatMap((row) => (row.level ? [row.level] : []))).sort(byCount),
        empty: rows.filter((row) => !row.level).length,
      },
      has_code: {
        values: count(rows.flatMap((row) => (row.has_code === null ? [] : [row.has_code]))).sort(byCount),
        empty: rows.filter((row) => row.has_code === null).length,
      },
      topics: {
        values: count(rows.flatMap((row) => row.topics)).sort(byCount),
        empty: rows.filter((row) => row.topics.length === 0).length,
      },
      minutes: {
        min: minutes.length ? Math.min(...minutes) : null,
        max: minutes.length ? Math.max(...minutes) : null,
        empty: rows.length - minutes.length,
      },
    },
  };
}

describe("GET /api/lists/:id/facets", () => {
  it.each([
    ["", () => true],
    ["field.level=hard", (row: Row) => row.level === "hard"],
    ["field.topics=rust&status=completed", (row: Row) => row.topics.includes("rust") && row.status === "completed"],
    // A video with both tags is one video, counted once.
    ["field.topics=rust,go", (row: Row) => row.topics.includes("rust") || row.topics.includes("go")],
    ["field.has_code.empty=true&q=talk", (row: Row) => row.has_code === null && row.title !== null],
    ["field.minutes.gte=20&field.has_code=true", (row: Row) => (row.minutes ?? -1) >= 20 && row.has_code === true],
    ["channelId=UC1", (row: Row) => row.channel === "UC1"],
    // Search reads the title and the tags field's values alike.
    ["q=rust", (row: Row) => !!row.title?.startsWith("Rust") || row.topics.includes("rust")],
    [
      "q=rust&field.level.empty=true&sort=title&limit=5",
      (row: Row) => (!!row.title?.startsWith("Rust") || row.topics.includes("rust")) && !row.level,
    ],
    ["field.level=easy&field.level=hard&field.topics=cobol", () => false],
  ])("?%s", async (query, keep) => {
    const facets = await callJson(`/api/lists/${listId}/facets?${query}`, { token, expect: 200 });
    expect(facets).toEqual(tally(keep));
  });

  it("lists at most 50 values per field, the most frequent first", async () => {
    const list = await createList(token, { name: "Many tags", fields: [{ key: "tag", label: "Tag", type: "tags" }] });
    const videos = await addVideos(
      token,
      list.id,
      Array.from({ length: 60 }, (_, i) => ytId(9600 + i)),
    );
    await setVideoColumns(
      videos.map((video, i) => ({
        id: video.id,
        set: { fields: { tag: [`t${String(i).padStart(2, "0")}`, "common"] } },
      })),
    );
    const facets = await callJson(`/api/lists/${list.id}/facets`, { token, expect: 200 });
    expect(facets.fields.tag.values).toHaveLength(50);
    expect(facets.fields.tag.values[0]).toEqual({ value: "common", count: 60 });
    expect(facets.fields.tag.values[1]).toEqual({ value: "t00", count: 1 });
  });
});
