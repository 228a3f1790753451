/**
 * A second user holding the first user's ids sees nothing, changes nothing, and cannot tell a
 * foreign id from a missing one: every route answers exactly as for an unknown id.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import {
  addVideos,
  allVideos,
  call,
  callJson,
  createList,
  expectErrorResponse,
  signUp,
  walkPages,
  ytId,
} from "./helpers";

let a: { token: string; userId: string };
let b: { token: string; userId: string };
let listA: { id: string };
let videoA: { id: string };
let tokenA: { id: string; token: string };
let viewA: { id: string };
let listB: { id: string };
let listB2: { id: string };

/** Everything of A's a foreign request could touch, read through A's own eyes. */
async function snapshotOfA() {
  const list = await callJson(`/api/lists/${listA.id}`, { token: a.token, expect: 200 });
  const videos = await allVideos(a.token, listA.id);
  const tokens = await callJson("/api/tokens", { token: a.token, expect: 200 });
  const exported = await (await call(`/api/lists/${listA.id}/videos/export?format=json`, { token: a.token })).text();
  const views = await callJson(`/api/lists/${listA.id}/views`, { token: a.token, expect: 200 });
  return { list, videos, tokens: tokens.items.map((t: any) => [t.id, t.name]), exported, views };
}

beforeAll(async () => {
  a = await signUp("alice");
  b = await signUp("bob");
  listA = await createList(a.token, {
    name: "Alice's list",
    fields: [{ key: "topic", label: "Topic", type: "text" }],
  });
  videoA = (await addVideos(a.token, listA.id, [ytId(1), ytId(2), ytId(3)]))[0]!;
  tokenA = await callJson("/api/tokens", { token: a.token, body: { name: "alice script" }, expect: 201 });
  viewA = await callJson(`/api/lists/${listA.id}/views`, {
    token: a.token,
    body: { name: "Alice's view", query: "sort=title" },
    expect: 201,
  });
  listB = await createList(b.token, { name: "Bob's list" });
  listB2 = await createList(b.token, { name: "Bob's second list" });
});

const csv = `url\nhttps://youtu.be/${ytId(9)}\n`;

/** [label, request] for every route that takes an id, aimed at A's ids with B's token. */
const foreignRequests: [string, () => Promise<Response>][] = [
  ["GET list", () => call(`/api/lists/${listA.id}`, { token: b.token })],
  ["PATCH list", () => call(`/api/lists/${listA.id}`, { token: b.token, method: "PATCH", body: { name: "Mine now" } })],
  ["DELETE list", () => call(`/api/lists/${listA.id}`, { token: b.token, method: "DELETE" })],
  ["GET list videos", () => call(`/api/lists/${listA.id}/videos`, { token: b.token })],
  [
    "GET list videos with filters",
    () => call(`/api/lists/${listA.id}/videos?status=pending&sort=title&order=asc&limit=1`, { token: b.token }),
  ],
  ["POST video", () => call(`/api/lists/${listA.id}/videos`, { token: b.token, body: { url: ytId(7) } })],
  [
    "POST video that is already in the list",
    () => call(`/api/lists/${listA.id}/videos`, { token: b.token, body: { url: ytId(1) } }),
  ],
  ["POST bulk urls", () => call(`/api/lists/${listA.id}/videos/bulk`, { token: b.token, body: { urls: [ytId(8)] } })],
  ["POST bulk text", () => call(`/api/lists/${listA.id}/videos/bulk`, { token: b.token, body: { text: ytId(8) } })],
  [
    "POST import (text/csv)",
    () =>
      call(`/api/lists/${listA.id}/videos/import`, {
        token: b.token,
        method: "POST",
        raw: csv,
        headers: { "content-type": "text/csv" },
      }),
  ],
  [
    "POST import (multipart)",
    () => {
      const form = new FormData();
      form.set("file", new File([csv], "v.csv", { type: "text/csv" }));
      return call(`/api/lists/${listA.id}/videos/import`, { token: b.token, method: "POST", raw: form });
    },
  ],
  ["GET export csv", () => call(`/api/lists/${listA.id}/videos/export?format=csv`, { token: b.token })],
  ["GET export json", () => call(`/api/lists/${listA.id}/videos/export?format=json`, { token: b.token })],
  [
    "GET list videos with field filters and q",
    () => call(`/api/lists/${listA.id}/videos?field.topic=x&q=talk`, { token: b.token }),
  ],
  ["GET facets", () => call(`/api/lists/${listA.id}/facets`, { token: b.token })],
  ["GET views", () => call(`/api/lists/${listA.id}/views`, { token: b.token })],
  ["POST view", () => call(`/api/lists/${listA.id}/views`, { token: b.token, body: { name: "Mine", query: "" } })],
  ["PATCH view", () => call(`/api/views/${viewA.id}`, { token: b.token, method: "PATCH", body: { name: "Mine" } })],
  ["DELETE view", () => call(`/api/views/${viewA.id}`, { token: b.token, method: "DELETE" })],
  [
    "PATCH video fields",
    () => call(`/api/videos/${videoA.id}`, { token: b.token, method: "PATCH", body: { fields: { topic: "x" } } }),
  ],
  [
    "POST bulk delete",
    () => call(`/api/lists/${listA.id}/videos/delete`, { token: b.token, body: { videoIds: [videoA.id] } }),
  ],
  [
    "POST move into B's list",
    () =>
      call(`/api/lists/${listA.id}/videos/move`, {
        token: b.token,
        body: { videoIds: [videoA.id], toListId: listB.id },
      }),
  ],
  [
    "POST copy from B's list naming A's video",
    () =>
      call(`/api/lists/${listB.id}/videos/move`, {
        token: b.token,
        body: { videoIds: [videoA.id], toListId: listB2.id, copy: true },
      }),
  ],
  ["GET video", () => call(`/api/videos/${videoA.id}`, { token: b.token })],
  ["DELETE video", () => call(`/api/videos/${videoA.id}`, { token: b.token, method: "DELETE" })],
  ["DELETE token", () => call(`/api/tokens/${tokenA.id}`, { token: b.token, method: "DELETE" })],
];

