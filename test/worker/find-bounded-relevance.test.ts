/**
 * Bounded relevance (src/db/relevance-page.ts): a search with more matches in its scope than the
 * bound ranks the newest `bound` of them by bm25, and the older ones follow, newest first. The
 * bound is injected small here (the app's is 10,000). Expected orders are computed apart: which
 * videos match is known from how they were written, each match's bm25 is read by a plain FTS5
 * query over the whole table (bm25's statistics are the table's, whatever the scope), and the
 * order is worked out in JavaScript.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../src/db/client";
import { BY_MATCHES, BY_SORT, type Driver } from "../../src/db/find-driver";
import { type FindScope, findPage } from "../../src/db/video-find";
import { searchTerms } from "../../src/domain/search-match";
import { NO_FILTER, type ParsedVideoQuery, parseVideoQuery } from "../../src/domain/video-query";
import type { Cursor } from "../../src/lib/cursor";
import type { Field } from "../../src/shared/schemas/fields";
import { addVideos, createList, setVideoColumns, signUp, walkPages, ytId } from "./helpers";

const FIELDS: Field[] = [
  { key: "level", label: "Level", type: "enum", options: ["easy", "hard"] },
  { key: "summary", label: "Summary", type: "text" },
] as Field[];
const BOUND = 7;
const MATCHING = 24;

interface Written {
  id: string;
  level: string | null;
  completed: boolean;
}

let userId: string;
let token: string;
let listId: string;
let otherId: string;
const written = new Map<string, Written>();

/**
 * `count` videos that match "walnut" with strengths that repeat every six (so scores tie, and
 * ties are broken by document), and don't follow the order they are indexed in; plus two that
 * do not match. Indexed in order, so documents rise with `i`.
 */
async function seed(list: string, first: number, count: number) {
  const videos = await addVideos(
    token,
    list,
    Array.from({ length: count + 2 }, (_, i) => ytId(first + i)),
  );
  await setVideoColumns(
    videos.map((video, i) => {
      const level = [null, "easy", "hard", "easy"][i % 4] ?? null;
      const completed = i % 5 !== 4;
      if (i < count) written.set(video.id, { id: video.id, level, completed });
      const strength = (i * 5) % 6;
      return {
        id: video.id,
        set:
          i < count
            ? {
                status: completed ? "completed" : "failed",
                title: strength % 3 === 0 ? `Walnut talk ${strength}` : `Talk ${strength}`,
                description: `${"walnut ".repeat(1 + (strength % 4))}${"filler ".repeat(strength)}`,
                fields: { level, summary: strength === 5 ? "walnuts again" : "other" },
              }
            : { status: "completed", title: `Almond ${i}`, description: "no match here" },
      };
    }),
  );
}

beforeAll(async () => {
  ({ token, userId } = await signUp("bounded"));
  listId = (await createList(token, { name: "Bounded", fields: FIELDS })).id;
  otherId = (await createList(token, { name: "Bounded too", fields: FIELDS })).id;
  await seed(listId, 14_000, MATCHING);
  await seed(otherId, 14_100, 9);
  // Someone else's matches count toward nothing here.
  const stranger = await signUp("bounded-stranger");
  const theirs = (await createList(stranger.token, { name: "Theirs", fields: FIELDS })).id;
  const [video] = await addVideos(stranger.token, theirs, [ytId(14_200)]);
  await setVideoColumns([{ id: video!.id, set: { status: "completed", title: "Walnut walnut walnut" } }]);
});

/** Every match of the scope with its document and bm25, straight from FTS5. */
async function scored(scope: FindScope) {
  const { results } = await env.DB.prepare(
    `SELECT d.video_id AS id, f.rowid AS doc, -bm25(videos_fts, 8.0, 1.0, 3.0, 4.0, 2.0, 4.0) AS score
     FROM videos_fts f JOIN video_search_docs d ON d.doc = f.rowid JOIN videos v ON v.id = d.video_id
     WHERE videos_fts MATCH '"walnut"*' AND ${"listId" in scope ? "v.list_id" : "v.user_id"} = ?`,
  )
    .bind("listId" in scope ? scope.listId : scope.userId)
    .all<{ id: string; doc: number; score: number }>();
  return results;
}

/** The order a bounded search owes, newest-first tail after the ranked newest `bound`. */
function expectedOrder(matches: { id: string; doc: number; score: number }[], bound: number) {
  const newestFirst = [...matches].sort((x, y) => y.doc - x.doc);
  const ranked = newestFirst.slice(0, bound).sort((x, y) => y.score - x.score || y.doc - x.doc);
  return [...ranked, ...newestFirst.slice(bound)].map((match) => match.id);
}

function read(params: string): ParsedVideoQuery {
  const parsed = parseVideoQuery(new URLSearchParams(params), FIELDS);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.query;
}

