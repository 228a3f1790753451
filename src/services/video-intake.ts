/**
 * One way in for videos, whether from a single add, a pasted block or a CSV file: parse each
 * input, collapse repeats inside the request, insert the rest in one transaction, and report
 * per input line what happened.
 */
import type { Db } from "../db/client";
import { touchList } from "../db/lists";
import type { VideoRow } from "../db/schema";
import { insertVideos } from "../db/videos";
import type { Caps } from "../env";
import { newId } from "../lib/ids";
import type { DuplicateEntry, InvalidEntry } from "../shared/schemas/videos";
import { parseYouTubeVideo } from "../shared/youtube-url";
import { checkNewVideos } from "./caps";

export interface IntakeLine {
  line: number;
  input: string;
}

export interface IntakeResult {
  added: VideoRow[];
  duplicates: DuplicateEntry[];
  invalid: InvalidEntry[];
}

export async function addVideosToList(
  caps: Caps,
  db: Db,
  target: { listId: string; userId: string },
  lines: IntakeLine[],
): Promise<IntakeResult> {
  const invalid: InvalidEntry[] = [];
  const firstLine = new Map<string, IntakeLine>();
  const repeats: { line: IntakeLine; youtubeId: string }[] = [];
  for (const line of lines) {
    const parsed = parseYouTubeVideo(line.input);
    if (!parsed.ok) invalid.push({ input: line.input, line: line.line, reason: parsed.reason });
    else if (firstLine.has(parsed.youtubeId)) repeats.push({ line, youtubeId: parsed.youtubeId });
    else firstLine.set(parsed.youtubeId, line);
  }

  await checkNewVideos(caps, db, target, [...firstLine.keys()]);
  const entries = [...firstLine.keys()].map((youtubeId) => ({ id: newId("vid"), youtubeId }));
  const { added, existing } = await insertVideos(db, target, entries);
  if (added.length > 0) await touchList(db, target.listId);

  const videoIdOf = new Map([...existing, ...added.map((row) => [row.youtubeId, row.id] as const)]);
  const duplicates: DuplicateEntry[] = [
    ...[...existing].map(([youtubeId, videoId]) => ({ ...(firstLine.get(youtubeId) as IntakeLine), videoId })),
    ...repeats.map(({ line, youtubeId }) => ({ ...line, videoId: videoIdOf.get(youtubeId) as string })),
  ].sort((a, b) => a.line - b.line);
  return { added, duplicates, invalid };
}
