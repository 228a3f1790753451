/**
 * Puts videos of a job on the queue. Queues accept at most 100 messages and 256 KB per
 * sendBatch; our messages are ~200 bytes, so 100 per call is the binding limit.
 */
import type { VideoMessage } from "../shared/messages";

const SEND_BATCH_MAX = 100;

export interface EnqueueItem {
  jobId: string;
  userId: string;
  listId: string;
  videoId: string;
  youtubeId: string;
}

export async function enqueueVideos(queue: Queue<VideoMessage>, items: readonly EnqueueItem[]): Promise<void> {
  for (let i = 0; i < items.length; i += SEND_BATCH_MAX) {
    await queue.sendBatch(
      items
        .slice(i, i + SEND_BATCH_MAX)
        .map((item) => ({ body: { kind: "video" as const, ...item }, contentType: "json" })),
    );
  }
}
