/**
 * Full-text search: word prefixes, case and accents folded, every searchable property (title,
 * description, channel, tags, chapter titles, text and tags field values, not enum values),
 * bm25 ranking, the `match` excerpt and ranges, search across a user's lists and never another's.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { fold } from "../../src/domain/search-match";
import { encodeCursor } from "../../src/lib/cursor";
import type { Video } from "../../src/shared/schemas/videos";
import { addVideos, callJson, createList, setVideoColumns, signUp, walkPages, ytId } from "./helpers";

const FIELDS = [
  { key: "summary", label: "Summary", type: "text" },
  { key: "people", label: "People", type: "tags" },
  { key: "level", label: "Level", type: "enum", options: ["gentle", "brutal"] },
];
const LONG = `${"Filler words about nothing in particular. ".repeat(12)}Here the zeppelin finally appears, and then ${"more filler follows. ".repeat(12)}`;

let a: { token: string };
let b: { token: string };
let listA: string;
let otherA: string;
const ids: Record<string, string> = {};

async function seed(token: string, listId: string, rows: Record<string, Record<string, unknown>>, first: number) {
  const videos = await addVideos(
    token,
    listId,
    Object.keys(rows).map((_, i) => ytId(first + i)),
  );
  const names = Object.keys(rows);
  await setVideoColumns(videos.map((video, i) => ({ id: video.id, set: { status: "completed", ...rows[names[i]!] } })));
  videos.forEach((video, i) => {
    ids[names[i]!] = video.id;
  });
}

beforeAll(async () => {
  a = await signUp("search-a");
  b = await signUp("search-b");
  listA = (await createList(a.token, { name: "Food and code", fields: FIELDS })).id;
  otherA = (await createList(a.token, { name: "Elsewhere", fields: FIELDS })).id;
  const listB = (await createList(b.token, { name: "Bob's", fields: FIELDS })).id;
  await seed(
    a.token,
    listA,
    {
      accents: { title: "Crème brûlée at the Café", description: "A dessert" },
      plainCafe: { title: "Coffee notes", description: "Visiting a cafe in Lisbon" },
      prefix: { title: "Rustacean diaries", channel_title: "Ferris" },
      inTags: { title: "Bread", tags: ["sourdough", "baking"] },
      inChapters: {
        title: "A long talk",
        chapters: [
          { startSeconds: 0, title: "Intro" },
          { startSeconds: 60, title: "Quasars explained" },
        ],
      },
      inChannel: { title: "Something", channel_title: "Kitchen Lab" },
      inSummary: { title: "Functional programming", fields: { summary: "It discusses monads at length" } },
      inPeople: { title: "Panel", fields: { people: ["Grace Hopper", "Ada Lovelace"] } },
      inEnum: { title: "Workout", fields: { level: "brutal" } },
      titleHit: { title: "Zeppelin history", description: "Airships." },
      descriptionHit: { title: "Airships", description: "Mentions a zeppelin once, among other things." },
      longDescription: { title: "Rambling", description: LONG },
      twoWords: { title: "Rust and sourdough, together" },
      longWord: { title: "Electromagnetism, measured" },
    },
    9000,
  );
  await seed(a.token, otherA, { elsewhere: { title: "Zeppelin models", description: "Other list" } }, 9100);
  await seed(b.token, listB, { bobs: { title: "Zeppelin of Bob", description: "Not A's" } }, 9200);
});

const names = (videos: { id: string }[]) =>
  videos.map((video) => Object.keys(ids).find((name) => ids[name] === video.id) ?? video.id).sort();

async function search(q: string, extra = "") {
  const pages = await walkPages<Video & { match: any }>(
    `/api/lists/${listA}/videos?q=${encodeURIComponent(q)}${extra}`,
    a.token,
    50,
  );
  return pages.flat();
}

describe("what a search finds", () => {
  it.each([
    ["cafe", ["accents", "plainCafe"]],
    ["CAFÉ", ["accents", "plainCafe"]],
    ["creme brulee", ["accents"]],
    ["rust", ["prefix", "twoWords"]],
    ["rustac", ["prefix"]],
    ["sourdough", ["inTags", "twoWords"]],
    ["quasar", ["inChapters"]],
    ["kitchen", ["inChannel"]],
    ["ferris", ["prefix"]],
    ["monad", ["inSummary"]],
    ["lovelace", ["inPeople"]],
    // Enum values are choices, not text: they are filtered on, not searched.
    ["brutal", []],
    ["rust sourdough", ["twoWords"]],
    ["zeppelin", ["titleHit", "descriptionHit", "longDescription"]],
  ])("q=%s", async (q, expected) => {
    expect(names(await search(q))).toEqual([...expected].sort());
  });

  it("finds a word by its prefix of every length, with or without a prefix index of that length", async () => {
    const word = "electromagnetism";
    for (let length = 1; length <= word.length; length++) {
      expect(names(await search(word.slice(0, length))), word.slice(0, length)).toContain("longWord");
    }
    expect(names(await search("ÉLECTROMAGNÉT"))).toContain("longWord");
    expect(names(await search("ELECTROMAGNETISMS measured"))).toEqual([]);
    expect(names(await search("electromagn meas"))).toEqual(["longWord"]);
  });

  it("ranks a title hit above a description hit, and pages by relevance without gaps", async () => {
    const ranked = await search("zeppelin");
    expect(ranked[0]?.id).toBe(ids.titleHit);
    const byOne = (await walkPages<Video>(`/api/lists/${listA}/videos?q=zeppelin`, a.token, 1)).flat();
    expect(byOne.map((video) => video.id)).toEqual(ranked.map((video) => video.id));
    const ascending = await search("zeppelin", "&order=asc");
    expect(ascending.map((video) => video.id)).toEqual([...ranked].reverse().map((video) => video.id));
  });

  it("refuses a relevance cursor whose tie-break is not a search document", async () => {
    const forged = encodeCursor({ k: 1, id: ids.titleHit!, s: "relevance:desc" });
    const body = await callJson(`/api/lists/${listA}/videos?q=zeppelin&cursor=${forged}`, { token: a.token });
    expect(body.error.code).toBe("bad_request");
  });

  it("combines with filters and other sorts, still carrying match", async () => {
    const sorted = await search("zeppelin", "&sort=title&order=asc");
    expect(sorted.map((video) => video.title)).toEqual(["Airships", "Rambling", "Zeppelin history"]);
    expect(sorted.every((video) => video.match)).toBe(true);
    const withFilter = await search("zeppelin", "&field.summary.empty=true&status=completed");
    expect(withFilter).toHaveLength(3);
  });
});

describe("match: where a hit matched, as plain text and ranges", () => {
  const highlighted = (match: { text: string; ranges: [number, number][] }) =>
    match.ranges.map(([start, end]) => match.text.slice(start, end));

  it("names the best property and the characters to highlight", async () => {
    const [accents] = await search("cafe creme");
    expect(accents?.match).toEqual({
      field: "title",
      text: "Crème brûlée at the Café",
      ranges: [
        [0, 5],
        [20, 24],
      ],
    });
    expect(highlighted(accents!.match)).toEqual(["Crème", "Café"]);

    const [people] = await search("lovelace");
    expect(people?.match).toMatchObject({ field: "fields.people", text: "Grace Hopper, Ada Lovelace" });
    expect(highlighted(people!.match)).toEqual(["Lovelace"]);

    const [tags] = await search("bak");
    expect(tags?.match).toMatchObject({ field: "tags", text: "sourdough, baking" });
    expect(highlighted(tags!.match)).toEqual(["baking"]);

    const [chapters] = await search("quasar");
    expect(chapters?.match.field).toBe("chapters");
    expect(highlighted(chapters!.match)).toEqual(["Quasars"]);
  });

  it("cuts a long description to an excerpt around the match", async () => {
    const [hit] = await search("finally zeppelin", "");
    expect(hit?.id).toBe(ids.longDescription);
    expect(hit?.match.field).toBe("description");
    expect(hit!.match.text.length).toBeLessThanOrEqual(162);
    expect(hit!.match.text.startsWith("…")).toBe(true);
    expect(hit!.match.text.endsWith("…")).toBe(true);
    expect(highlighted(hit!.match).map(fold)).toEqual(["zeppelin", "finally"]);
    expect(hit!.match.text).not.toMatch(/<|>/);
  });
});

describe("GET /api/search: every list of the user, no one else's", () => {
  it("finds hits in all of A's lists with their listId and match, and none of B's", async () => {
    const hits = (await walkPages<any>("/api/search?q=zeppelin", a.token, 1)).flat();
    expect(names(hits)).toEqual(["descriptionHit", "elsewhere", "longDescription", "titleHit"]);
    expect(new Set(hits.map((hit) => hit.listId))).toEqual(new Set([listA, otherA]));
    for (const hit of hits) expect(hit.match.ranges.length).toBeGreaterThan(0);
    const bobs = await callJson("/api/search?q=zeppelin", { token: b.token, expect: 200 });
    expect(bobs.items.map((hit: any) => hit.title)).toEqual(["Zeppelin of Bob"]);
  });

  it("needs q, and punctuation alone finds nothing", async () => {
    for (const path of ["/api/search", "/api/search?q=%20"]) {
      const { error } = await callJson(path, { token: a.token, expect: 400 });
      expect(error.code).toBe("bad_request");
      expect(error.message).toMatch(/Give something to search for/);
      expect(error.message).not.toMatch(/undefined/);
    }
    expect(await callJson("/api/search?q=%22*%22", { token: a.token, expect: 200 })).toEqual({
      items: [],
      nextCursor: null,
    });
  });
});
