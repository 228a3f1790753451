/**
 * Facets count the videos a query selects (the same `q` and filters as the videos route), by
 * status, channel and field value; the expected counts are tallied here from the fixture.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { addVideos, call, callJson, createList, setVideoColumns, signUp, ytId } from "./helpers";

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
const tally = (keep: (row: Row) => boolean) => tallyOf(ROWS.filter(keep));

/** The facets the contract describes, tallied from these rows. */
function tallyOf(rows: Row[]) {
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
    // One value of one field: counted from the pairs of that value (src/db/facet-pairs.ts).
    ["field.level=easy,hard", (row: Row) => row.level === "easy" || row.level === "hard"],
    ["field.topics=rust", (row: Row) => row.topics.includes("rust")],
    ["field.has_code=false", (row: Row) => row.has_code === false],
    ["field.minutes.empty=true", (row: Row) => row.minutes === null],
    ["field.topics.empty=true", (row: Row) => row.topics.length === 0],
    ["field.level.empty=true", (row: Row) => !row.level],
    ["field.level=easy&field.has_code=true", (row: Row) => row.level === "easy" && row.has_code === true],
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

  it("stays exact under one value's filter through deletes, moves, reruns, status and channel changes and list edits", async () => {
    const fields = FIELDS.slice(0, 4);
    const list = await createList(token, { name: "Changing", fields });
    const other = await createList(token, { name: "Elsewhere", fields });
    const videos = await addVideos(
      token,
      list.id,
      Array.from({ length: 12 }, (_, i) => ytId(9700 + i)),
    );
    const valuesOf = (i: number) => ({
      level: i < 3 ? "easy" : "hard",
      minutes: i % 3 === 0 ? null : 10 + i,
      has_code: i % 2 === 0,
      topics: i % 4 === 0 ? [] : ["rust", ...(i % 3 === 0 ? ["go"] : [])],
    });
    await setVideoColumns(
      videos.map((video, i) => ({
        id: video.id,
        set: {
          status: "completed",
          channel_id: `UC${i % 2}`,
          channel_title: `Channel UC${i % 2}`,
          fields: valuesOf(i),
        },
      })),
    );
    // level=easy selects 3 of 12 (its numbers read video by video), level=hard 9 (their ends walked).
    const queries: [string, (row: Row) => boolean][] = [
      ["field.level=easy", (row) => row.level === "easy"],
      ["field.level=hard", (row) => row.level === "hard"],
      ["field.topics=go", (row) => row.topics.includes("go")],
      ["field.minutes.empty=true", (row) => row.minutes === null],
    ];
    const expectExact = async () => {
      const { results } = await env.DB.prepare("SELECT status, channel_id, fields FROM videos WHERE list_id = ?")
        .bind(list.id)
        .all<{ status: string; channel_id: string | null; fields: string | null }>();
      const rows: Row[] = results.map((video) => {
        const values = JSON.parse(video.fields ?? "{}");
        const fieldOf = (key: string) => fields.find((field) => field.key === key);
        return {
          level: fieldOf("level")?.options?.includes(values.level) ? values.level : null,
          minutes: typeof values.minutes === "number" ? values.minutes : null,
          has_code: typeof values.has_code === "boolean" ? values.has_code : null,
          topics: Array.isArray(values.topics) ? values.topics : [],
          channel: video.channel_id,
          status: video.status,
          title: null,
        };
      });
      for (const [query, keep] of queries) {
        const facets = await callJson(`/api/lists/${list.id}/facets?${query}`, { token, expect: 200 });
        expect(facets, query).toEqual(tallyOf(rows.filter(keep)));
      }
    };
    await expectExact();

    expect((await call(`/api/videos/${videos[0]!.id}`, { token, method: "DELETE" })).status).toBe(204);
    await callJson(`/api/lists/${list.id}/videos/move`, {
      token,
      body: { videoIds: [videos[1]!.id, videos[5]!.id], toListId: other.id },
      expect: 200,
    });
    await expectExact();
    // A rerun's new values, a status and a channel change, each in its own write and all in one.
    await setVideoColumns([
      { id: videos[2]!.id, set: { fields: { ...valuesOf(2), level: "hard", minutes: null, topics: ["go"] } } },
      { id: videos[3]!.id, set: { status: "failed" } },
      { id: videos[4]!.id, set: { channel_id: null, channel_title: null } },
      {
        id: videos[6]!.id,
        set: {
          status: "pending",
          channel_id: "UC1",
          channel_title: "Channel UC1",
          fields: { ...valuesOf(6), level: "easy" },
        },
      },
    ]);
    await expectExact();
    // A list edit: "hard" leaves the options (and the queries), so those videos' level becomes empty.
    fields[0] = { ...FIELDS[0]!, options: ["easy", "medium"] };
    await callJson(`/api/lists/${list.id}`, { token, method: "PATCH", body: { fields }, expect: 200 });
    queries.splice(1, 1, ["field.level.empty=true", (row) => !row.level]);
    await expectExact();
    // Most videos not completed (a run under way): statuses are read from the selection's rows
    // instead of probing the unfinished videos.
    await setVideoColumns(
      videos.slice(2, 10).map((video, i) => ({ id: video.id, set: { status: i % 2 ? "queued" : "processing" } })),
    );
    queries.push(["field.has_code=true", (row) => row.has_code === true]);
    await expectExact();
  });
});
