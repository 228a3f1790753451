/**
 * Search documents are numbered in ranges: a list's in its blocks, a user's in their regions
 * (migrations/0012_search_doc_ranges.sql). A search finds what its list (or user) holds and
 * nothing else, however the numbers were handed out: a user's second list, a video moved or
 * copied to another list, a delete, a list that outgrew its block while another list took the
 * next one, a user who outgrew their region while another user took the next one.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { addVideos, callJson, createList, setVideoColumns, signUp, walkPages, ytId } from "./helpers";
import { expectIndexInStep, orphanedIndexRows } from "./support/find-index";

const BLOCK_BITS = 20;
const REGION_BITS = 28;

let first = 12_000;
/** Videos titled as given, completed, in the list; their ids in the same order. */
async function titled(token: string, listId: string, titles: string[]): Promise<string[]> {
  const videos = await addVideos(
    token,
    listId,
    titles.map(() => ytId(first++)),
  );
  await setVideoColumns(videos.map((video, i) => ({ id: video.id, set: { status: "completed", title: titles[i] } })));
  return videos.map((video) => video.id);
}

const found = async (path: string, token: string) =>
  (await walkPages<{ id: string; listId: string }>(path, token, 2)).flat().map((video) => video.id);
const inList = (listId: string, q: string, token: string) =>
  found(`/api/lists/${listId}/videos?q=${encodeURIComponent(q)}`, token);
const everywhere = (q: string, token: string) => found(`/api/search?q=${encodeURIComponent(q)}`, token);

const blocksOf = async (listId: string) =>
  (
    await env.DB.prepare("SELECT block FROM search_blocks WHERE list_id = ? ORDER BY block").bind(listId).all<{
      block: number;
    }>()
  ).results.map((row) => row.block);

const regionsOf = async (userId: string) =>
  (
    await env.DB.prepare("SELECT region FROM search_regions WHERE user_id = ? ORDER BY region").bind(userId).all<{
      region: number;
    }>()
  ).results.map((row) => row.region);

/** Gives the list's last document the last number of its block, as if 2^20 had been handed out. */
async function fillLastBlock(listId: string) {
  const [block] = (await blocksOf(listId)).slice(-1);
  const end = ((block! + 1) << BLOCK_BITS) - 1;
  const last = await env.DB.prepare(
    "SELECT d.video_id FROM video_search_docs d WHERE d.doc >> ? = ? ORDER BY d.doc DESC LIMIT 1",
  )
    .bind(BLOCK_BITS, block)
    .first<{ video_id: string }>();
  await env.DB.batch([
    env.DB.prepare("DELETE FROM videos_fts WHERE rowid = (SELECT doc FROM video_search_docs WHERE video_id = ?)").bind(
      last!.video_id,
    ),
    env.DB.prepare("UPDATE video_search_docs SET doc = ? WHERE video_id = ?").bind(end, last!.video_id),
    env.DB.prepare("UPDATE videos SET title = title WHERE id = ?").bind(last!.video_id),
  ]);
}

