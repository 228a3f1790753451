import { describe, expect, it } from "vitest";
import { call, callJson, createList, signUp } from "./helpers";

describe("a new user's first minutes", () => {
  it("signs up, creates a list, adds videos in several shapes, lists and exports them", async () => {
    const { token } = await signUp();
    const list = await createList(token, {
      name: "Talks",
      fields: [{ key: "level", label: "Level", type: "enum", options: ["easy", "hard"] }],
    });
    expect(list).toMatchObject({ name: "Talks", videoCount: 0, description: "" });

    const one = await callJson(`/api/lists/${list.id}/videos`, {
      token,
      body: { url: "https://youtu.be/dQw4w9WgXcQ?si=x" },
      expect: 201,
    });
    expect(one).toMatchObject({
      youtubeId: "dQw4w9WgXcQ",
      url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
      status: "pending",
      title: null,
    });

    const bulk = await callJson(`/api/lists/${list.id}/videos/bulk`, {
      token,
      body: {
        text: "https://www.youtube.com/shorts/aaaaaaaaaaa\nnot a url\n\nhttps://youtube.com/watch?v=dQw4w9WgXcQ\naaaaaaaaaaa",
      },
      expect: 200,
    });
    expect(bulk.added.map((v: any) => v.youtubeId)).toEqual(["aaaaaaaaaaa"]);
    expect(bulk.invalid).toEqual([{ input: "not a url", line: 2, reason: expect.any(String) }]);
    expect(bulk.duplicates).toEqual([
      { input: "https://youtube.com/watch?v=dQw4w9WgXcQ", line: 4, videoId: one.id },
      { input: "aaaaaaaaaaa", line: 5, videoId: bulk.added[0].id },
    ]);

    const page = await callJson(`/api/lists/${list.id}/videos`, { token, expect: 200 });
    expect(page.items).toHaveLength(2);
    expect((await callJson(`/api/lists/${list.id}`, { token })).videoCount).toBe(2);

    const csv = await call(`/api/lists/${list.id}/videos/export?format=csv`, { token });
    expect(csv.headers.get("content-disposition")).toContain("talks.csv");
    const text = await csv.text();
    expect(text.split("\r\n")[0]).toContain("url,video_id");
    expect(text).toContain("fields.level");
  });
});