describe("user B with user A's ids", () => {
  it.each(foreignRequests)("%s → 404 not_found, and A's data is unchanged", async (_, request) => {
    const before = await snapshotOfA();
    const error = await expectErrorResponse(await request(), 404, "not_found");
    // Nothing in the answer hints that the id exists.
    expect(JSON.stringify(error)).not.toContain("Alice");
    expect(await snapshotOfA()).toEqual(before);
    expect((await call("/api/me", { token: tokenA.token })).status).toBe(200);
  });

  it("answers exactly as for an id that does not exist", async () => {
    const foreign = await call(`/api/lists/${listA.id}`, { token: b.token });
    const missing = await call("/api/lists/lst_doesnotexist000000000", { token: b.token });
    expect(foreign.status).toBe(missing.status);
    expect(await foreign.json()).toEqual(await missing.json());
    const foreignVideo = await call(`/api/videos/${videoA.id}`, { token: b.token });
    const missingVideo = await call("/api/videos/vid_doesnotexist000000000", { token: b.token });
    expect(await foreignVideo.json()).toEqual(await missingVideo.json());
  });

  it("B's search never finds A's videos", async () => {
    await env.DB.prepare("UPDATE videos SET title = 'Alice talks' WHERE list_id = ?").bind(listA.id).run();
    expect((await callJson("/api/search?q=alice", { token: a.token, expect: 200 })).items).toHaveLength(3);
    expect(await callJson("/api/search?q=alice", { token: b.token, expect: 200 })).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it("B's lists listing and token listing never show A's", async () => {
    const lists = (await walkPages("/api/lists", b.token, 1)).flat();
    expect(lists.map((list: any) => list.name).sort()).toEqual(["Bob's list", "Bob's second list"]);
    const tokens = await callJson("/api/tokens", { token: b.token, expect: 200 });
    expect(tokens.items).toEqual([]);
  });

  it("the same YouTube video can be in both users' lists independently", async () => {
    const listA2 = await createList(a.token, { name: "Alice's other list" });
    const bobsCopy = await createList(b.token, { name: "Bob's copy" });
    const [ofA] = await addVideos(a.token, listA2.id, [ytId(1)]);
    const ofB = await callJson(`/api/lists/${bobsCopy.id}/videos`, {
      token: b.token,
      body: { url: ytId(1) },
      expect: 201,
    });
    expect(ofB.id).not.toBe(ofA!.id);
    expect((await call(`/api/videos/${ofA!.id}`, { token: a.token, method: "DELETE" })).status).toBe(204);
    expect((await callJson(`/api/videos/${ofB.id}`, { token: b.token, expect: 200 })).youtubeId).toBe(ytId(1));
    expect((await allVideos(a.token, listA.id)).map((v) => v.youtubeId).sort()).toEqual([ytId(1), ytId(2), ytId(3)]);
  });
});
