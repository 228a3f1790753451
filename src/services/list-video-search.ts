/**
 * A list's videos under the videos route's query string (status, q, sort, order, paging), for
 * the callers that are not that route: public share pages and the MCP `search_videos` tool.
 * Seam: once the find slice's query parser (services/video-find.ts `findVideos`) is on main,
 * this forwards to it, so every caller reads queries one way.
 */
import type { Db } from "../db/client";
import type { ListRow } from "../db/schema";
import { pageVideos, toVideo } from "../db/videos";
import { ApiError, validationDetails } from "../errors";
import { decodeCursor, pageFrom } from "../lib/cursor";
import type { Video } from "../shared/schemas/videos";
import { VideoQuery } from "../shared/schemas/videos";

export interface VideoPage {
  items: Video[];
  nextCursor: string | null;
}

export async function findVideos(db: Db, list: ListRow, params: URLSearchParams): Promise<VideoPage> {
  const parsed = VideoQuery.safeParse(Object.fromEntries(params));
  if (!parsed.success) {
    throw new ApiError("bad_request", "Invalid query parameter", validationDetails(parsed.error.issues));
  }
  const query = parsed.data;
  const { rows, sortKey } = await pageVideos(db, list.id, query, decodeCursor(query.cursor));
  const { items, nextCursor } = pageFrom(rows, query.limit, (video) => ({ k: sortKey(video), id: video.id }));
  return { items: items.map(toVideo), nextCursor };
}
