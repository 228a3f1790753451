/**
 * The field-value index and the full-text index follow every way a video or a list changes,
 * whoever writes: intake, the real queue consumer, a correction, a raw UPDATE, a move, a copy,
 * the list's fields being edited (keys added, removed, retyped, options changed), and deletes.
 * After each step the index is compared with what the videos hold (support/find-index.ts).
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../src/db/client";
import { writeResults } from "../../src/db/video-results";
import { addVideos, call, callJson, createList, setVideoColumns, signUp, ytId } from "./helpers";
import { useFakeUpstream } from "./support/fake-upstream-fetch";
import { expectIndexInStep, orphanedIndexRows } from "./support/find-index";
import { deliver, startJobWithoutSending } from "./support/jobs";

useFakeUpstream();

const FIELDS = [
  { key: "level", label: "Level", type: "enum", options: ["easy", "medium", "hard"] },
  { key: "minutes", label: "Minutes", type: "number" },
  { key: "has_code", label: "Has code", type: "boolean" },
  { key: "speakers", label: "Speakers", type: "tags" },
  { key: "summary", label: "Summary", type: "text" },
];

let user: { token: string; userId: string };
beforeAll(async () => {
  user = await signUp("index");
});

const patchList = (listId: string, fields: unknown[]) =>
  callJson(`/api/lists/${listId}`, { token: user.token, method: "PATCH", body: { fields }, expect: 200 });

describe("the index follows every write", () => {
  it("intake, processing, corrections, raw writes and list edits", async () => {
    const list = await createList(user.token, { name: "Indexed", fields: FIELDS });
    const videos = await addVideos(
      user.token,
      list.id,
      Array.from({ length: 12 }, (_, i) => ytId(7000 + i)),
    );
    // Just added: every field of every video is indexed as empty, and nothing is searchable.
    await expectIndexInStep(list.id);
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM video_field_values WHERE list_id = ?")
      .bind(list.id)
      .first<{ n: number }>();
    expect(rows?.n).toBe(12 * FIELDS.length);
    // Two empties are never paired, so an import writes no pair row at all.
    const pairs = await env.DB.prepare("SELECT count(*) AS n FROM list_facet_pairs WHERE list_id = ?")
      .bind(list.id)
      .first<{ n: number }>();
    expect(pairs?.n).toBe(0);

    // The real consumer writes metadata and the AI's values.
    const { messages } = await startJobWithoutSending(user.userId, list.id);
    await deliver(messages);
    await expectIndexInStep(list.id);
    const documents = await env.DB.prepare(
      "SELECT count(*) AS n FROM video_search_docs d JOIN videos v ON v.id = d.video_id WHERE v.list_id = ?",
    )
      .bind(list.id)
      .first<{ n: number }>();
    expect(documents?.n).toBe(12);

    // A correction, then values that do not fit their fields, written straight to D1.
    await callJson(`/api/videos/${videos[0]!.id}`, {
      token: user.token,
      method: "PATCH",
      body: { fields: { level: "hard", speakers: ["Ada Lovelace", "Grace Hopper"], summary: null } },
      expect: 200,
    });
    await setVideoColumns([
      {
        id: videos[1]!.id,
        set: { fields: { level: "HARD", minutes: "12", has_code: "yes", speakers: ["Ada", "ada", 3], summary: 42 } },
      },
      { id: videos[2]!.id, set: { fields: { level: "easy", minutes: 7.5, has_code: false, speakers: [] } } },
      { id: videos[3]!.id, set: { fields: null, title: null, description: null, tags: null, chapters: null } },
    ]);
    await expectIndexInStep(list.id);
    // A rewrite keeps the rows whose value stays and replaces the others: one value changed, a
    // tag's case changed (the first of two cases is the one indexed), the same values again.
    await setVideoColumns([
      {
        id: videos[1]!.id,
        set: {
          fields: { level: "hard", minutes: "12", has_code: "yes", speakers: ["ada", "Ada", "Bob"], summary: 42 },
        },
      },
      { id: videos[2]!.id, set: { fields: { level: "easy", minutes: 7.5, has_code: true, speakers: [] } } },
      { id: videos[4]!.id, set: { fields: { level: "medium" } } },
    ]);
    await expectIndexInStep(list.id);
    await setVideoColumns([{ id: videos[1]!.id, set: { fields: { level: "hard", speakers: ["Ada", "bob"] } } }]);
    await expectIndexInStep(list.id);

    // List edits: a key removed, one retyped, enum options changed, a key added, labels renamed.
    await patchList(list.id, [
      { key: "level", label: "Level", type: "enum", options: ["easy", "hard"] },
      { key: "minutes", label: "Minutes", type: "text" },
      { key: "speakers", label: "People", type: "tags", options: ["Ada Lovelace"] },
      { key: "topic", label: "Topic", type: "text" },
      { key: "has_code", label: "Code?", type: "boolean" },
    ]);
    await expectIndexInStep(list.id);
    // The summary text left the search documents with its field.
    const summaries = await env.DB.prepare(
      "SELECT count(*) AS n FROM video_field_values WHERE list_id = ? AND key = 'summary'",
    )
      .bind(list.id)
      .first<{ n: number }>();
    expect(summaries?.n).toBe(0);

    await patchList(list.id, []);
    await expectIndexInStep(list.id);
    await patchList(list.id, FIELDS);
    await expectIndexInStep(list.id);
  });

  it("a rerun's write changes only what changed: one value, one tag more, a value gone, a correction kept", async () => {
    const list = await createList(user.token, { name: "Rerun", fields: FIELDS });
    const videos = await addVideos(
      user.token,
      list.id,
      Array.from({ length: 5 }, (_, i) => ytId(7200 + i)),
    );
    const { messages } = await startJobWithoutSending(user.userId, list.id);
    await deliver(messages);
    await expectIndexInStep(list.id);
    // A person's correction, which a normal rerun keeps.
    await callJson(`/api/videos/${videos[3]!.id}`, {
      token: user.token,
      method: "PATCH",
      body: { fields: { level: "hard", speakers: ["Grace Hopper"] } },
      expect: 200,
    });
    await expectIndexInStep(list.id);

    // The consumer's own write of a rerun, taking the videos back as its job does.
    const { results: rows } = await env.DB.prepare(
      "SELECT id, job_id, title, channel_title, channel_id, fields FROM videos WHERE list_id = ? ORDER BY id",
    )
      .bind(list.id)
      .all<{ id: string; job_id: string; title: string; channel_title: string; channel_id: string; fields: string }>();
    await env.DB.prepare("UPDATE videos SET status = 'processing' WHERE list_id = ?").bind(list.id).run();
    const changes: Record<string, unknown>[] = [
      { level: "easy" },
      { speakers: ["Ada Lovelace", "Linus", "Margaret Hamilton"] },
      { minutes: null, summary: null },
      { level: "medium", speakers: ["Someone Else"] },
      {},
    ];
    const completed = rows.map((row) => ({
      id: row.id,
      jobId: row.job_id,
      metadata: {
        title: row.title,
        channelTitle: row.channel_title,
        channelId: row.channel_id,
        description: null,
        durationSeconds: null,
        viewCount: null,
        likeCount: null,
        publishedAt: null,
        thumbnailUrl: null,
        tags: [],
        chapters: [],
      },
      fields: { ...JSON.parse(row.fields), ...changes[videos.findIndex((video) => video.id === row.id)] },
      warning: null,
      processedVersion: "rerun",
    }));
    const written = await writeResults(getDb(env.DB), completed, []);
    expect(written.size).toBe(5);
    await expectIndexInStep(list.id);
    const corrected = await env.DB.prepare(
      "SELECT value FROM video_field_values WHERE video_id = ? AND key IN ('level', 'speakers') ORDER BY key",
    )
      .bind(videos[3]!.id)
      .all<{ value: string }>();
    expect(corrected.results.map((row) => row.value)).toEqual(["hard", "Grace Hopper"]);
  });

  it("moves, copies and deletes, and leaves nothing behind", async () => {
    const from = await createList(user.token, { name: "From", fields: FIELDS });
    const to = await createList(user.token, {
      name: "To",
      fields: [
        { key: "level", label: "Level", type: "number" },
        { key: "speakers", label: "Speakers", type: "tags" },
      ],
    });
    const videos = await addVideos(
      user.token,
      from.id,
      Array.from({ length: 8 }, (_, i) => ytId(7100 + i)),
    );
    const { messages } = await startJobWithoutSending(user.userId, from.id);
    await deliver(messages);
    await setVideoColumns([{ id: videos[0]!.id, set: { fields: { level: 3, speakers: ["Linus"] } } }]);

    const ids = (n: number, m: number) => videos.slice(n, m).map((video) => video.id);
    await callJson(`/api/lists/${from.id}/videos/move`, {
      token: user.token,
      body: { videoIds: ids(0, 3), toListId: to.id },
      expect: 200,
    });
    await expectIndexInStep(from.id, to.id);
    await callJson(`/api/lists/${from.id}/videos/move`, {
      token: user.token,
      body: { videoIds: ids(3, 5), toListId: to.id, copy: true },
      expect: 200,
    });
    await expectIndexInStep(from.id, to.id);

    expect((await call(`/api/videos/${videos[5]!.id}`, { token: user.token, method: "DELETE" })).status).toBe(204);
    await callJson(`/api/lists/${from.id}/videos/delete`, { token: user.token, body: { videoIds: ids(6, 8) } });
    await expectIndexInStep(from.id, to.id);
    expect((await call(`/api/lists/${to.id}`, { token: user.token, method: "DELETE" })).status).toBe(204);
    await expectIndexInStep(from.id, to.id);
    expect(await orphanedIndexRows()).toEqual({
      values_left: 0,
      docs_left: 0,
      documents_left: 0,
      pairs_left: 0,
      types_left: 0,
    });
  });
});
