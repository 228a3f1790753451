/**
 * Turns what a user pastes into a YouTube video id, or a short reason shown next to their line.
 * Shared by the Worker and the browser, so it relies only on the platform `URL` parser.
 */

export type ParsedVideo = { ok: true; youtubeId: string; url: string } | { ok: false; reason: string };

export const MAX_INPUT_LENGTH = 2048;

const ID_LENGTH = 11;
const ID_PATTERN = /^[A-Za-z0-9_-]{11}$/;

const WATCH_HOSTS = new Set(["youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"]);
const SHORT_HOSTS = new Set(["youtu.be"]);
const NOCOOKIE_HOSTS = new Set(["youtube-nocookie.com", "www.youtube-nocookie.com"]);

/** Path prefixes on youtube.com whose next segment is the video id. */
const ID_PATH_PREFIXES = new Set(["shorts", "live", "embed", "v"]);
const CHANNEL_PATH_PREFIXES = new Set(["channel", "c", "user"]);

export function canonicalVideoUrl(youtubeId: string): string {
  return `https://www.youtube.com/watch?v=${youtubeId}`;
}

export function parseYouTubeVideo(input: string): ParsedVideo {
  const text = input.trim();
  if (text === "") return fail("Empty input");
  if (text.length > MAX_INPUT_LENGTH) return fail(`Input is longer than ${MAX_INPUT_LENGTH} characters`);
  // The URL parser silently drops tabs and newlines inside a URL ("you\ttube.com" → "youtube.com"),
  // so anything that is not one plain token is refused before it can be "repaired".
  if (/[\s\p{Cc}]/u.test(text)) return fail("Input contains spaces or control characters");

  // Without a dot, slash or colon the input cannot be a URL; treat it as an attempt at a bare id so
  // the user hears what is wrong with the id rather than "Not a YouTube URL".
  if (!/[./:]/.test(text)) return idResult(text);

  return parseUrl(text);
}

export type ParsedLink = { ok: true; url: URL } | { ok: false; reason: string };

/**
 * A pasted link as a URL the app may trust: http(s), no credentials, and a host typed exactly
 * as its ASCII form on the default port. Which hosts are YouTube's is the caller's business.
 */
export function parseLink(text: string): ParsedLink {
  const withScheme = addDefaultScheme(text);
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, reason: "Not a YouTube URL" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return { ok: false, reason: "Only http and https links are accepted" };
  }
  if (url.username !== "" || url.password !== "" || rawAuthority(withScheme, url).includes("@")) {
    return { ok: false, reason: "Links with a user name or password are not accepted" };
  }
  // The parser maps full-width letters, percent escapes and explicit ports onto a plain host
  // ("ｙｏｕｔｕｂｅ.com" → "youtube.com"); only a host typed exactly as its ASCII form, on the
  // default port, is trusted.
  if (rawAuthority(withScheme, url).toLowerCase() !== url.host || url.port !== "") {
    return { ok: false, reason: "Not a YouTube URL" };
  }
  return { ok: true, url };
}

/** youtube.com as people paste it: desktop, mobile and music hosts. */
export const isYouTubeComHost = (host: string) => WATCH_HOSTS.has(host);

/** A URL path's segments; a single trailing slash is ignored. */
export const linkPathSegments = (pathname: string) => pathSegments(pathname);

function parseUrl(text: string): ParsedVideo {
  const link = parseLink(text);
  if (!link.ok) return fail(link.reason);
  const { url } = link;
  const host = url.hostname;
  const segments = pathSegments(url.pathname);
  if (WATCH_HOSTS.has(host)) return parseYouTubeComPath(url, segments);
  if (SHORT_HOSTS.has(host)) {
    if (segments.length === 1 && segments[0] !== undefined) return idResult(segments[0]);
    return fail("Not a video URL");
  }
  if (NOCOOKIE_HOSTS.has(host)) {
    if (segments.length === 2 && segments[0] === "embed" && segments[1] !== undefined) {
      return embedResult(segments[1]);
    }
    return fail("Not a video URL");
  }
  return fail("Not a YouTube URL");
}

function parseYouTubeComPath(url: URL, segments: string[]): ParsedVideo {
  const [first, second] = segments;
  if (first === "watch" && segments.length === 1) {
    const ids = new Set(url.searchParams.getAll("v"));
    if (ids.size > 1) return fail("URL names more than one video");
    const [id] = ids;
    if (id === undefined || id === "") {
      return url.searchParams.has("list") ? fail("Playlist URL without a video") : fail("URL has no video id");
    }
    return idResult(id);
  }
  if (first !== undefined && second !== undefined && segments.length === 2 && ID_PATH_PREFIXES.has(first)) {
    return first === "embed" ? embedResult(second) : idResult(second);
  }
  if (first === "playlist") return fail("Playlist URL without a video");
  if (first === "results") return fail("Search page, not a video");
  if (first !== undefined && (CHANNEL_PATH_PREFIXES.has(first) || first.startsWith("@"))) {
    return fail("Channel page, not a video");
  }
  return fail("Not a video URL");
}

/** `/embed/videoseries?list=…` is how YouTube embeds a whole playlist. */
function embedResult(segment: string): ParsedVideo {
  if (segment === "videoseries") return fail("Playlist URL without a video");
  return idResult(segment);
}

function idResult(raw: string): ParsedVideo {
  const id = safeDecode(raw);
  // Count code points, so one emoji or homoglyph reads as one character in the message.
  if (Array.from(id).length !== ID_LENGTH) return fail(`Video id must be ${ID_LENGTH} characters`);
  if (!ID_PATTERN.test(id)) return fail("Video id may only contain letters, digits, - and _");
  return { ok: true, youtubeId: id, url: canonicalVideoUrl(id) };
}

function fail(reason: string): ParsedVideo {
  return { ok: false, reason };
}

/** "youtube.com/watch?v=…" and "//youtu.be/…" are how people copy links; both mean https. */
function addDefaultScheme(text: string): string {
  if (text.startsWith("//")) return `https:${text}`;
  // A scheme followed by digits is a host with a port ("youtube.com:443/…"), not a scheme.
  if (/^[a-z][a-z0-9+.-]*:(?!\d)/i.test(text)) return text;
  return `https://${text}`;
}

/**
 * The authority exactly as typed, for comparison with what the parser made of it. Special
 * schemes treat backslashes like slashes, so both end the authority here too.
 */
function rawAuthority(withScheme: string, url: URL): string {
  const rest = withScheme.slice(url.protocol.length).replace(/^[/\\]*/, "");
  const end = rest.search(/[/\\?#]/);
  return end === -1 ? rest : rest.slice(0, end);
}

/** A single trailing slash is harmless ("/shorts/ID/"); empty segments elsewhere are not. */
function pathSegments(pathname: string): string[] {
  const segments = pathname.split("/").slice(1);
  if (segments.length > 1 && segments.at(-1) === "") segments.pop();
  return segments.length === 1 && segments[0] === "" ? [] : segments;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
