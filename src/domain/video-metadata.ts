import type { Chapter } from "../shared/schemas/videos";

/**
 * What YouTube tells about one video, in the app's terms: the provider (providers/youtube.ts)
 * reads it off the Data API or oEmbed, the pipeline writes it to the video's row.
 */
export interface VideoMetadata {
  title: string | null;
  channelTitle: string | null;
  channelId: string | null;
  description: string | null;
  durationSeconds: number | null;
  viewCount: number | null;
  likeCount: number | null;
  publishedAt: string | null;
  thumbnailUrl: string | null;
  tags: string[];
  chapters: Chapter[];
}
