/**
 * Streams every video of a list as CSV or JSON, a page of rows at a time, so a 10,000-video
 * export never holds the whole list in memory. The CSV keeps a `url` column, so importing an
 * export back into the list adds nothing new.
 */
import type { Db } from "../db/client";
import type { VideoRow } from "../db/schema";
import { eachVideo, toVideo } from "../db/videos";
import type { Field, FieldValue } from "../shared/schemas/fields";
import type { Chapter } from "../shared/schemas/videos";
import { toCsv } from "./video-csv";

type Cell = string | number | boolean | null;

const BASE_COLUMNS: [string, (video: VideoRow) => Cell][] = [
  ["url", (v) => v.url],
  ["video_id", (v) => v.youtubeId],
  ["status", (v) => v.status],
  ["title", (v) => v.title],
  ["channel_title", (v) => v.channelTitle],
  ["channel_id", (v) => v.channelId],
  ["duration_seconds", (v) => v.durationSeconds],
  ["view_count", (v) => v.viewCount],
  ["like_count", (v) => v.likeCount],
  ["published_at", (v) => v.publishedAt],
  ["thumbnail_url", (v) => v.thumbnailUrl],
  ["tags", (v) => v.tags?.join("; ") ?? null],
  ["chapters", (v) => v.chapters?.map(formatChapter).join("; ") ?? null],
  ["description", (v) => v.description],
  ["error", (v) => v.error],
  ["processed_at", (v) => v.processedAt],
  ["created_at", (v) => v.createdAt],
];

function formatChapter(chapter: Chapter): string {
  const h = Math.floor(chapter.startSeconds / 3600);
  const m = Math.floor((chapter.startSeconds % 3600) / 60);
  const s = String(chapter.startSeconds % 60).padStart(2, "0");
  return `${h > 0 ? `${h}:${String(m).padStart(2, "0")}` : m}:${s} ${chapter.title}`;
}

const fieldCell = (value: FieldValue | null | undefined): Cell =>
  Array.isArray(value) ? value.join("; ") : (value ?? null);

export function exportCsv(db: Db, listId: string, fields: Field[]): ReadableStream<Uint8Array> {
  const header = [...BASE_COLUMNS.map(([name]) => name), ...fields.map((field) => `fields.${field.key}`)];
  const toRow = (video: VideoRow): Cell[] => [
    ...BASE_COLUMNS.map(([, read]) => read(video)),
    ...fields.map((field) => fieldCell(video.fields?.[field.key])),
  ];
  return streamPages(eachVideo(db, listId), {
    start: toCsv([], [header]),
    page: (rows) => toCsv([], rows.map(toRow)),
    end: "",
  });
}

export function exportJson(db: Db, listId: string, fields: Field[]): ReadableStream<Uint8Array> {
  let first = true;
  return streamPages(eachVideo(db, listId), {
    start: "[",
    page: (rows) =>
      rows
        .map((row) => {
          const text = `${first ? "" : ","}\n${JSON.stringify(toVideo(row, fields))}`;
          first = false;
          return text;
        })
        .join(""),
    end: "\n]\n",
  });
}

const PAGE = 200;

function streamPages(
  source: AsyncGenerator<VideoRow>,
  format: { start: string; page: (rows: VideoRow[]) => string; end: string },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let started = false;
  return new ReadableStream({
    async pull(controller) {
      const rows: VideoRow[] = [];
      let done = false;
      while (rows.length < PAGE) {
        const next = await source.next();
        if (next.done) {
          done = true;
          break;
        }
        rows.push(next.value);
      }
      const text = `${started ? "" : format.start}${rows.length > 0 ? format.page(rows) : ""}${done ? format.end : ""}`;
      started = true;
      if (text) controller.enqueue(encoder.encode(text));
      if (done) controller.close();
    },
  });
}