/** Every page's ids through findPage, each cursor as the route would hand it out and read it back. */
async function walk(
  scope: FindScope,
  query: Omit<ParsedVideoQuery, "cursor">,
  bound: number,
  driver: Driver = BY_SORT,
): Promise<string[][]> {
  const terms = searchTerms(query.filter.q ?? "");
  const pages: string[][] = [];
  let after: Cursor | null = null;
  for (let n = 0; n < 200; n++) {
    const rows = await findPage(getDb(env.DB), scope, query, terms, null, after, driver, bound);
    const page = rows.slice(0, query.limit);
    pages.push(page.map(({ row }) => row.id));
    const last = page.at(-1);
    if (rows.length <= query.limit || !last) return pages;
    after = JSON.parse(JSON.stringify({ k: last.sortValue, id: last.tieBreak }));
  }
  throw new Error("pagination never ends");
}

const LIMITS = [1, 2, 3, 5, 7, 8, 50];

describe("a search with more matches than the bound", () => {
  it("ranks the newest matches by bm25, then lists the older ones newest first", async () => {
    const matches = await scored({ listId });
    expect(matches).toHaveLength(MATCHING);
    const expected = expectedOrder(matches, BOUND);
    // The bound changes the order (else this test would prove nothing), and below it nothing does.
    expect(expected).not.toEqual(expectedOrder(matches, Infinity));
    const [firstPage] = await walk({ listId }, read(`q=walnut&limit=${BOUND}`), BOUND);
    expect(firstPage).toEqual(expected.slice(0, BOUND));
    expect((await walk({ listId }, read("q=walnut&limit=50"), MATCHING)).flat()).toEqual(
      expectedOrder(matches, Infinity),
    );
    expect((await walk({ listId }, read("q=walnut&limit=50"), 10_000)).flat()).toEqual(
      expectedOrder(matches, Infinity),
    );
  });

  it.each(LIMITS.flatMap((limit) => (["desc", "asc"] as const).map((order) => [limit, order] as const)))(
    "pages of %i, %s, through the boundary: every match once, in order",
    async (limit, order) => {
      const expected = expectedOrder(await scored({ listId }), BOUND);
      const pages = await walk({ listId }, read(`q=walnut&order=${order}&limit=${limit}`), BOUND);
      expect(pages.flat()).toEqual(order === "desc" ? expected : [...expected].reverse());
      expect(pages.slice(0, -1).every((page) => page.length === limit)).toBe(true);
    },
  );

  it.each([
    ["field.level=easy", (video: Written) => video.level === "easy"],
    ["status=completed", (video: Written) => video.completed],
    ["field.level=hard&status=completed", (video: Written) => video.level === "hard" && video.completed],
    ["field.level.empty=true", (video: Written) => video.level === null],
  ])("filters apply on both sides of the boundary, checked before or after ranking: %s", async (filter, keep) => {
    // The bound counts the words' matches; filters then apply to the ranked ones and the rest.
    const expected = expectedOrder(await scored({ listId }), BOUND).filter((id) => keep(written.get(id)!));
    expect(expected.length).toBeGreaterThan(1);
    for (const driver of [BY_SORT, BY_MATCHES]) {
      for (const limit of [1, 2, 3, 50]) {
        for (const order of ["desc", "asc"] as const) {
          const query = read(`q=walnut&${filter}&order=${order}&limit=${limit}`);
          const pages = await walk({ listId }, query, BOUND, driver);
          const label = `${driver.kind}, limit ${limit}, ${order}`;
          expect(pages.flat(), label).toEqual(order === "desc" ? expected : [...expected].reverse());
        }
      }
    }
  });

  it("a second word narrows the matches before the bound counts them", async () => {
    // "walnut walnuts" (summary "walnuts again") matches 4 of the 24: below the bound, all ranked.
    const matches = (await scored({ listId })).filter((match) => written.has(match.id));
    const pages = await walk({ listId }, read("q=walnut walnuts&limit=50"), BOUND);
    expect(pages.flat().length).toBe(4);
    expect(pages.flat().every((id) => matches.some((match) => match.id === id))).toBe(true);
  });
});

describe("search across a user's lists, bounded", () => {
  const everywhere = (limit: number, order: "asc" | "desc") => ({
    filter: { ...NO_FILTER, q: "walnut" },
    sort: { kind: "relevance" } as const,
    order,
    limit,
  });

  it.each(LIMITS.flatMap((limit) => (["desc", "asc"] as const).map((order) => [limit, order] as const)))(
    "pages of %i, %s: both lists' matches once, the newest ranked, never a stranger's",
    async (limit, order) => {
      const matches = await scored({ userId });
      expect(matches).toHaveLength(MATCHING + 9);
      const expected = expectedOrder(matches, BOUND);
      const pages = await walk({ userId }, everywhere(limit, order), BOUND);
      expect(pages.flat()).toEqual(order === "desc" ? expected : [...expected].reverse());
    },
  );

  it("the route, with the app's bound, ranks every match and says where each matched", async () => {
    const hits = (await walkPages<any>("/api/search?q=walnut", token, 4)).flat();
    expect(hits.map((hit) => hit.id)).toEqual(expectedOrder(await scored({ userId }), Infinity));
    for (const hit of hits) {
      expect(hit.match.ranges.length).toBeGreaterThan(0);
      expect(["title", "description", "fields.summary"]).toContain(hit.match.field);
    }
  });
});
