import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { Video } from "../../../../src/shared/schemas/videos";
import { api, type VideoFilters } from "../../api/endpoints";

const PAGE_SIZE = 100;
const REFRESH_CHUNK = 200;

export interface VideoPages {
  items: Video[];
  hasMore: boolean;
  /** True while the first page for the current filters is loading. */
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
  loadMore: () => void;
  reload: () => void;
  /** Re-reads every loaded row in place, keeping scroll position (after a job starts or ends). */
  refreshLoaded: () => void;
  patch: (video: Video) => void;
  remove: (videoId: string) => void;
}

/** The list's videos for the current search/filter/sort, fetched a page at a time by cursor. */
export function useVideoPages(listId: string, filters: VideoFilters): VideoPages {
  const [items, setItems] = useState<Video[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  // Bumped whenever the filters change so answers for old filters are ignored.
  const generation = useRef(0);
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const key = JSON.stringify(filters);

  const shownQuery = useRef<string | null>(null);

  // `key` stands for `filters`: a new object each render, the same query.
  useEffect(() => {
    const ticket = ++generation.current;
    const controller = new AbortController();
    // A reload of the query on screen (after adding videos, say) keeps the rows until the fresh
    // page replaces them: blanking the table behind a spinner made the page jump. Only a new
    // query, or the first load, starts from empty.
    const query = `${listId}|${key}`;
    const sameQuery = shownQuery.current === query;
    shownQuery.current = query;
    if (!sameQuery) {
      setLoading(true);
      setItems([]);
      setCursor(null);
    }
    setError(null);
    // A "load more" of the previous generation is ignored when it lands; do not let it block the next.
    setLoadingMore(false);
    api.videos(listId, filters, undefined, PAGE_SIZE, controller.signal).then(
      (page) => {
        if (ticket !== generation.current) return;
        setItems(page.items);
        setCursor(page.nextCursor);
        setLoading(false);
      },
      (err: unknown) => {
        if (ticket !== generation.current || controller.signal.aborted) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [listId, key, version]);

  const loadMore = useCallback(() => {
    if (!cursor || loadingMore || loading) return;
    const ticket = generation.current;
    setLoadingMore(true);
    api.videos(listId, filters, cursor, PAGE_SIZE).then(
      (page) => {
        if (ticket !== generation.current) return;
        setItems((current) => {
          const seen = new Set(current.map((v) => v.id));
          return [...current, ...page.items.filter((v) => !seen.has(v.id))];
        });
        setCursor(page.nextCursor);
        setLoadingMore(false);
      },
      (err: unknown) => {
        if (ticket !== generation.current) return;
        setError(err);
        setLoadingMore(false);
      },
    );
    // `key` stands for `filters`: a new object each render, the same query.
  }, [cursor, loadingMore, loading, listId, key]);

  const refreshLoaded = useCallback(async () => {
    const ticket = generation.current;
    const wanted = Math.max(itemsRef.current.length, PAGE_SIZE);
    const fresh: Video[] = [];
    let next: string | null | undefined;
    try {
      do {
        const page = await api.videos(
          listId,
          filters,
          next ?? undefined,
          Math.min(REFRESH_CHUNK, wanted - fresh.length),
        );
        fresh.push(...page.items);
        next = page.nextCursor;
      } while (next && fresh.length < wanted && ticket === generation.current);
    } catch {
      return; // A background refresh that fails leaves the rows as they were.
    }
    if (ticket !== generation.current) return;
    setItems(fresh);
    setCursor(next ?? null);
    // `key` stands for `filters`: a new object each render, the same query.
  }, [listId, key]);

  const patch = useCallback((video: Video) => {
    setItems((current) => {
      const index = current.findIndex((v) => v.id === video.id);
      if (index < 0) return current;
      const next = current.slice();
      next[index] = video;
      return next;
    });
  }, []);

  const remove = useCallback((videoId: string) => setItems((current) => current.filter((v) => v.id !== videoId)), []);
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  return {
    items,
    hasMore: cursor !== null,
    loading,
    loadingMore,
    error,
    loadMore,
    reload,
    refreshLoaded: () => void refreshLoaded(),
    patch,
    remove,
  };
}
