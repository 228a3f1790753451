/**
 * YouTube serves every video's still in fixed sizes under its id: `default` 120×90 (16:9 inside
 * 4:3 bars, which object-fit: cover crops away), `mqdefault` 320×180. The table's 88×50 cell
 * needs no more than 176 px across on a 2× screen, so the API's large thumbnail (up to 1280×720)
 * is never downloaded for a row.
 */
const base = (youtubeId: string) => `https://i.ytimg.com/vi/${encodeURIComponent(youtubeId)}`;

export function rowThumbnail(youtubeId: string) {
  return {
    src: `${base(youtubeId)}/mqdefault.jpg`,
    srcset: `${base(youtubeId)}/default.jpg 120w, ${base(youtubeId)}/mqdefault.jpg 320w`,
  };
}

/** The detail panel is up to 640 px wide: the 320 px still at 2×, not the 1280 px one. */
export const panelThumbnail = (youtubeId: string) => `${base(youtubeId)}/mqdefault.jpg`;

/** An image that cannot load (offline, a removed video) leaves its box empty instead of a broken-image icon. */
export const hideBrokenImage = (event: Event) => {
  (event.currentTarget as HTMLImageElement).hidden = true;
};