describe("a search keeps to its list and its user", () => {
  let a: { token: string; userId: string };
  let b: { token: string; userId: string };
  beforeAll(async () => {
    a = await signUp("ranges-a");
    b = await signUp("ranges-b");
  });

  it("a user's second list is its own range, and cross-list search covers both", async () => {
    const one = (await createList(a.token, { name: "One" })).id;
    const two = (await createList(a.token, { name: "Two" })).id;
    const [inOne] = await titled(a.token, one, ["Marmalade in list one"]);
    const [inTwo] = await titled(a.token, two, ["Marmalade in list two"]);
    expect(await inList(one, "marmalade", a.token)).toEqual([inOne]);
    expect(await inList(two, "marmalade", a.token)).toEqual([inTwo]);
    expect((await everywhere("marmalade", a.token)).sort()).toEqual([inOne, inTwo].sort());
    expect(await blocksOf(one)).toHaveLength(1);
    expect(await blocksOf(two)).not.toEqual(await blocksOf(one));
    await expectIndexInStep(one, two);
  });

  it("a moved video is found in its new list only, a copy in both, a deleted one nowhere", async () => {
    const from = (await createList(a.token, { name: "From" })).id;
    const to = (await createList(a.token, { name: "To" })).id;
    const [moved, copied, deleted] = await titled(a.token, from, ["Quince moved", "Quince copied", "Quince deleted"]);
    await callJson(`/api/lists/${from}/videos/move`, {
      token: a.token,
      method: "POST",
      body: { videoIds: [moved], toListId: to },
      expect: 200,
    });
    const copy = await callJson(`/api/lists/${from}/videos/move`, {
      token: a.token,
      method: "POST",
      body: { videoIds: [copied], toListId: to, copy: true },
      expect: 200,
    });
    expect(copy.moved).toBe(1);
    await callJson(`/api/lists/${from}/videos/delete`, {
      token: a.token,
      method: "POST",
      body: { videoIds: [deleted] },
      expect: 200,
    });
    expect(await inList(from, "quince", a.token)).toEqual([copied]);
    const inTo = await inList(to, "quince", a.token);
    expect(inTo).toHaveLength(2);
    expect(inTo).toContain(moved);
    expect(inTo).not.toContain(copied);
    expect(await everywhere("quince", a.token)).toHaveLength(3);
    await expectIndexInStep(from, to);
    expect(await orphanedIndexRows()).toEqual({
      values_left: 0,
      docs_left: 0,
      documents_left: 0,
      pairs_left: 0,
      types_left: 0,
    });
  });

  it("a list that outgrew its block takes another, past the next list's, and finds only its own", async () => {
    const grown = (await createList(a.token, { name: "Grown" })).id;
    const [old] = await titled(a.token, grown, ["Persimmon before"]);
    // Another list takes the block after it.
    const next = (await createList(a.token, { name: "Next" })).id;
    const [neighbour] = await titled(a.token, next, ["Persimmon next door"]);
    await fillLastBlock(grown);
    const added = await titled(a.token, grown, ["Persimmon after", "Persimmon later"]);

    const blocks = await blocksOf(grown);
    expect(blocks).toHaveLength(2);
    expect((await blocksOf(next))[0]).toBeGreaterThan(blocks[0]!);
    expect((await blocksOf(next))[0]).toBeLessThan(blocks[1]!);
    expect((await inList(grown, "persimmon", a.token)).sort()).toEqual([old, ...added].sort());
    expect(await inList(next, "persimmon", a.token)).toEqual([neighbour]);
    await expectIndexInStep(grown, next);

    // A move into the grown list lands in its last block.
    await callJson(`/api/lists/${next}/videos/move`, {
      token: a.token,
      method: "POST",
      body: { videoIds: [neighbour], toListId: grown },
      expect: 200,
    });
    expect(await inList(grown, "persimmon", a.token)).toHaveLength(4);
    expect(await inList(next, "persimmon", a.token)).toEqual([]);
    await expectIndexInStep(grown, next);
  });

  it("a user who outgrew their region takes another, past someone else's, and finds only their own", async () => {
    const c = await signUp("ranges-c");
    const before = (await createList(c.token, { name: "Before" })).id;
    const [early] = await titled(c.token, before, ["Kumquat early"]);
    const [region] = await regionsOf(c.userId);
    // Someone else's region comes next; then every block of c's region is taken.
    const other = (await createList(b.token, { name: "B's" })).id;
    const [foreign] = await titled(b.token, other, ["Kumquat of someone else"]);
    const filler = (await createList(c.token, { name: "Filler" })).id;
    await env.DB.prepare("INSERT INTO search_blocks (block, list_id) VALUES (?, ?)")
      .bind(((region! + 1) << (REGION_BITS - BLOCK_BITS)) - 1, filler)
      .run();
    const after = (await createList(c.token, { name: "After" })).id;
    const [late] = await titled(c.token, after, ["Kumquat late"]);

    const regions = await regionsOf(c.userId);
    expect(regions).toHaveLength(2);
    expect((await regionsOf(b.userId)).some((r) => r > regions[0]! && r < regions[1]!)).toBe(true);
    expect((await everywhere("kumquat", c.token)).sort()).toEqual([early, late].sort());
    expect(await everywhere("kumquat", b.token)).toEqual([foreign]);
    expect(await inList(after, "kumquat", c.token)).toEqual([late]);
    await expectIndexInStep(before, after, other);
  });
});
