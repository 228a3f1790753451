import { useEffect, useRef } from "preact/hooks";
import { api } from "../../api/endpoints";
import { onJobTransition, onProgressEvent } from "../../live/jobs-store";
import type { VideoPages } from "./use-video-pages";

const FLUSH_MS = 400;
const MAX_PARALLEL = 6;

/**
 * Keeps table rows in step with processing. Progress events name the video just worked on; its
 * row is re-read (batched, so a burst of events costs a handful of requests). When a job for the
 * list starts or ends, every loaded row is re-read once, because a job moves many rows at once.
 */
export function useLiveRows(listId: string, pages: VideoPages) {
  const pagesRef = useRef(pages);
  pagesRef.current = pages;

  useEffect(() => {
    const pending = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | null = null;
    let refreshTimer: ReturnType<typeof setTimeout> | null = null;

    const flush = async () => {
      timer = null;
      const ids = [...pending];
      pending.clear();
      for (let i = 0; i < ids.length; i += MAX_PARALLEL) {
        const batch = ids.slice(i, i + MAX_PARALLEL);
        const videos = await Promise.all(batch.map((id) => api.video(id).catch(() => null)));
        for (const video of videos) if (video) pagesRef.current.patch(video);
      }
    };

    const stopEvents = onProgressEvent((event) => {
      if (event.listId !== listId || !event.videoId) return;
      if (!pagesRef.current.items.some((v) => v.id === event.videoId)) return;
      pending.add(event.videoId);
      timer ??= setTimeout(flush, FLUSH_MS);
    });
    const stopTransitions = onJobTransition(({ job }) => {
      if (job.listId !== listId) return;
      if (refreshTimer) clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => pagesRef.current.refreshLoaded(), FLUSH_MS);
    });
    return () => {
      stopEvents();
      stopTransitions();
      if (timer) clearTimeout(timer);
      if (refreshTimer) clearTimeout(refreshTimer);
    };
  }, [listId]);
}
