import type { ComponentChildren } from "preact";
import type { Match } from "../../api/endpoints";

/**
 * Cuts `text` into plain and highlighted pieces by character ranges ([start, end), as the API
 * sends them). Ranges out of bounds, overlapping or unordered are tolerated: the text is never
 * lost or repeated, and nothing is ever parsed as HTML.
 */
export function highlightPieces(text: string, ranges: [number, number][]): { text: string; hit: boolean }[] {
  const sorted = ranges
    .map(([start, end]) => [Math.max(0, start), Math.min(text.length, end)] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  const pieces: { text: string; hit: boolean }[] = [];
  let at = 0;
  for (const [start, end] of sorted) {
    if (end <= at) continue;
    const from = Math.max(start, at);
    if (from > at) pieces.push({ text: text.slice(at, from), hit: false });
    pieces.push({ text: text.slice(from, end), hit: true });
    at = end;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), hit: false });
  return pieces;
}

const FIELD_LABEL: Record<string, string> = {
  title: "Title",
  description: "Description",
  channelTitle: "Channel",
  channel: "Channel",
  tags: "Tags",
  chapters: "Chapters",
};

/** "Description: …the <mark>rust</mark> borrow checker…" under a search hit's title. */
export function MatchExcerpt({ match, fieldLabels }: { match: Match; fieldLabels?: Record<string, string> }) {
  const where =
    fieldLabels?.[match.field.replace(/^fields?\./, "")] ??
    FIELD_LABEL[match.field] ??
    match.field.replace(/^fields?\./, "");
  const children: ComponentChildren = highlightPieces(match.text, match.ranges).map((piece, i) =>
    piece.hit ? <mark key={i}>{piece.text}</mark> : piece.text,
  );
  return (
    <span class="match-excerpt" title={match.text}>
      <span class="match-excerpt__where">{where}: </span>
      {children}
    </span>
  );
}
