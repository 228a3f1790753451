import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { parseVideoCsv, splitBulkText, toCsv } from "../../src/services/video-csv";
import { LIMITS } from "../../src/shared/constants";

const A = "https://youtu.be/dQw4w9WgXcQ";
const B = "https://www.youtube.com/watch?v=a-B_c1D2e3F";
const C = "9bZkp7q19f0";

const utf8 = (text: string) => new TextEncoder().encode(text);

function rowsOf(text: string | Uint8Array) {
  const result = parseVideoCsv(typeof text === "string" ? utf8(text) : text);
  if (!result.ok) throw new Error(`expected rows, got ${result.code}: ${result.message}`);
  return result.rows;
}

function failureOf(text: string | Uint8Array) {
  const result = parseVideoCsv(typeof text === "string" ? utf8(text) : text);
  if (result.ok) throw new Error("expected the file to be refused");
  return result;
}

describe("parseVideoCsv", () => {
  it("reads the url column with file line numbers, ignoring other columns", () => {
    expect(rowsOf(`title,url,notes\nfirst,${A},x\nsecond,${B},y\n`)).toEqual([
      { line: 2, input: A },
      { line: 3, input: B },
    ]);
  });

  it("drops a UTF-8 BOM so the first header cell still matches", () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf]);
    const body = utf8(`url\n${A}\n`);
    const bytes = new Uint8Array(bom.length + body.length);
    bytes.set(bom);
    bytes.set(body, bom.length);
    expect(rowsOf(bytes)).toEqual([{ line: 2, input: A }]);
  });

  it("handles CRLF line ends without leaving carriage returns in the input", () => {
    expect(rowsOf(`url,title\r\n${A},one\r\n${B},two\r\n`)).toEqual([
      { line: 2, input: A },
      { line: 3, input: B },
    ]);
  });

  it("keeps quoted commas inside their field", () => {
    expect(rowsOf(`title,url\n"Hello, world",${A}\n"a ""quoted"", title",${B}\n`)).toEqual([
      { line: 2, input: A },
      { line: 3, input: B },
    ]);
  });

  it("numbers rows by the physical line they start on when quoted fields span lines", () => {
    const text = `url,description\r\n${A},"line one\r\nline two\r\nline three"\r\n${B},"x\ny"\n${C},plain\n`;
    expect(rowsOf(text)).toEqual([
      { line: 2, input: A },
      { line: 5, input: B },
      { line: 7, input: C },
    ]);
  });

  it("matches the header case-insensitively and ignores padding around it", () => {
    expect(rowsOf(` Title , URL \nx,  ${A}  \n`)).toEqual([{ line: 2, input: A }]);
  });

  it("uses a video_id column when there is no url column", () => {
    expect(rowsOf(`Video_ID,title\n${C},x\n`)).toEqual([{ line: 2, input: C }]);
  });

  it("prefers url and falls back to video_id on rows where url is empty", () => {
    expect(rowsOf(`video_id,url\n${C},${A}\n${C},\n,${B}\n`)).toEqual([
      { line: 2, input: A },
      { line: 3, input: C },
      { line: 4, input: B },
    ]);
  });

  it("skips blank lines but still counts them", () => {
    expect(rowsOf(`\nurl\n\n${A}\n   \n\r\n${B}\n,\n`)).toEqual([
      { line: 4, input: A },
      { line: 7, input: B },
    ]);
  });

  it("reports a row whose other cells are filled but whose url is empty, so the user hears about it", () => {
    expect(rowsOf(`url,title\n,orphan title\n`)).toEqual([{ line: 2, input: "" }]);
  });

  it("reads semicolon-separated files as spreadsheets in many locales save them", () => {
    expect(rowsOf(`title;url\nx;${A}\n`)).toEqual([{ line: 2, input: A }]);
  });

  it("refuses a header without a usable column and names the columns it found", () => {
    const failure = failureOf(`title,link,channel\nx,${A},y\n`);
    expect(failure.code).toBe("validation_failed");
    expect(failure.message).toContain('"title", "link", "channel"');
    expect(failure.message).toMatch(/url/);
  });

  it("refuses a file whose first line is data rather than a header", () => {
    expect(failureOf(`${A}\n${B}\n`).code).toBe("validation_failed");
  });

  it("refuses an empty file", () => {
    expect(failureOf("").code).toBe("validation_failed");
    expect(failureOf("\n\r\n").code).toBe("validation_failed");
  });

  it("refuses bytes that are not UTF-8, such as Latin-1", () => {
    // "url\ncafé" with é encoded as the single Latin-1 byte 0xE9.
    const bytes = new Uint8Array([0x75, 0x72, 0x6c, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a]);
    expect(failureOf(bytes)).toEqual({
      ok: false,
      code: "validation_failed",
      message: "The file is not UTF-8 text",
    });
  });

  it("refuses a quoted field that is never closed, naming its line", () => {
    const failure = failureOf(`url,title\n${A},ok\n${B},"runs away\n${C},x\n`);
    expect(failure.code).toBe("validation_failed");
    expect(failure.message).toContain("Line 3");
  });

  it(`accepts exactly ${LIMITS.csvRows} data rows`, () => {
    const body = Array.from({ length: LIMITS.csvRows }, (_, i) => `${A}&n=${i}`).join("\n");
    const rows = rowsOf(`url\n${body}\n`);
    expect(rows).toHaveLength(LIMITS.csvRows);
    expect(rows.at(-1)).toEqual({ line: LIMITS.csvRows + 1, input: `${A}&n=${LIMITS.csvRows - 1}` });
  });

  it(`refuses ${LIMITS.csvRows + 1} data rows as too large`, () => {
    const body = Array.from({ length: LIMITS.csvRows + 1 }, () => A).join("\n");
    const failure = failureOf(`url\n${body}\n`);
    expect(failure.code).toBe("payload_too_large");
    expect(failure.message).toContain("10,000");
  });

  it("refuses files over the byte limit before reading them", () => {
    const failure = failureOf(new Uint8Array(LIMITS.csvBodyBytes + 1));
    expect(failure.code).toBe("payload_too_large");
  });
});

