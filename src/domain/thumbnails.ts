/**
 * Where a video's thumbnail may come from. The UI shows it as an <img>, and its Content Security
 * Policy allows images from `https://i.ytimg.com` only, so that is the one host accepted; anything
 * else an upstream answers (another host, http, credentials or a port in the URL) is replaced by
 * the thumbnail YouTube serves for every video id.
 */
const THUMBNAIL_HOST = "i.ytimg.com";

/** YouTube's `hqdefault` exists for every video, whatever its age or resolution. */
export const defaultThumbnail = (youtubeId: string) =>
  `https://${THUMBNAIL_HOST}/vi/${encodeURIComponent(youtubeId)}/hqdefault.jpg`;

export function safeThumbnail(candidate: string | null | undefined, youtubeId: string): string {
  if (candidate) {
    try {
      const url = new URL(candidate);
      if (url.protocol === "https:" && url.host === THUMBNAIL_HOST && !url.username && !url.password) return url.href;
    } catch {
      // Not a URL at all: fall through to the one built from the id.
    }
  }
  return defaultThumbnail(youtubeId);
}
