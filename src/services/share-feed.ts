/**
 * The Atom feed (RFC 4287) of a shared list's newest videos. Every text goes through `escape`,
 * and characters XML 1.0 cannot carry at all are dropped, so any title or description yields a
 * well-formed document.
 */
import type { VideoRow } from "../db/schema";

export const FEED_ENTRIES = 50;
const SUMMARY_CHARS = 500;

// XML 1.0 allows tab, LF, CR and everything from U+0020 except the surrogates and U+FFFE/U+FFFF.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters removed
const NOT_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export const escapeXml = (text: string) =>
  text
    .replace(NOT_XML, "")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");

export interface FeedInput {
  slug: string;
  name: string;
  description: string;
  /** The app's origin, `https://host`. */
  origin: string;
  /** When the list last changed: the feed's `updated` when it has no entries. */
  updatedAt: string;
  videos: VideoRow[];
}

export function atomFeed(feed: FeedInput): string {
  const page = `${feed.origin}/s/${feed.slug}`;
  const self = `${feed.origin}/api/public/lists/${feed.slug}/feed.xml`;
  // ISO strings of one clock sort as times.
  const updated = [feed.updatedAt, ...feed.videos.map((video) => video.updatedAt)].sort().at(-1) as string;
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${escapeXml(page)}</id>`,
    `  <title>${escapeXml(feed.name)}</title>`,
    ...(feed.description ? [`  <subtitle>${escapeXml(feed.description)}</subtitle>`] : []),
    `  <updated>${escapeXml(updated)}</updated>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(page)}"/>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(self)}"/>`,
    "  <generator>Tubelist</generator>",
    ...feed.videos.flatMap((video) => entry(video, page)),
    "</feed>",
  ];
  return `${lines.join("\n")}\n`;
}

function entry(video: VideoRow, page: string): string[] {
  const summary = (video.description ?? "").slice(0, SUMMARY_CHARS);
  return [
    "  <entry>",
    `    <id>${escapeXml(`${page}#${video.youtubeId}`)}</id>`,
    `    <title>${escapeXml(video.title ?? video.youtubeId)}</title>`,
    `    <link rel="alternate" type="text/html" href="${escapeXml(video.url)}"/>`,
    `    <published>${escapeXml(video.createdAt)}</published>`,
    `    <updated>${escapeXml(video.updatedAt)}</updated>`,
    `    <author><name>${escapeXml(video.channelTitle ?? "YouTube")}</name></author>`,
    ...(summary ? [`    <summary>${escapeXml(summary)}</summary>`] : []),
    "  </entry>",
  ];
}
