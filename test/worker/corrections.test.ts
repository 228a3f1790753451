/**
 * A person corrects what the AI extracted: the values are checked against the list's fields,
 * marked `user` in `fieldSources`, found by filters and search, kept by a normal rerun through
 * the real queue consumer, and replaced by a forced one. A field retyped (or an option taken
 * away) shows none of the values it refuses and keeps none of those corrections: the next normal
 * run fills it.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../src/db/client";
import { unmarkStatements } from "../../src/db/video-edits";
import { reshapedKeys } from "../../src/domain/field-values";
import type { Video } from "../../src/shared/schemas/videos";
import { addVideos, allVideos, call, callJson, createList, expectErrorResponse, signUp, ytId } from "./helpers";
import { useFakeUpstream } from "./support/fake-upstream-fetch";
import { expectJobOverAndCounted, waitForJob } from "./support/jobs";

useFakeUpstream();

const FIELDS = [
  { key: "level", label: "Level", type: "enum", options: ["easy", "medium", "hard"] },
  { key: "note", label: "Note", type: "text" },
  { key: "minutes", label: "Minutes", type: "number" },
  { key: "speakers", label: "Speakers", type: "tags", options: ["Ada", "Grace"] },
];
const PERSON = "written by a person";

let user: { token: string; userId: string };
beforeAll(async () => {
  user = await signUp("corrections");
});

const correct = (videoId: string, fields: Record<string, unknown>, token = user.token) =>
  call(`/api/videos/${videoId}`, { token, method: "PATCH", body: { fields } });

async function processList(listId: string, force: boolean) {
  const job = await callJson(`/api/lists/${listId}/process`, { token: user.token, body: { force }, expect: 201 });
  const done = await waitForJob(user.token, job.id);
  expectJobOverAndCounted(done);
  expect(done.status).toBe("completed");
}

describe("PATCH /api/videos/:id", () => {
  it("sets values, marks them the user's, and leaves the AI's values and sources alone", async () => {
    const list = await createList(user.token, { name: "Corrected", fields: FIELDS });
    const [video] = await addVideos(user.token, list.id, [ytId(9700)]);
    // Before any run: no values, no sources.
    expect(video).toMatchObject({ fields: null, fieldSources: {} });
    await processList(list.id, false);
    const processed = await callJson<Video>(`/api/videos/${video!.id}`, { token: user.token, expect: 200 });
    expect(processed.fieldSources).toEqual({ level: "ai", note: "ai", minutes: "ai", speakers: "ai" });

    const res = await correct(video!.id, { note: PERSON, speakers: ["Grace", "Grace", "Ada"], minutes: null });
    const corrected = (await res.json()) as Video;
    expect(res.status).toBe(200);
    expect(corrected.fields).toEqual({ ...processed.fields, note: PERSON, speakers: ["Grace", "Ada"], minutes: null });
    expect(corrected.fieldSources).toEqual({ level: "ai", note: "user", minutes: "user", speakers: "user" });
    expect(corrected.updatedAt >= processed.updatedAt).toBe(true);
    expect(await callJson(`/api/videos/${video!.id}`, { token: user.token, expect: 200 })).toEqual(corrected);

    // The correction is what filters and search see.
    const found = await callJson(
      `/api/lists/${list.id}/videos?field.note=${encodeURIComponent(PERSON)}&field.minutes.empty=true`,
      { token: user.token, expect: 200 },
    );
    expect(found.items.map((v: Video) => v.id)).toEqual([video!.id]);
    const searched = await callJson(`/api/lists/${list.id}/videos?q=person`, { token: user.token, expect: 200 });
    expect(searched.items[0].match).toMatchObject({ field: "fields.note", text: PERSON });
    // Corrected again: the new words are found, the old ones no longer.
    await correct(video!.id, { note: "Now about functors" });
    const search = async (q: string) =>
      (await callJson(`/api/lists/${list.id}/videos?q=${q}`, { token: user.token, expect: 200 })).items.map(
        (v: Video) => v.id,
      );
    expect(await search("functor")).toEqual([video!.id]);
    expect(await search("person")).toEqual([]);
  });

  it("refuses values that do not fit, unknown keys and other users' videos, changing nothing", async () => {
    const list = await createList(user.token, { name: "Strict", fields: FIELDS });
    const [video] = await addVideos(user.token, list.id, [ytId(9701)]);
    const before = await callJson(`/api/videos/${video!.id}`, { token: user.token, expect: 200 });
    const cases: [Record<string, unknown>, string[]][] = [
      [{ level: "Hard" }, ["fields.level"]],
      [{ level: 3 }, ["fields.level"]],
      [{ minutes: "12" }, ["fields.minutes"]],
      [{ speakers: ["Linus"] }, ["fields.speakers"]],
      [{ speakers: "Ada" }, ["fields.speakers"]],
      [{ note: ["a"] }, ["fields.note"]],
      [{ nope: 1, level: "easy" }, ["fields.nope"]],
      [{ level: "bogus", minutes: true }, ["fields.level", "fields.minutes"]],
    ];
    for (const [fields, paths] of cases) {
      const error = await expectErrorResponse(await correct(video!.id, fields), 422, "validation_failed");
      expect(error.details.map((d: any) => d.path).sort(), JSON.stringify(fields)).toEqual(paths.sort());
    }
    const wrong = await correct(video!.id, { level: "Hard", minutes: "12", speakers: ["Linus"], note: ["a"] });
    expect((await expectErrorResponse(wrong, 422, "validation_failed")).details).toEqual([
      { path: "fields.level", message: "Expected one of easy, medium, hard, or null to clear it" },
      { path: "fields.minutes", message: "Expected a number, or null to clear it" },
      { path: "fields.speakers", message: "Expected a list of tags from Ada, Grace, or null to clear it" },
      { path: "fields.note", message: "Expected a string, or null to clear it" },
    ]);
    await expectErrorResponse(
      await call(`/api/videos/${video!.id}`, { token: user.token, method: "PATCH", body: { fields: {} } }),
      422,
      "validation_failed",
    );
    const stranger = await signUp("corrections-stranger");
    await expectErrorResponse(await correct(video!.id, { level: "easy" }, stranger.token), 404, "not_found");
    expect(await callJson(`/api/videos/${video!.id}`, { token: user.token, expect: 200 })).toEqual(before);
  });
});

describe("corrections and reruns, through the real queue consumer", () => {
  it("a normal rerun keeps the user's values; a forced run replaces them", async () => {
    const list = await createList(user.token, { name: "Rerun", fields: FIELDS });
    const videos = await addVideos(
      user.token,
      list.id,
      Array.from({ length: 4 }, (_, i) => ytId(9710 + i)),
    );
    await processList(list.id, false);
    const [target] = videos;
    await correct(target!.id, { note: PERSON, level: null });

    // Relabelling a field changes the list's version: every video needs a rerun.
    await callJson(`/api/lists/${list.id}`, {
      token: user.token,
      method: "PATCH",
      body: { fields: FIELDS.map((field) => ({ ...field, label: `${field.label}!` })) },
      expect: 200,
    });
    await processList(list.id, false);
    const rerun = (await allVideos(user.token, list.id)).find((v) => v.id === target!.id)!;
    expect(rerun.fields).toMatchObject({ note: PERSON, level: null });
    expect(rerun.fieldSources).toMatchObject({ note: "user", level: "user", minutes: "ai", speakers: "ai" });
    expect(rerun.processedVersion).not.toBe(target!.processedVersion);
    // The other videos took the new run's values as usual.
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM videos WHERE list_id = ? AND field_sources IS NULL")
      .bind(list.id)
      .first<{ n: number }>();
    expect(stored?.n).toBe(3);

    await processList(list.id, true);
    const forced = (await allVideos(user.token, list.id)).find((v) => v.id === target!.id)!;
    expect(forced.fields?.note).not.toBe(PERSON);
    expect(typeof forced.fields?.note).toBe("string");
    expect(["easy", "medium", "hard"]).toContain(forced.fields?.level);
    expect(forced.fieldSources).toEqual({ level: "ai", note: "ai", minutes: "ai", speakers: "ai" });
    const found = await callJson(`/api/lists/${list.id}/videos?field.note=${encodeURIComponent(PERSON)}`, {
      token: user.token,
      expect: 200,
    });
    expect(found.items).toEqual([]);
  });
});

describe("a field retyped under corrections", () => {
  const storedRow = (id: string) =>
    env.DB.prepare("SELECT fields, field_sources, updated_at FROM videos WHERE id = ?")
      .bind(id)
      .first<{ fields: string; field_sources: string | null; updated_at: string }>();

  it("shows no value it refuses, takes the mark off such corrections, and the next normal run fills them", async () => {
    const list = await createList(user.token, { name: "Retyped", fields: FIELDS });
    const [target, other] = await addVideos(user.token, list.id, [ytId(9720), ytId(9721)]);
    await processList(list.id, false);
    await correct(target!.id, { note: PERSON, level: "hard", speakers: ["Ada"], minutes: 7 });
    await correct(other!.id, { level: "easy" });
    const corrected = await storedRow(target!.id);

    // note: text → number; level loses "hard"; speakers gains an option (refuses nothing).
    const retyped = FIELDS.map((field) =>
      field.key === "note"
        ? { ...field, type: "number" }
        : field.key === "level"
          ? { ...field, options: ["easy", "medium"] }
          : field.key === "speakers"
            ? { ...field, options: ["Ada", "Grace", "Linus"] }
            : field,
    );
    await callJson(`/api/lists/${list.id}`, {
      token: user.token,
      method: "PATCH",
      body: { fields: retyped },
      expect: 200,
    });
    const shown = await callJson<Video>(`/api/videos/${target!.id}`, { token: user.token, expect: 200 });
    expect(shown.fields).toEqual({ speakers: ["Ada"], minutes: 7 });
    expect(shown.fieldSources).toEqual({ speakers: "user", minutes: "user" });
    // The refused values stay stored; only their marks are gone, and the row was not rewritten otherwise.
    const after = await storedRow(target!.id);
    expect(JSON.parse(after!.fields)).toMatchObject({ note: PERSON, level: "hard" });
    expect(JSON.parse(after!.field_sources!)).toEqual({ speakers: "user", minutes: "user" });
    expect(after!.updated_at).toBe(corrected!.updated_at);
    // A correction the new field still takes keeps its mark.
    expect(await callJson<Video>(`/api/videos/${other!.id}`, { token: user.token, expect: 200 })).toMatchObject({
      fields: { level: "easy" },
      fieldSources: { level: "user" },
    });
    // Every answer showing the list's videos holds to the new fields.
    for (const video of await allVideos(user.token, list.id)) {
      if (video.fields && "note" in video.fields) expect(typeof video.fields.note).toBe("number");
      if (video.fields && "level" in video.fields) expect(["easy", "medium", null]).toContain(video.fields.level);
    }

    await processList(list.id, false);
    const rerun = await callJson<Video>(`/api/videos/${target!.id}`, { token: user.token, expect: 200 });
    expect(typeof rerun.fields?.note).toBe("number");
    expect(["easy", "medium"]).toContain(rerun.fields?.level);
    expect(rerun.fields).toMatchObject({ speakers: ["Ada"], minutes: 7 });
    expect(rerun.fieldSources).toEqual({ level: "ai", note: "ai", speakers: "user", minutes: "user" });
    expect(await callJson<Video>(`/api/videos/${other!.id}`, { token: user.token, expect: 200 })).toMatchObject({
      fields: { level: "easy" },
      fieldSources: { level: "user" },
    });
  });

  it("leaves a correction made since the marks were read alone", async () => {
    const list = await createList(user.token, { name: "Raced", fields: FIELDS });
    const [video] = await addVideos(user.token, list.id, [ytId(9730)]);
    await correct(video!.id, { note: PERSON });
    const read = await storedRow(video!.id);
    await correct(video!.id, { note: "written again" });
    const db = getDb(env.DB);
    await env.DB.batch(
      unmarkStatements(db, { userId: user.userId, listId: list.id }, [
        { id: video!.id, updatedAt: read!.updated_at, keys: ["note"] },
      ]),
    );
    expect(JSON.parse((await storedRow(video!.id))!.field_sources!)).toEqual({ note: "user" });
    // As read now, the same marks come off.
    const now = await storedRow(video!.id);
    await env.DB.batch(
      unmarkStatements(db, { userId: user.userId, listId: list.id }, [
        { id: video!.id, updatedAt: now!.updated_at, keys: ["note"] },
      ]),
    );
    expect(JSON.parse((await storedRow(video!.id))!.field_sources!)).toEqual({});
  });
});

describe("reshapedKeys", () => {
  const tags = (options?: string[]) => ({ key: "speakers", label: "Speakers", type: "tags" as const, options });
  const level = (options: string[]) => ({ key: "level", label: "Level", type: "enum" as const, options });
  it("names a field that may refuse what it held, not one that only grew or was reordered", () => {
    expect(reshapedKeys([level(["a", "b"])], [level(["b", "a", "c"])])).toEqual([]);
    expect(reshapedKeys([level(["a", "b"])], [level(["a"])])).toEqual(["level"]);
    expect(reshapedKeys([level(["a"])], [level(["A"])])).toEqual(["level"]);
    expect(reshapedKeys([tags()], [tags(["Ada"])])).toEqual(["speakers"]);
    expect(reshapedKeys([tags(["Ada"])], [tags()])).toEqual([]);
    expect(reshapedKeys([{ ...tags(), type: "text" }], [tags()])).toEqual(["speakers"]);
    // A field added or removed has nothing to refuse: a new key holds nothing, a gone one is not shown.
    expect(reshapedKeys([level(["a"])], [tags()])).toEqual([]);
  });
});
