/**
 * Chapters the way YouTube derives them from a description: timestamped lines starting at 0:00,
 * at least three of them, in ascending order, each chapter lasting at least 10 seconds. Anything short of that is not a chapter list (YouTube shows none), so we
 * return [] rather than a half-guessed list.
 */
import type { Chapter } from "../shared/schemas/videos";

const MIN_CHAPTERS = 3;
const MIN_CHAPTER_SECONDS = 10;

// H:MM:SS, MM:SS or M:SS. Hours keep their two-digit minutes so "1:2:03" is not a timestamp.
const TIMESTAMP = String.raw`(?:(\d{1,2}):([0-5]\d):([0-5]\d)|(\d{1,3}):([0-5]\d))`;
// The timestamp leads the line ("0:00 Intro", "[0:00] Intro", "(00:00) - Intro", "0:00 | Intro")…
const LEADING = new RegExp(String.raw`^(?:[-*•▶►]\s*)?[[(]?${TIMESTAMP}[\])]?(?:\s*[-–—|:.]\s*|\s+|$)(.*)$`);
// …or ends it ("Intro - 0:00", "Intro (0:00)").
const TRAILING = new RegExp(String.raw`^(.*?)(?:\s*[-–—|:]\s*|\s+)[[(]?${TIMESTAMP}[\])]?$`);

interface Stamp {
  startSeconds: number;
  title: string;
}

function toSeconds(groups: (string | undefined)[]): number {
  const [h, m, s, mm, ss] = groups.map((g) => (g === undefined ? undefined : Number(g)));
  if (h !== undefined && m !== undefined && s !== undefined) return h * 3600 + m * 60 + s;
  return (mm ?? 0) * 60 + (ss ?? 0);
}

const cleanTitle = (title: string) =>
  title
    .trim()
    .replace(/^[-–—|:.]\s*/, "")
    .trim();

function parseLine(line: string): Stamp | null {
  const leading = LEADING.exec(line);
  if (leading) {
    return { startSeconds: toSeconds(leading.slice(1, 6)), title: cleanTitle(leading[6] ?? "") };
  }
  const trailing = TRAILING.exec(line);
  if (trailing && (trailing[1] ?? "").trim() !== "") {
    return { startSeconds: toSeconds(trailing.slice(2, 7)), title: cleanTitle(trailing[1] ?? "") };
  }
  return null;
}

export function parseChapters(description: string | null | undefined): Chapter[] {
  if (!description) return [];
  const stamps: Stamp[] = [];
  for (const raw of description.split(/\r?\n/)) {
    const stamp = parseLine(raw.trim());
    // Timestamps before the first 0:00 ("Premiered at 7:30") are prose, not the chapter list.
    if (stamp && (stamps.length > 0 || stamp.startSeconds === 0)) stamps.push(stamp);
  }
  if (stamps.length < MIN_CHAPTERS) return [];
  for (let i = 1; i < stamps.length; i++) {
    const previous = stamps[i - 1] as Stamp;
    const current = stamps[i] as Stamp;
    if (current.startSeconds - previous.startSeconds < MIN_CHAPTER_SECONDS) return [];
  }
  return stamps;
}
