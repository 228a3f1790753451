/**
 * Words of a search and where a hit matched them. FTS5 decides what matches and how well (its
 * unicode61 tokenizer with diacritics removed, word prefixes, bm25); this module splits the
 * query into the same words and finds them again in a hit's properties, so the API can say which
 * property matched best and which characters to highlight. Plain text in, plain text out.
 */
import type { Field, FieldValues } from "../shared/schemas/fields";
import type { SearchMatch } from "../shared/schemas/search";
import type { Chapter } from "../shared/schemas/videos";

/** Letters, digits and combining marks: what unicode61 keeps inside a token. */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const MARKS = /\p{M}/gu;
const MAX_TERMS = 16;
const EXCERPT = 160;
const EXCERPT_LEAD = 40;

/** The query's words as typed (at most 16); FTS5 folds case and accents itself. */
export function searchTerms(q: string): string[] {
  return [...new Set(q.match(WORD) ?? [])].slice(0, MAX_TERMS);
}

/** Case and accents folded, as unicode61 with `remove_diacritics 2` compares them. */
export const fold = (text: string) => text.normalize("NFD").replace(MARKS, "").toLowerCase();

export interface MatchSource {
  title: string | null;
  channelTitle: string | null;
  description: string | null;
  tags: string[] | null;
  chapters: Chapter[] | null;
  fields: FieldValues | null;
}

interface Candidate {
  field: string;
  text: string;
}

/**
 * The property that holds the most distinct query words, earlier ones winning ties (title, tags,
 * the list's text and tags fields, channel, chapters, description), as a short excerpt with the
 * ranges of every word that starts with a query word.
 */
export function bestMatch(video: MatchSource, fields: readonly Field[], terms: readonly string[]): SearchMatch {
  const folded = terms.map(fold);
  let best: { candidate: Candidate; words: { start: number; end: number; term: number }[]; distinct: number } | null =
    null;
  for (const candidate of candidates(video, fields)) {
    const words = matchingWords(candidate.text, folded);
    const distinct = new Set(words.map((word) => word.term)).size;
    if (distinct > (best?.distinct ?? 0)) best = { candidate, words, distinct };
  }
  if (!best) return { field: "title", text: video.title ?? "", ranges: [] };
  return excerpt(best.candidate, best.words);
}

function* candidates(video: MatchSource, fields: readonly Field[]): Generator<Candidate> {
  if (video.title) yield { field: "title", text: video.title };
  if (video.tags?.length) yield { field: "tags", text: video.tags.join(", ") };
  for (const field of fields) {
    const value = video.fields?.[field.key];
    if (field.type === "text" && typeof value === "string" && value !== "") {
      yield { field: `fields.${field.key}`, text: value };
    } else if (field.type === "tags" && Array.isArray(value) && value.length > 0) {
      yield { field: `fields.${field.key}`, text: value.join(", ") };
    }
  }
  if (video.channelTitle) yield { field: "channelTitle", text: video.channelTitle };
  if (video.chapters?.length) yield { field: "chapters", text: video.chapters.map((c) => c.title).join(" · ") };
  if (video.description) yield { field: "description", text: video.description };
}

function matchingWords(text: string, folded: readonly string[]) {
  const words: { start: number; end: number; term: number }[] = [];
  for (const found of text.matchAll(WORD)) {
    const word = fold(found[0]);
    const term = folded.findIndex((prefix) => prefix !== "" && word.startsWith(prefix));
    if (term >= 0) words.push({ start: found.index, end: found.index + found[0].length, term });
  }
  return words;
}

/** Long text is cut around its first match, at spaces, with "…" where it was cut. */
function excerpt(candidate: Candidate, words: { start: number; end: number }[]): SearchMatch {
  const { text } = candidate;
  if (text.length <= EXCERPT) {
    return { field: candidate.field, text, ranges: words.map((word) => [word.start, word.end]) };
  }
  const first = words[0]?.start ?? 0;
  let start = Math.max(0, first - EXCERPT_LEAD);
  if (start > 0) start = nextSpace(text, start, first);
  let end = Math.min(text.length, start + EXCERPT);
  if (end < text.length) end = Math.max(lastSpace(text, end, start), words[0]?.end ?? end);
  const head = start > 0 ? "…" : "";
  const tail = end < text.length ? "…" : "";
  const shift = head.length - start;
  return {
    field: candidate.field,
    text: `${head}${text.slice(start, end)}${tail}`,
    ranges: words
      .filter((word) => word.start >= start && word.end <= end)
      .map((word) => [word.start + shift, word.end + shift]),
  };
}

/** The index just after the first space in [from, limit), else `from`: start on a word. */
function nextSpace(text: string, from: number, limit: number): number {
  const space = text.slice(from, limit).search(/\s/);
  return space < 0 ? from : from + space + 1;
}

/** The last space in (floor, to], else `to`: end after a word. */
function lastSpace(text: string, to: number, floor: number): number {
  const space = text.slice(floor, to).search(/\s\S*$/);
  return space <= 0 ? to : floor + space;
}
