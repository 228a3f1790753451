/**
 * A video shows the values of its list's fields only. A field removed from the list, or one of the
 * list a video was copied from, keeps its stored value (a field put back finds it again) but no
 * answer carries it: not the video, the videos page, search, the JSON export, nor the public page.
 */
import { describe, expect, it, vi } from "vitest";
import type { Video } from "../../src/shared/schemas/videos";
import { addVideos, callJson, createList, setVideoColumns, signUp, ytId } from "./helpers";

// Signs up (PBKDF2) and walks every route that shows a video.
vi.setConfig({ testTimeout: 20_000 });

const LEVEL = { key: "level", label: "Level", type: "enum", options: ["easy", "hard"] };
const NOTES = { key: "notes", label: "Private notes", type: "text" };

describe("values of fields a list does not have", () => {
  it("are kept but shown nowhere, and come back with the field", async () => {
    const { token } = await signUp("fields-shown");
    const list = await createList(token, { name: "Talks", fields: [LEVEL, NOTES] });
    const [video] = await addVideos(token, list.id, [ytId(1)]);
    await setVideoColumns([
      {
        id: video!.id,
        set: { status: "completed", title: "Sourdough at scale", fields: { level: "hard", notes: "ask Ana first" } },
      },
    ]);
    await callJson(`/api/videos/${video!.id}`, { token, method: "PATCH", body: { fields: { notes: "mine" } } });
    const share = await callJson(`/api/lists/${list.id}/share`, { token, method: "POST", expect: 200 });

    await callJson(`/api/lists/${list.id}`, { token, method: "PATCH", body: { fields: [LEVEL] }, expect: 200 });
    const onlyLevel = { fields: { level: "hard" }, fieldSources: { level: "ai" } };
    const shown = async () => {
      const exported: Video[] = await callJson(`/api/lists/${list.id}/videos/export?format=json`, {
        token,
        expect: 200,
      });
      const publicPage = await callJson(`/api/public/lists/${share.slug}`, { expect: 200 });
      return [
        await callJson(`/api/videos/${video!.id}`, { token, expect: 200 }),
        (await callJson(`/api/lists/${list.id}/videos`, { token, expect: 200 })).items[0],
        (await callJson(`/api/search?q=sourdough`, { token, expect: 200 })).items[0],
        exported[0],
        publicPage.videos.items[0],
      ];
    };
    for (const answer of await shown()) expect(answer).toMatchObject(onlyLevel);
    for (const answer of await shown()) expect(Object.keys(answer.fields)).toEqual(["level"]);
    const corrected = await callJson(`/api/videos/${video!.id}`, {
      token,
      method: "PATCH",
      body: { fields: { level: "easy" } },
      expect: 200,
    });
    expect(corrected).toMatchObject({ fields: { level: "easy" }, fieldSources: { level: "user" } });
    expect(Object.keys(corrected.fields)).toEqual(["level"]);

    // Put back, the field finds its value, and who set it.
    await callJson(`/api/lists/${list.id}`, { token, method: "PATCH", body: { fields: [LEVEL, NOTES] }, expect: 200 });
    expect(await callJson(`/api/videos/${video!.id}`, { token, expect: 200 })).toMatchObject({
      fields: { level: "easy", notes: "mine" },
      fieldSources: { level: "user", notes: "user" },
    });
  });

  it("of the list a video was copied from are not shown in the list it was copied to", async () => {
    const { token } = await signUp("fields-copied");
    const from = await createList(token, { name: "Talks", fields: [LEVEL, NOTES] });
    const to = await createList(token, { name: "Plain" });
    const [video] = await addVideos(token, from.id, [ytId(2)]);
    await setVideoColumns([
      { id: video!.id, set: { status: "completed", fields: { level: "hard", notes: "ask Ana first" } } },
    ]);
    await callJson(`/api/lists/${from.id}/videos/move`, {
      token,
      method: "POST",
      body: { videoIds: [video!.id], toListId: to.id, copy: true },
      expect: 200,
    });
    const [copy] = (await callJson(`/api/lists/${to.id}/videos`, { token, expect: 200 })).items;
    expect([copy.fields, copy.fieldSources]).toEqual([{}, {}]);
    const [original] = (await callJson(`/api/lists/${from.id}/videos`, { token, expect: 200 })).items;
    expect(original.fields).toEqual({ level: "hard", notes: "ask Ana first" });
  });
});