describe("toCsv", () => {
  it("writes RFC 4180: CRLF records, quotes only where needed, doubled inner quotes", () => {
    const csv = toCsv(
      ["url", "title", "views", "live", "note"],
      [
        [A, 'Say "hi", then go', 42, false, null],
        [B, "two\nlines", 0, true, "plain"],
      ],
    );
    expect(csv).toBe(
      `url,title,views,live,note\r\n${A},"Say ""hi"", then go",42,false,\r\n${B},"two\nlines",0,true,plain\r\n`,
    );
  });

  it("writes a header-only file as one record and nothing at all for no records", () => {
    expect(toCsv(["url", "title"], [])).toBe("url,title\r\n");
    expect(toCsv([], [])).toBe("");
  });

  it("writes chunks that concatenate into the same file, as a streamed export does", () => {
    const first = [A, "one, two"];
    const second = [B, "three"];
    const streamed = toCsv([], [["url", "title"]]) + toCsv([], [first]) + toCsv([], []) + toCsv([], [second]);
    expect(streamed).toBe(toCsv(["url", "title"], [first, second]));
    expect(rowsOf(streamed)).toEqual([
      { line: 2, input: A },
      { line: 3, input: B },
    ]);
  });

  it("prefixes text cells that start like a formula with ' (= + - @, tab, CR), even across lines", () => {
    const cells = ['=HYPERLINK("https://evil.example","x")', "+1", "-5 tips", "@SUM(A1)", "\tindent", "\rreturn"];
    const multiLine = "=1+1\nsecond line";
    const csv = toCsv(["url", "a", "b", "c", "d", "e", "f", "g"], [[A, ...cells, multiLine]]);
    const parsed = Papa.parse<string[]>(csv.trimEnd(), { newline: "\r\n" });
    expect(parsed.data[1]).toEqual([A, ...cells.map((cell) => `'${cell}`), `'${multiLine}`]);
    // Every guarded cell is quoted too, as OWASP's guidance asks.
    expect(csv).toContain(`"'=HYPERLINK(""https://evil.example"",""x"")"`);
  });

  it("leaves numbers, booleans and harmless text alone", () => {
    const csv = toCsv(["a", "b", "c", "d", "e"], [[-5, true, "5 - 3", "a=b", "it's"]]);
    expect(csv).toBe("a,b,c,d,e\r\n-5,true,5 - 3,a=b,it's\r\n");
  });

  it("reads a guarded url or video_id cell back as the value it guards", () => {
    const dashId = "-abcdefghij";
    const exported = toCsv(["video_id", "title"], [[dashId, "=evil()"]]);
    expect(exported).toContain(`"'${dashId}"`);
    expect(rowsOf(exported)).toEqual([{ line: 2, input: dashId }]);
    // A quote the user typed before something else is their data, not a guard.
    expect(rowsOf(`url\n'${A}\n`)).toEqual([{ line: 2, input: `'${A}` }]);
  });

  it("round-trips through parseVideoCsv with the same inputs and line numbers", () => {
    const inputs = [A, B, C, " https://youtu.be/padded1234 "];
    const rows = inputs.map((url, i) => [`Title ${i}, part "${i}"`, url, `multi\r\nline ${i}`]);
    const parsed = rowsOf(toCsv(["title", "url", "description"], rows));
    expect(parsed.map((row) => row.input)).toEqual(inputs.map((input) => input.trim()));
    // Each record spans two physical lines because of its description.
    expect(parsed.map((row) => row.line)).toEqual([2, 4, 6, 8]);
  });
});

describe("splitBulkText", () => {
  it("returns one trimmed input per line, skipping blanks but keeping 1-based line numbers", () => {
    expect(splitBulkText(`  ${A}\r\n\n\t${B}  \r\r${C}\n   \n`)).toEqual([
      { line: 1, input: A },
      { line: 3, input: B },
      { line: 5, input: C },
    ]);
  });

  it("returns nothing for text with no content", () => {
    expect(splitBulkText(" \n\r\n\t")).toEqual([]);
  });
});
