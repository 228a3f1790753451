/**
 * CSV import and export of videos, and the one-URL-per-line bulk text. Pure functions: the
 * routes decide what to do with the rows, these only say which input came from which line.
 */
import Papa from "papaparse";
import { LIMITS } from "../shared/constants";

export type InputRow = { line: number; input: string };

export type ParsedVideoCsv =
  | { ok: true; rows: InputRow[] }
  | { ok: false; code: "validation_failed" | "payload_too_large"; message: string };

export type CsvCell = string | number | boolean | null;

const URL_COLUMN = "url";
const ID_COLUMN = "video_id";
/** Excel writes `;` or tabs in many locales; the header line shows which one a file uses. */
const DELIMITERS = [",", ";", "\t"] as const;
/** Keeps the "columns found" message readable when the first line is not a header at all. */
const MAX_COLUMNS_NAMED = 10;
const MAX_COLUMN_NAME_LENGTH = 40;

export function parseVideoCsv(bytes: Uint8Array): ParsedVideoCsv {
  if (bytes.byteLength > LIMITS.csvBodyBytes) {
    return tooLarge(`The file is larger than ${LIMITS.csvBodyBytes / (1024 * 1024)} MB`);
  }
  let decoded: string;
  try {
    // ignoreBOM: false makes the decoder drop a leading BOM instead of handing it to the header.
    decoded = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return invalid("The file is not UTF-8 text");
  }
  // One line-break form means one "\n" per physical line, which is what the line counting relies on.
  const text = decoded.replace(/\r\n?/g, "\n");

  let header: string[] | undefined;
  let urlIndex = -1;
  let idIndex = -1;
  const rows: InputRow[] = [];
  let failure: ParsedVideoCsv | undefined;
  let rowStart = 0;
  let rowLine = 1;

  Papa.parse<string[]>(text, {
    delimiter: pickDelimiter(text),
    newline: "\n",
    quoteChar: '"',
    skipEmptyLines: false,
    step(result, parser) {
      // meta.cursor is where the next row begins; the line breaks consumed up to there,
      // including those inside quoted fields, move the next row's line number on.
      const line = rowLine;
      rowLine += countNewlines(text, rowStart, result.meta.cursor);
      rowStart = result.meta.cursor;
      const cells = result.data;
      if (result.errors.some((error) => error.code === "MissingQuotes")) {
        failure = invalid(`Line ${line}: a quoted field is never closed`);
        parser.abort();
        return;
      }
      if (cells.every((cell) => cell.trim() === "")) return;

      if (header === undefined) {
        header = cells.map((cell) => cell.trim().toLowerCase());
        urlIndex = header.indexOf(URL_COLUMN);
        idIndex = header.indexOf(ID_COLUMN);
        if (urlIndex === -1 && idIndex === -1) {
          failure = invalid(`The header needs a "url" or "video_id" column; found ${describeColumns(cells)}`);
          parser.abort();
        }
        return;
      }
      if (rows.length === LIMITS.csvRows) {
        failure = tooLarge(`The file has more than ${LIMITS.csvRows.toLocaleString("en-US")} rows`);
        parser.abort();
        return;
      }
      const fromUrl = urlIndex === -1 ? "" : cellText(cells[urlIndex]);
      const input = fromUrl !== "" || idIndex === -1 ? fromUrl : cellText(cells[idIndex]);
      rows.push({ line, input });
    },
  });

  if (failure) return failure;
  if (header === undefined) {
    return invalid('The file is empty; it needs a header row with a "url" or "video_id" column');
  }
  return { ok: true, rows };
}

/**
 * A cell a spreadsheet would run as a formula (OWASP CSV injection): `= + - @`, tab or CR first.
 * Papa's own pattern (`/^[=+\-@\t\r].*$/`) misses a multi-line cell, as `.` stops at a line break.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Export's guard: the `'` it puts before such a cell (the cell is quoted as well). */
const FORMULA_GUARD = /^'(?=[=+\-@\t\r])/;

/**
 * RFC 4180 text: CRLF after every record, fields quoted only when they hold a comma, quote,
 * line break or edge space (so tools that trim cannot change them). A text cell that starts like a
 * formula gets a leading `'`, so opening an export in a spreadsheet shows `=HYPERLINK(…)` instead
 * of running it; import removes that `'` again, so an export re-imports as the same videos.
 * Numbers and booleans are values, not text, and stay as they are.
 */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  // An empty header writes no header line, so a streamed export can emit the header once and then
  // page after page, each chunk ending in CRLF so the chunks concatenate into one valid file.
  const records = header.length > 0 ? [header, ...rows] : rows;
  if (records.length === 0) return "";
  // Records go in as plain arrays: with `{ fields, data: [] }` Papa would invent an empty row.
  return `${Papa.unparse(records, { newline: "\r\n", escapeFormulae: FORMULA_START })}\r\n`;
}

/** One input per line of pasted text; line numbers count blank lines so they match the editor. */
export function splitBulkText(text: string): InputRow[] {
  const rows: InputRow[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const input = raw.trim();
    if (input !== "") rows.push({ line: index + 1, input });
  });
  return rows;
}

/** A cell as the user meant it: trimmed, without the formula guard an export put before it. */
const cellText = (cell: string | undefined) => (cell ?? "").trim().replace(FORMULA_GUARD, "").trim();

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let index = text.indexOf("\n", from); index !== -1 && index < to; index = text.indexOf("\n", index + 1)) {
    count++;
  }
  return count;
}

function pickDelimiter(text: string): string {
  let firstLine = "";
  for (let start = 0; start < text.length && firstLine.trim() === ""; ) {
    const end = text.indexOf("\n", start);
    firstLine = text.slice(start, end === -1 ? undefined : end);
    start = end === -1 ? text.length : end + 1;
  }
  let best: string = DELIMITERS[0];
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    const count = firstLine.split(delimiter).length - 1;
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

function describeColumns(cells: string[]): string {
  const names = cells
    .map((cell) => cell.trim())
    .filter((cell) => cell !== "")
    .slice(0, MAX_COLUMNS_NAMED)
    .map((cell) => `"${cell.length > MAX_COLUMN_NAME_LENGTH ? `${cell.slice(0, MAX_COLUMN_NAME_LENGTH)}…` : cell}"`);
  const more = cells.length > MAX_COLUMNS_NAMED ? " …" : "";
  return names.length === 0 ? "no column names" : `${names.join(", ")}${more}`;
}

function invalid(message: string): ParsedVideoCsv {
  return { ok: false, code: "validation_failed", message };
}

function tooLarge(message: string): ParsedVideoCsv {
  return { ok: false, code: "payload_too_large", message };
}
