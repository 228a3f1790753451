/**
 * Bulk delete, move and copy: at most 1,000 ids, all of them the caller's videos in that list or
 * nothing happens (404), duplicates in the target stay put, videos a job holds are not moved.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { Video } from "../../src/shared/schemas/videos";
import { addVideos, allVideos, call, callJson, createList, expectErrorResponse, signUp, ytId } from "./helpers";
import { useFakeUpstream } from "./support/fake-upstream-fetch";
import { deliver, startJobWithoutSending } from "./support/jobs";

useFakeUpstream();

let a: { token: string; userId: string };
let b: { token: string; userId: string };
beforeAll(async () => {
  a = await signUp("bulk-a");
  b = await signUp("bulk-b");
});

const FIELDS = [{ key: "level", label: "Level", type: "enum", options: ["easy", "hard"] }];
const youtubeIds = (videos: Video[]) => videos.map((video) => video.youtubeId).sort();

async function setup(n: number, first: number) {
  const list = await createList(a.token, { name: `Bulk ${first}`, fields: FIELDS });
  const videos = await addVideos(
    a.token,
    list.id,
    Array.from({ length: n }, (_, i) => ytId(first + i)),
  );
  return { list, videos };
}

describe("POST /api/lists/:id/videos/delete", () => {
  it("deletes exactly the given videos; repeated ids count once", async () => {
    const { list, videos } = await setup(6, 10_000);
    const ids = videos.slice(0, 3).map((video) => video.id);
    const result = await callJson(`/api/lists/${list.id}/videos/delete`, {
      token: a.token,
      body: { videoIds: [...ids, ids[0]] },
      expect: 200,
    });
    expect(result).toEqual({ deleted: 3 });
    expect(youtubeIds(await allVideos(a.token, list.id))).toEqual(youtubeIds(videos.slice(3)));
    expect((await callJson(`/api/lists/${list.id}`, { token: a.token })).videoCount).toBe(3);
  });

  it("deletes nothing when any id is another user's, in another list, or unknown", async () => {
    const { list, videos } = await setup(3, 10_100);
    const other = await setup(1, 10_200);
    const bList = await createList(b.token, { name: "B" });
    const [bVideo] = await addVideos(b.token, bList.id, [ytId(10_300)]);
    for (const stray of [bVideo!.id, other.videos[0]!.id, "vid_unknown"]) {
      await expectErrorResponse(
        await call(`/api/lists/${list.id}/videos/delete`, {
          token: a.token,
          body: { videoIds: [videos[0]!.id, stray] },
        }),
        404,
        "not_found",
      );
    }
    expect(await allVideos(a.token, list.id)).toHaveLength(3);
    expect(await allVideos(b.token, bList.id)).toHaveLength(1);
    // B cannot delete A's videos through B's own list either.
    await expectErrorResponse(
      await call(`/api/lists/${bList.id}/videos/delete`, { token: b.token, body: { videoIds: [videos[0]!.id] } }),
      404,
      "not_found",
    );
    await expectErrorResponse(
      await call(`/api/lists/${list.id}/videos/delete`, { token: b.token, body: { videoIds: [videos[0]!.id] } }),
      404,
      "not_found",
    );
    expect(await allVideos(a.token, list.id)).toHaveLength(3);
  });

  it("takes 1,000 ids and refuses 1,001", async () => {
    const { list, videos } = await setup(1000, 11_000);
    await expectErrorResponse(
      await call(`/api/lists/${list.id}/videos/delete`, {
        token: a.token,
        body: { videoIds: [...videos.map((video) => video.id), "one_more"] },
      }),
      422,
      "validation_failed",
    );
    const result = await callJson(`/api/lists/${list.id}/videos/delete`, {
      token: a.token,
      body: { videoIds: videos.map((video) => video.id) },
      expect: 200,
    });
    expect(result).toEqual({ deleted: 1000 });
  });

  it("a video a running job holds can be deleted; the job counts it as failed and still ends", async () => {
    const { list, videos } = await setup(3, 10_400);
    const { job, messages } = await startJobWithoutSending(a.userId, list.id);
    await callJson(`/api/lists/${list.id}/videos/delete`, {
      token: a.token,
      body: { videoIds: [videos[0]!.id] },
      expect: 200,
    });
    await deliver(messages);
    const done = await callJson(`/api/jobs/${job.id}`, { token: a.token, expect: 200 });
    expect(done).toMatchObject({ status: "completed_with_errors", total: 3, processed: 2, failed: 1 });
  });
});

describe("POST /api/lists/:id/videos/move", () => {
  it("moves videos with their metadata and values; duplicates stay where they are", async () => {
    const { list, videos } = await setup(4, 10_500);
    const { messages } = await startJobWithoutSending(a.userId, list.id);
    await deliver(messages);
    const processed = await allVideos(a.token, list.id);
    const target = await createList(a.token, { name: "Target", fields: FIELDS });
    await addVideos(a.token, target.id, [ytId(10_500)]); // the target already has video 0

    const result = await callJson(`/api/lists/${list.id}/videos/move`, {
      token: a.token,
      body: { videoIds: videos.slice(0, 3).map((video) => video.id), toListId: target.id },
      expect: 200,
    });
    expect(result).toEqual({ moved: 2, duplicates: 1 });
    const moved = await allVideos(a.token, target.id);
    expect(youtubeIds(moved)).toEqual([ytId(10_500), ytId(10_501), ytId(10_502)].sort());
    for (const video of moved.filter((v) => v.youtubeId !== ytId(10_500))) {
      const before = processed.find((v) => v.id === video.id)!;
      // Same id, same metadata and values, now in the target list.
      expect(video).toMatchObject({ ...before, listId: target.id, updatedAt: expect.any(String) });
    }
    expect(youtubeIds(await allVideos(a.token, list.id))).toEqual([ytId(10_500), ytId(10_503)]);
  });

  it("copies: new ids in the target, the originals stay", async () => {
    const { list, videos } = await setup(2, 10_600);
    await env.DB.prepare("UPDATE videos SET status = 'completed', title = 'Kept title' WHERE list_id = ?")
      .bind(list.id)
      .run();
    const target = await createList(a.token, { name: "Copies" });
    const result = await callJson(`/api/lists/${list.id}/videos/move`, {
      token: a.token,
      body: { videoIds: videos.map((video) => video.id), toListId: target.id, copy: true },
      expect: 200,
    });
    expect(result).toEqual({ moved: 2, duplicates: 0 });
    const copies = await allVideos(a.token, target.id);
    expect(youtubeIds(copies)).toEqual(youtubeIds(videos));
    expect(copies.every((copy) => !videos.some((video) => video.id === copy.id))).toBe(true);
    expect(copies.every((copy) => copy.title === "Kept title" && copy.status === "completed")).toBe(true);
    expect(await allVideos(a.token, list.id)).toHaveLength(2);
    // Copying again finds them all there already.
    expect(
      await callJson(`/api/lists/${list.id}/videos/move`, {
        token: a.token,
        body: { videoIds: videos.map((video) => video.id), toListId: target.id, copy: true },
        expect: 200,
      }),
    ).toEqual({ moved: 0, duplicates: 2 });
  });

  it("refuses to move videos a job holds (409), but copies them as pending", async () => {
    const { list, videos } = await setup(2, 10_700);
    await startJobWithoutSending(a.userId, list.id);
    const target = await createList(a.token, { name: "Busy target" });
    const body = { videoIds: videos.map((video) => video.id), toListId: target.id };
    const error = await expectErrorResponse(
      await call(`/api/lists/${list.id}/videos/move`, { token: a.token, body }),
      409,
      "conflict",
    );
    expect(error.details.videoIds.sort()).toEqual(videos.map((video) => video.id).sort());
    expect(await allVideos(a.token, target.id)).toEqual([]);
    await callJson(`/api/lists/${list.id}/videos/move`, { token: a.token, body: { ...body, copy: true }, expect: 200 });
    expect((await allVideos(a.token, target.id)).map((video) => video.status)).toEqual(["pending", "pending"]);
  });

  it.each([
    ["moved", false],
    ["copied", true],
  ])(
    "%s into a list whose field of the same key takes other values, a value goes along only if it fits",
    async (_, copy) => {
      const level = { key: "level", label: "Level", type: "enum", options: ["easy", "hard"] };
      const from = await createList(a.token, {
        name: `Fit from ${copy}`,
        fields: [
          level,
          { key: "minutes", label: "Minutes", type: "number" },
          { key: "topic", label: "Topic", type: "text" },
          { key: "notes", label: "Notes", type: "text" },
        ],
      });
      const to = await createList(a.token, {
        name: `Fit to ${copy}`,
        fields: [
          { ...level, options: ["easy", "medium"] },
          { key: "minutes", label: "Minutes", type: "boolean" },
          { key: "topic", label: "Topic", type: "text" },
        ],
      });
      const [odd, even] = await addVideos(a.token, from.id, [
        ytId(copy ? 10_900 : 10_950),
        ytId(copy ? 10_901 : 10_951),
      ]);
      await env.DB.prepare(`UPDATE videos SET status = 'completed', fields = json(?) WHERE list_id = ?`)
        .bind(JSON.stringify({ level: "easy", minutes: 12, topic: "bread", notes: "ask Ana" }), from.id)
        .run();
      // A person said "hard" (which the target's level does not offer) and corrected the topic.
      await callJson(`/api/videos/${odd!.id}`, {
        token: a.token,
        method: "PATCH",
        body: { fields: { level: "hard", topic: "sourdough" } },
        expect: 200,
      });

      await callJson(`/api/lists/${from.id}/videos/move`, {
        token: a.token,
        body: { videoIds: [odd!.id, even!.id], toListId: to.id, copy },
        expect: 200,
      });
      const inTarget = async () => {
        const videos = await allVideos(a.token, to.id);
        return [odd, even].map((video) => videos.find((v) => v.youtubeId === video!.youtubeId)!);
      };
      const [oddThere, evenThere] = await inTarget();
      expect([oddThere!.fields, oddThere!.fieldSources]).toEqual([{ topic: "sourdough" }, { topic: "user" }]);
      expect([evenThere!.fields, evenThere!.fieldSources]).toEqual([
        { level: "easy", topic: "bread" },
        { level: "ai", topic: "ai" },
      ]);
      // A key the target has no field for stays stored, shown nowhere, as for a field removed.
      const stored = await env.DB.prepare("SELECT fields, field_sources FROM videos WHERE id = ?")
        .bind(oddThere!.id)
        .first<{ fields: string; field_sources: string }>();
      expect([JSON.parse(stored!.fields), JSON.parse(stored!.field_sources)]).toEqual([
        { topic: "sourdough", notes: "ask Ana" },
        { topic: "user" },
      ]);
      if (copy) {
        expect((await allVideos(a.token, from.id)).find((v) => v.id === odd!.id)).toMatchObject({
          fields: { level: "hard", minutes: 12, topic: "sourdough", notes: "ask Ana" },
          fieldSources: { level: "user", minutes: "ai", topic: "user", notes: "ai" },
        });
      }

      // The target's next normal run fills what was left behind, and keeps the person's topic.
      const { messages } = await startJobWithoutSending(a.userId, to.id);
      await deliver(messages);
      const [oddRun] = await inTarget();
      expect(oddRun!.fieldSources).toEqual({ level: "ai", minutes: "ai", topic: "user" });
      expect(["easy", "medium"]).toContain(oddRun!.fields?.level);
      expect(typeof oddRun!.fields?.minutes).toBe("boolean");
      expect(oddRun!.fields?.topic).toBe("sourdough");
    },
  );

  it("404 for another user's target list or videos, 422 for the same list; nothing moves", async () => {
    const { list, videos } = await setup(2, 10_800);
    const bList = await createList(b.token, { name: "B's target" });
    const ids = videos.map((video) => video.id);
    await expectErrorResponse(
      await call(`/api/lists/${list.id}/videos/move`, { token: a.token, body: { videoIds: ids, toListId: bList.id } }),
      404,
      "not_found",
    );
    const mine = await createList(a.token, { name: "Mine" });
    await expectErrorResponse(
      await call(`/api/lists/${list.id}/videos/move`, {
        token: a.token,
        body: { videoIds: [...ids, "vid_unknown"], toListId: mine.id },
      }),
      404,
      "not_found",
    );
    await expectErrorResponse(
      await call(`/api/lists/${list.id}/videos/move`, { token: a.token, body: { videoIds: ids, toListId: list.id } }),
      422,
      "validation_failed",
    );
    const bOther = await createList(b.token, { name: "B's other" });
    await expectErrorResponse(
      await call(`/api/lists/${bList.id}/videos/move`, {
        token: b.token,
        body: { videoIds: ids, toListId: bOther.id },
      }),
      404,
      "not_found",
    );
    expect(await allVideos(a.token, list.id)).toHaveLength(2);
    expect(await allVideos(a.token, mine.id)).toEqual([]);
    expect(await allVideos(b.token, bList.id)).toEqual([]);
  });
});
