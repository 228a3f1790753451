import type { Video } from "../../../../src/shared/schemas/videos";
import { api, type VideoFilters } from "../../api/endpoints";
import { type CursorPages, useCursorPages } from "../../lib/use-cursor-pages";

export type VideoPages = CursorPages<Video>;

/** The list's videos for the current search/filter/sort, fetched a page at a time by cursor. */
export function useVideoPages(listId: string, filters: VideoFilters): VideoPages {
  return useCursorPages({
    key: `${listId}|${JSON.stringify(filters)}`,
    fetchPage: (cursor, limit, signal) => api.videos(listId, filters, cursor, limit, signal),
    id: (video) => video.id,
  });
}
