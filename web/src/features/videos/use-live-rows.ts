import { useEffect, useRef } from "preact/hooks";
import { api } from "../../api/endpoints";
import { onJobTransition, onProgressEvent } from "../../live/jobs-store";
import { moveRow, planRows } from "./live-row-changes";
import type { VideoPages } from "./use-video-pages";

const FLUSH_MS = 400;
const MAX_PARALLEL = 6;
/** More completed rows than this in one flush: re-reading the loaded pages is fewer requests. */
const REREAD_ONE_BY_ONE_MAX = 24;

/**
 * Keeps table rows in step with processing. Progress events carry each video whose status moved,
 * so rows go queued → processing → failed (with the reason) at once, with no request. A completed
 * row has new metadata and fields, so it is re-read: one by one for a few, the loaded pages at
 * once for many (or when an event's list was cut short). A job starting or ending re-reads the
 * loaded rows once, since cancel puts videos back as they were.
 */
export function useLiveRows(listId: string, pages: VideoPages) {
  const pagesRef = useRef(pages);
  pagesRef.current = pages;

  useEffect(() => {
    const pending = new Set<string>();
    let refreshWanted = false;
    let timer: ReturnType<typeof setTimeout> | null = null;

    const flush = async () => {
      timer = null;
      const ids = [...pending];
      pending.clear();
      if (refreshWanted || ids.length > REREAD_ONE_BY_ONE_MAX) {
        refreshWanted = false;
        pagesRef.current.refreshLoaded();
        return;
      }
      for (let i = 0; i < ids.length; i += MAX_PARALLEL) {
        const batch = ids.slice(i, i + MAX_PARALLEL);
        const videos = await Promise.all(batch.map((id) => api.video(id).catch(() => null)));
        for (const video of videos) if (video) pagesRef.current.patch(video);
      }
    };
    const schedule = () => {
      timer ??= setTimeout(flush, FLUSH_MS);
    };

    const stopEvents = onProgressEvent((event) => {
      if (event.listId !== listId) return;
      const loaded = new Set(pagesRef.current.items.map((v) => v.id));
      const plan = planRows(event, loaded);
      if (plan.moves.size) {
        pagesRef.current.update((video) => {
          const change = plan.moves.get(video.id);
          return change ? moveRow(video, change) : video;
        });
      }
      for (const id of plan.reread) pending.add(id);
      if (plan.refreshAll) refreshWanted = true;
      if (pending.size || refreshWanted) schedule();
    });
    const stopTransitions = onJobTransition(({ job }) => {
      if (job.listId !== listId) return;
      refreshWanted = true;
      schedule();
    });
    return () => {
      stopEvents();
      stopTransitions();
      if (timer) clearTimeout(timer);
    };
  }, [listId]);
}
