import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { Video } from "../../src/shared/schemas/videos";
import {
  addVideos,
  allVideos,
  call,
  callJson,
  createList,
  expectErrorResponse,
  setVideoColumns,
  signUp,
  walkPages,
  ytId,
} from "./helpers";

const VIDEO_KEYS = [
  "id",
  "listId",
  "youtubeId",
  "url",
  "status",
  "title",
  "channelTitle",
  "channelId",
  "description",
  "durationSeconds",
  "viewCount",
  "likeCount",
  "publishedAt",
  "thumbnailUrl",
  "tags",
  "chapters",
  "fields",
  "fieldSources",
  "error",
  "processedVersion",
  "processedAt",
  "createdAt",
  "updatedAt",
].sort();

const OLD = "2000-01-01T00:00:00.000Z";

let token: string;
beforeAll(async () => {
  ({ token } = await signUp("lists"));
});

describe("list CRUD", () => {
  it("creates, reads and lists a list with its fields", async () => {
    const fields = [
      { key: "level", label: "Level", type: "enum", options: ["beginner", "advanced"], description: "How hard" },
      { key: "topics", label: "Topics", type: "tags" },
      { key: "has_code", label: "Has code", type: "boolean" },
    ];
    const created = await createList(token, { name: "Talks", description: "Conference talks", fields });
    expect(created).toEqual({
      id: expect.any(String),
      name: "Talks",
      description: "Conference talks",
      fields,
      videoCount: 0,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(await callJson(`/api/lists/${created.id}`, { token, expect: 200 })).toEqual(created);
    const listing = await callJson("/api/lists", { token, expect: 200 });
    expect(listing.items[0]).toEqual(created);
  });

  it("PATCH changes only the given properties and moves updatedAt", async () => {
    const list = await createList(token, {
      name: "Before",
      description: "old description",
      fields: [{ key: "a", label: "A", type: "text" }],
    });
    const touch = () => env.DB.prepare("UPDATE lists SET updated_at = ? WHERE id = ?").bind(OLD, list.id).run();

    await touch();
    const renamed = await callJson(`/api/lists/${list.id}`, {
      token,
      method: "PATCH",
      body: { name: "After" },
      expect: 200,
    });
    expect(renamed).toMatchObject({ name: "After", description: "old description", fields: list.fields });
    expect(renamed.createdAt).toBe(list.createdAt);
    expect(renamed.updatedAt > OLD).toBe(true);

    await touch();
    const described = await callJson(`/api/lists/${list.id}`, {
      token,
      method: "PATCH",
      body: { description: "" },
      expect: 200,
    });
    expect(described).toMatchObject({ name: "After", description: "", fields: list.fields });
    expect(described.updatedAt > OLD).toBe(true);

    await touch();
    const newFields = [
      { key: "b", label: "B", type: "number" },
      { key: "c", label: "C", type: "enum", options: ["x", "y"] },
    ];
    const refielded = await callJson(`/api/lists/${list.id}`, {
      token,
      method: "PATCH",
      body: { fields: newFields },
      expect: 200,
    });
    expect(refielded).toMatchObject({ name: "After", description: "", fields: newFields });
    expect(refielded.updatedAt > OLD).toBe(true);

    const cleared = await callJson(`/api/lists/${list.id}`, {
      token,
      method: "PATCH",
      body: { fields: [] },
      expect: 200,
    });
    expect(cleared.fields).toEqual([]);
    expect(await callJson(`/api/lists/${list.id}`, { token, expect: 200 })).toEqual(cleared);
  });

  it("DELETE removes the list and every one of its videos, and nothing of other lists", async () => {
    const doomed = await createList(token, { name: "Doomed" });
    const kept = await createList(token, { name: "Kept" });
    const doomedVideos = await addVideos(token, doomed.id, [ytId(1), ytId(2), ytId(3)]);
    const [keptVideo] = await addVideos(token, kept.id, [ytId(1)]);

    const res = await call(`/api/lists/${doomed.id}`, { token, method: "DELETE" });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");

    await expectErrorResponse(await call(`/api/lists/${doomed.id}`, { token }), 404, "not_found");
    await expectErrorResponse(await call(`/api/lists/${doomed.id}/videos`, { token }), 404, "not_found");
    for (const video of doomedVideos) {
      await expectErrorResponse(await call(`/api/videos/${video.id}`, { token }), 404, "not_found");
    }
    const left = await env.DB.prepare("SELECT count(*) AS n FROM videos WHERE list_id = ?").bind(doomed.id).first();
    expect(left?.n).toBe(0);
    await expectErrorResponse(await call(`/api/lists/${doomed.id}`, { token, method: "DELETE" }), 404, "not_found");

    expect((await callJson(`/api/videos/${keptVideo!.id}`, { token, expect: 200 })).listId).toBe(kept.id);
    expect((await callJson(`/api/lists/${kept.id}`, { token, expect: 200 })).videoCount).toBe(1);
    const ids = (await walkPages("/api/lists", token, 200)).flat().map((list: any) => list.id);
    expect(ids).toContain(kept.id);
    expect(ids).not.toContain(doomed.id);
  });
});

describe("pagination", () => {
  it("walks 250 videos at limit=7, both orders, with no gap or repeat", async () => {
    const list = await createList(token, { name: "Big" });
    const added = await addVideos(
      token,
      list.id,
      Array.from({ length: 250 }, (_, i) => ytId(1000 + i)),
    );
    expect(added).toHaveLength(250);
    const addedIds = added.map((video) => video.id).sort();

    for (const order of ["desc", "asc"]) {
      const pages = await walkPages<Video>(`/api/lists/${list.id}/videos?order=${order}`, token, 7);
      expect(pages.map((page) => page.length)).toEqual([...Array(35).fill(7), 5]);
      const ids = pages.flat().map((video) => video.id);
      expect(new Set(ids).size).toBe(250);
      expect([...ids].sort()).toEqual(addedIds);
      const created = pages.flat().map((video) => video.createdAt);
      const sorted = [...created].sort();
      expect(created).toEqual(order === "asc" ? sorted : sorted.reverse());
    }

    // Without ?limit the default page is 50.
    const first = await callJson(`/api/lists/${list.id}/videos`, { token, expect: 200 });
    expect(first.items).toHaveLength(50);
    expect(first.nextCursor).toEqual(expect.any(String));
  });

  it("videos added while a client pages do not shift the pages it has not read yet", async () => {
    const list = await createList(token, { name: "Growing" });
    await addVideos(
      token,
      list.id,
      Array.from({ length: 10 }, (_, i) => ytId(5000 + i)),
    );
    // A last page that is exactly full ends the walk: no empty page after it.
    const byFive = await walkPages(`/api/lists/${list.id}/videos`, token, 5);
    expect(byFive.map((page) => page.length)).toEqual([5, 5]);

    await env.DB.prepare("UPDATE videos SET created_at = ? WHERE list_id = ?").bind(OLD, list.id).run();
    const first = await callJson(`/api/lists/${list.id}/videos?limit=4`, { token, expect: 200 });
    await addVideos(token, list.id, [ytId(5100), ytId(5101)]);
    const seen = first.items.map((video: any) => video.id);
    for (let cursor = first.nextCursor; cursor; ) {
      const next = await callJson(`/api/lists/${list.id}/videos?limit=4&cursor=${cursor}`, { token, expect: 200 });
      seen.push(...next.items.map((video: any) => video.id));
      cursor = next.nextCursor;
    }
    // Newest first: the two added later sort before the cursor and are not served on later pages.
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
  });

  it("walks the lists, newest first, with no gap or repeat", async () => {
    const user = await signUp("many-lists");
    const created: string[] = [];
    for (let i = 0; i < 12; i++) created.push((await createList(user.token, { name: `List ${i}` })).id);
    const pages = await walkPages(`/api/lists`, user.token, 5);
    expect(pages.map((page) => page.length)).toEqual([5, 5, 2]);
    const lists = pages.flat();
    expect(lists.map((list: any) => list.id).sort()).toEqual([...created].sort());
    const times = lists.map((list: any) => list.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    // Newest first: the last one created comes before the first one created.
    const ids = lists.map((list: any) => list.id);
    if (times[0] !== times.at(-1)) expect(ids.indexOf(created[11])).toBeLessThan(ids.indexOf(created[0]));
  });
});

describe("search, filter and sort", () => {
  let listId: string;
  let byYt: Map<string, Video>;

  beforeAll(async () => {
    listId = (await createList(token, { name: "Searchable" })).id;
    const videos = await addVideos(
      token,
      listId,
      Array.from({ length: 16 }, (_, i) => ytId(i)),
    );
    byYt = new Map(videos.map((video) => [video.youtubeId, video]));
    const meta: Record<number, Record<string, unknown>> = {
      0: {
        title: "Intro to Rust",
        channel_title: "Ferris Talks",
        description: "systems",
        duration_seconds: 600,
        view_count: 50,
        published_at: "2024-01-02T00:00:00.000Z",
        status: "completed",
      },
      1: {
        title: "100% pure CSS",
        channel_title: "css_wizard",
        duration_seconds: 120,
        view_count: 5000,
        published_at: "2023-06-01T00:00:00.000Z",
        status: "completed",
      },
      2: {
        title: "100 pure tricks",
        channel_title: "cssXwizard",
        description: "an underscore_test here",
        duration_seconds: 120,
        view_count: 0,
        published_at: "2023-06-01T00:00:00.000Z",
        status: "failed",
      },
      3: { title: "Cooking", channel_title: "Chef", description: "Learn RUST the hard way", view_count: 50 },
      4: { title: "Apple", duration_seconds: 1, published_at: "2025-12-31T23:59:59.000Z" },
      5: { title: "Zebra", duration_seconds: 86_400, view_count: 9_000_000_000 },
      6: { title: "Intro to Rust", channel_title: "Other", status: "processing" },
      7: { status: "queued" },
    };
    // Creation times with ties, so createdAt paging must break ties too.
    await setVideoColumns(
      [...byYt.values()].map((video, i) => ({
        id: video.id,
        set: { created_at: `2026-01-01T00:00:0${i % 4}.000Z`, ...(meta[Number(video.youtubeId.slice(3))] ?? {}) },
      })),
    );
    expect(Object.keys(meta).every((n) => byYt.has(ytId(Number(n))))).toBe(true);
  });

  const search = async (q: string, extra = "") =>
    (await walkPages<Video>(`/api/lists/${listId}/videos?q=${encodeURIComponent(q)}${extra}`, token, 200))
      .flat()
      .map((video) => video.youtubeId)
      .sort();

  it("q matches title, channel and description, case-insensitively", async () => {
    expect(await search("rust")).toEqual([ytId(0), ytId(3), ytId(6)].sort());
    expect(await search("ferris")).toEqual([ytId(0)]);
    expect(await search("SYSTEMS")).toEqual([ytId(0)]);
    expect(await search("  chef  ")).toEqual([ytId(3)]);
    expect(await search("no such words")).toEqual([]);
  });

  it("q is words, not a pattern: punctuation is neither a wildcard nor search syntax", async () => {
    // "100%" is the word 100; "css_w" the words css and w (both as prefixes, both required).
    expect(await search("100%")).toEqual([ytId(1), ytId(2)].sort());
    expect(await search("css_w")).toEqual([ytId(1)]);
    for (const q of ["%", "_", "\\", '"', "*", "(", "-", ":", "^"]) expect(await search(q), q).toEqual([]);
    // FTS5 operators and column filters typed by a user are plain words.
    expect(await search('rust" OR "chef')).toEqual([]);
    expect(await search("title:cooking")).toEqual([]);
    expect(await search("NEAR(rust")).toEqual([]);
    expect(await search("rust*")).toEqual([ytId(0), ytId(3), ytId(6)].sort());
  });

  it("q combines with the status filter and pages", async () => {
    expect(await search("rust", "&status=completed")).toEqual([ytId(0)]);
    expect(await search("pure", "&status=failed")).toEqual([ytId(2)]);
    const pages = await walkPages(`/api/lists/${listId}/videos?q=rust`, token, 1);
    expect(pages.map((page) => page.length)).toEqual([1, 1, 1]);
  });

  it("status filters to exactly the videos in that status", async () => {
    const expected: Record<string, number[]> = {
      completed: [0, 1],
      failed: [2],
      processing: [6],
      queued: [7],
      pending: [3, 4, 5, 8, 9, 10, 11, 12, 13, 14, 15],
    };
    for (const [status, ns] of Object.entries(expected)) {
      const found = (await walkPages<Video>(`/api/lists/${listId}/videos?status=${status}`, token, 4)).flat();
      expect(found.map((video) => video.youtubeId).sort(), status).toEqual(ns.map(ytId).sort());
      expect(found.every((video) => video.status === status)).toBe(true);
    }
  });

  const SORTS: [string, (v: Video) => string | number | null][] = [
    ["createdAt", (v: Video) => v.createdAt],
    ["title", (v: Video) => v.title],
    ["publishedAt", (v: Video) => v.publishedAt],
    ["durationSeconds", (v: Video) => v.durationSeconds],
    ["viewCount", (v: Video) => v.viewCount],
  ];

  it.each(SORTS.flatMap(([sort, read]) => (["asc", "desc"] as const).map((order) => [sort, order, read] as const)))(
    "sort=%s order=%s pages consistently at limit=3, with videos not yet processed sorted as lowest",
    async (sort, order, read) => {
      const path = `/api/lists/${listId}/videos?sort=${sort}&order=${order}`;
      const pages = await walkPages<Video>(path, token, 3);
      expect(pages.map((page) => page.length)).toEqual([3, 3, 3, 3, 3, 1]);
      const walked = pages.flat();
      expect(new Set(walked.map((video) => video.id)).size).toBe(16);

      const whole = (await callJson(`${path}&limit=200`, { token, expect: 200 })).items as Video[];
      expect(walked.map((video) => video.id)).toEqual(whole.map((video) => video.id));

      // Compare neighbours: NULL counts as lower than every value.
      const keys = walked.map(read);
      for (let i = 1; i < keys.length; i++) {
        const [previous, current] = [keys[i - 1] ?? null, keys[i] ?? null];
        const [a, b] = order === "asc" ? [previous, current] : [current, previous];
        const inOrder = a === null || (b !== null && a <= b);
        expect(inOrder, `${sort} ${order} at ${i}: ${JSON.stringify(keys)}`).toBe(true);
      }
      if (sort !== "createdAt") expect(keys).toContain(null);
    },
  );

  it("the default order is newest first", async () => {
    const defaults = (await callJson(`/api/lists/${listId}/videos?limit=200`, { token, expect: 200 })).items;
    const explicit = (
      await callJson(`/api/lists/${listId}/videos?limit=200&sort=createdAt&order=desc`, { token, expect: 200 })
    ).items;
    expect(defaults).toEqual(explicit);
    expect(defaults[0].createdAt >= defaults.at(-1).createdAt).toBe(true);
  });
});

describe("adding videos", () => {
  it("single add answers 201 with a pending Video at its canonical URL, and counts it", async () => {
    const list = await createList(token, { name: "Single" });
    const video = await callJson(`/api/lists/${list.id}/videos`, {
      token,
      body: { url: "music.youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=42" },
      expect: 201,
    });
    expect(Object.keys(video).sort()).toEqual(VIDEO_KEYS);
    expect(video).toMatchObject({
      listId: list.id,
      youtubeId: "dQw4w9WgXcQ",
      url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
      status: "pending",
      title: null,
      viewCount: null,
      fields: null,
      processedAt: null,
    });
    expect((await callJson(`/api/lists/${list.id}`, { token })).videoCount).toBe(1);

    const conflict = await expectErrorResponse(
      await call(`/api/lists/${list.id}/videos`, { token, body: { url: "https://youtu.be/dQw4w9WgXcQ" } }),
      409,
      "conflict",
    );
    expect(JSON.stringify(conflict.details)).toContain(video.id);
    await expectErrorResponse(
      await call(`/api/lists/${list.id}/videos`, { token, body: { url: "https://vimeo.com/76979871" } }),
      422,
      "invalid_url",
    );
    await expectErrorResponse(
      await call(`/api/lists/${list.id}/videos`, { token, body: {} }),
      422,
      "validation_failed",
    );
    expect((await callJson(`/api/lists/${list.id}`, { token })).videoCount).toBe(1);
  });

  it("bulk {urls} reports added, duplicates (inside the request and already present) and invalid by line", async () => {
    const list = await createList(token, { name: "Bulk" });
    const [existing] = await addVideos(token, list.id, [ytId(1)]);
    const result = await callJson(`/api/lists/${list.id}/videos/bulk`, {
      token,
      body: {
        urls: [
          `https://www.youtube.com/watch?v=${ytId(2)}`,
          ytId(1),
          "https://example.com/watch?v=dQw4w9WgXcQ",
          `https://youtu.be/${ytId(2)}`,
          ytId(3),
          ytId(2),
        ],
      },
      expect: 200,
    });
    expect(result.added.map((video: Video) => video.youtubeId)).toEqual([ytId(2), ytId(3)]);
    const id2 = result.added[0].id;
    expect(result.duplicates).toEqual([
      { input: ytId(1), line: 2, videoId: existing!.id },
      { input: `https://youtu.be/${ytId(2)}`, line: 4, videoId: id2 },
      { input: ytId(2), line: 6, videoId: id2 },
    ]);
    expect(result.invalid).toEqual([
      { input: "https://example.com/watch?v=dQw4w9WgXcQ", line: 3, reason: expect.any(String) },
    ]);
    expect((await callJson(`/api/lists/${list.id}`, { token })).videoCount).toBe(3);
  });

  it("bulk {text} splits on any line break and counts blank lines in line numbers", async () => {
    const list = await createList(token, { name: "Paste" });
    const result = await callJson(`/api/lists/${list.id}/videos/bulk`, {
      token,
      body: { text: `${ytId(1)}\r\n\r\n  https://youtu.be/${ytId(2)}  \nnope\r${ytId(1)}\n` },
      expect: 200,
    });
    expect(result.added.map((video: Video) => video.youtubeId)).toEqual([ytId(1), ytId(2)]);
    expect(result.invalid).toEqual([{ input: "nope", line: 4, reason: expect.any(String) }]);
    expect(result.duplicates).toEqual([{ input: ytId(1), line: 5, videoId: result.added[0].id }]);
  });

  it("bulk refuses urls and text together, and neither, saying which to send, and adds nothing", async () => {
    const list = await createList(token, { name: "Both" });
    const bodies = [
      { body: { urls: [], text: ytId(1) }, says: "Send either urls or text, not both" },
      { body: { urls: [ytId(1)], text: ytId(2) }, says: "Send either urls or text, not both" },
      { body: {}, says: "Give urls (an array of strings) or text (one URL per line)" },
    ];
    for (const { body, says } of bodies) {
      const error = await expectErrorResponse(
        await call(`/api/lists/${list.id}/videos/bulk`, { token, body }),
        422,
        "validation_failed",
      );
      expect(error.details, JSON.stringify(body)).toEqual([{ path: "", message: says }]);
    }
    expect((await callJson(`/api/lists/${list.id}`, { token })).videoCount).toBe(0);
  });

  it("bulk takes exactly 1,000 URLs and refuses 1,001 without adding any", async () => {
    const list = await createList(token, { name: "Thousand" });
    const urls = Array.from({ length: 1001 }, (_, i) => ytId(20_000 + i));
    await expectErrorResponse(
      await call(`/api/lists/${list.id}/videos/bulk`, { token, body: { urls } }),
      422,
      "validation_failed",
    );
    await expectErrorResponse(
      await call(`/api/lists/${list.id}/videos/bulk`, { token, body: { text: urls.join("\n") } }),
      422,
      "validation_failed",
    );
    expect((await callJson(`/api/lists/${list.id}`, { token })).videoCount).toBe(0);
    const result = await callJson(`/api/lists/${list.id}/videos/bulk`, {
      token,
      body: { urls: urls.slice(0, 1000) },
      expect: 200,
    });
    expect(result.added).toHaveLength(1000);
    expect((await callJson(`/api/lists/${list.id}`, { token })).videoCount).toBe(1000);
  });
});

describe("one video", () => {
  it("GET returns it; DELETE answers 204, after which it is gone and can be added again", async () => {
    const list = await createList(token, { name: "One" });
    const [video, other] = await addVideos(token, list.id, [ytId(1), ytId(2)]);
    const got = await callJson(`/api/videos/${video!.id}`, { token, expect: 200 });
    expect(got).toEqual(video);

    const res = await call(`/api/videos/${video!.id}`, { token, method: "DELETE" });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    await expectErrorResponse(await call(`/api/videos/${video!.id}`, { token }), 404, "not_found");
    await expectErrorResponse(await call(`/api/videos/${video!.id}`, { token, method: "DELETE" }), 404, "not_found");
    expect((await allVideos(token, list.id)).map((v) => v.id)).toEqual([other!.id]);
    expect((await callJson(`/api/lists/${list.id}`, { token })).videoCount).toBe(1);

    const again = await callJson(`/api/lists/${list.id}/videos`, { token, body: { url: ytId(1) }, expect: 201 });
    expect(again.id).not.toBe(video!.id);
  });
});
