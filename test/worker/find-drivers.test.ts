/**
 * A page can start from the sort's index or from a narrow field filter's index rows
 * (src/db/find-driver.ts picks by the counts table). The route's suites see whichever the
 * planner picks for their small lists, so here every query is walked both ways, page by page, and
 * the two must agree row for row; and the estimates the choice rests on are the real counts.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../src/db/client";
import { BY_SORT, type Driver, estimateFilters } from "../../src/db/find-driver";
import { findPage } from "../../src/db/video-find";
import { parseVideoQuery } from "../../src/domain/video-query";
import type { Cursor } from "../../src/lib/cursor";
import type { Field } from "../../src/shared/schemas/fields";
import { addVideos, createList, setVideoColumns, signUp, ytId } from "./helpers";

const FIELDS: Field[] = [
  { key: "level", label: "Level", type: "enum", options: ["easy", "hard"] },
  { key: "minutes", label: "Minutes", type: "number" },
  { key: "has_code", label: "Has code", type: "boolean" },
  { key: "people", label: "People", type: "tags" },
  { key: "summary", label: "Summary", type: "text" },
] as Field[];
const COUNT = 45;

let listId: string;

beforeAll(async () => {
  const { token } = await signUp("drivers");
  listId = (await createList(token, { name: "Drivers", fields: FIELDS })).id;
  const videos = await addVideos(
    token,
    listId,
    Array.from({ length: COUNT }, (_, i) => ytId(9100 + i)),
  );
  await setVideoColumns(
    videos.slice(0, 40).map((video, i) => ({
      id: video.id,
      set: {
        status: i % 7 === 0 ? "failed" : "completed",
        title: `Talk ${i % 6}`,
        published_at: `2024-03-${String(1 + (i % 9)).padStart(2, "0")}T10:00:00.000Z`,
        duration_seconds: (i * 13) % 50,
        channel_id: `UC${i % 4}`,
        fields: {
          level: i % 5 === 0 ? null : ["easy", "hard"][i % 2],
          minutes: i % 6 === 0 ? null : (i * 7) % 11,
          has_code: i % 3 === 0,
          people: [[], ["Ada"], ["Ada", "Bo"], ["Cy"]][i % 4],
          summary: `Summary ${i % 3}`,
        },
      },
    })),
  );
});

const QUERIES = [
  "field.level=hard",
  "field.people=Ada,Cy&field.has_code=true",
  "field.minutes.gte=3&field.minutes.lte=8&status=completed",
  "field.summary=summary 1&field.level.empty=false",
  "field.people.empty=true&channelId=UC0,UC2",
  "field.level.empty=true&durationSeconds.gte=5",
];
const SORTS = ["createdAt", "title", "publishedAt", "durationSeconds", "field.minutes", "field.people", "field.level"];

async function walk(params: string, driverOf: (filters: ReturnType<typeof read>["filter"]["fields"]) => Driver) {
  const query = read(params);
  const driver = driverOf(query.filter.fields);
  const ids: string[] = [];
  let after: Cursor | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const rows = await findPage(getDb(env.DB), { listId }, query, null, null, after, driver);
    const page = rows.slice(0, query.limit);
    ids.push(...page.map(({ row }) => row.id));
    const last = page.at(-1);
    if (rows.length <= query.limit || !last) return ids;
    after = { k: last.sortValue, id: last.tieBreak };
  }
  throw new Error(`${params}: pagination never ends`);
}

function read(params: string) {
  const parsed = parseVideoQuery(new URLSearchParams(params), FIELDS);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.query;
}

describe("starting from a filter's rows or from the sort's index gives the same pages", () => {
  it.each(QUERIES.flatMap((q) => SORTS.flatMap((sort) => (["asc", "desc"] as const).map((order) => [q, sort, order]))))(
    "%s sort=%s order=%s",
    async (q, sort, order) => {
      const params = `${q}&sort=${sort}&order=${order}&limit=4`;
      const bySort = await walk(params, () => BY_SORT);
      expect(bySort.length).toBeGreaterThan(0);
      expect(new Set(bySort).size).toBe(bySort.length);
      const filterCount = read(params).filter.fields.length;
      for (let i = 0; i < filterCount; i++) {
        const byFilter = await walk(params, (filters) => ({ kind: "filter", filter: filters[i]!, estimate: 0 }));
        expect(byFilter, `driven by filter ${i}`).toEqual(bySort);
      }
    },
  );
});

describe("the estimates the choice rests on", () => {
  const processed = Array.from({ length: 40 }, (_, i) => i);
  const count = (keep: (i: number) => boolean) => processed.filter(keep).length;
  it.each([
    ["field.level=hard", count((i) => i % 5 !== 0 && i % 2 === 1)],
    ["field.has_code=true", count((i) => i % 3 === 0)],
    ["field.minutes.gte=3", count((i) => i % 6 !== 0 && (i * 7) % 11 >= 3)],
    // A tags video counts once per tag it matches: an upper bound of the videos.
    ["field.people=Ada,Bo", processed.reduce((sum, i) => sum + [0, 1, 2, 0][i % 4]!, 0)],
    ["field.level.empty=false", count((i) => i % 5 !== 0)],
    ["field.summary.empty=true", COUNT - 40],
  ])("%s names %i videos", async (q, expected) => {
    const { total, estimates } = await estimateFilters(getDb(env.DB), listId, read(q).filter.fields);
    expect(total).toBe(COUNT);
    expect(estimates).toEqual([expected]);
  });
});
