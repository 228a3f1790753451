import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { useRetryWhenBack } from "../live/connection";
import { PAGE_SIZE } from "./page-size";

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CursorPagesOptions<T> {
  /** The query's identity: a new key starts over from the first page; the same key keeps rows. */
  key: string;
  fetchPage: (cursor: string | undefined, limit: number, signal?: AbortSignal) => Promise<CursorPage<T>>;
  id: (item: T) => string;
  pageSize?: number;
  /** Every page as it lands, e.g. to put its items in the store. */
  onPage?: (items: T[]) => void;
}

export interface CursorPages<T> {
  items: T[];
  hasMore: boolean;
  /** True while the first page for the current key is loading. */
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
  loadMore: () => void;
  /** Fetches the first page again; rows stay on screen until it lands. */
  reload: () => void;
  /** Re-reads every loaded row in place, keeping the scroll position. */
  refreshLoaded: () => void;
  patch: (item: T) => void;
  /** Changes loaded items in place, each from its latest copy (several updates may batch in one render). */
  update: (change: (item: T) => T) => void;
  remove: (id: string) => void;
  /** An item created here, shown first without a refetch. */
  prepend: (item: T) => void;
}

const REFRESH_CHUNK = 200;

/**
 * One cursor-paged collection of the API (`{items, nextCursor}`): lists, jobs and videos all page
 * through this. Answers for an older key, or overtaken by a newer load, are dropped. A page that
 * failed is asked for again when the live connection comes back.
 */
export function useCursorPages<T>({
  key,
  fetchPage,
  id,
  pageSize = PAGE_SIZE,
  onPage,
}: CursorPagesOptions<T>): CursorPages<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  // Bumped on every first-page load so answers for older ones are ignored.
  const generation = useRef(0);
  const shownKey = useRef<string | null>(null);
  const latest = useRef({ fetchPage, id, onPage, items, error });
  latest.current = { fetchPage, id, onPage, items, error };

  useEffect(() => {
    const ticket = ++generation.current;
    const controller = new AbortController();
    // Reloading the query on screen keeps its rows until the fresh page replaces them: blanking
    // the table behind a spinner made the page jump. Only a new key starts from empty.
    if (shownKey.current !== key) {
      setLoading(true);
      setItems([]);
      setCursor(null);
    } else if (latest.current.error && !latest.current.items.length) {
      // Trying again after a failed first page: loading, not "nothing here", until it answers.
      setLoading(true);
    }
    shownKey.current = key;
    setError(null);
    setLoadingMore(false);
    latest.current.fetchPage(undefined, pageSize, controller.signal).then(
      (page) => {
        if (ticket !== generation.current) return;
        latest.current.onPage?.(page.items);
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
  }, [key, version, pageSize]);

  const loadMore = useCallback(() => {
    if (!cursor || loadingMore || loading) return;
    const ticket = generation.current;
    setError(null);
    setLoadingMore(true);
    latest.current.fetchPage(cursor, pageSize).then(
      (page) => {
        if (ticket !== generation.current) return;
        latest.current.onPage?.(page.items);
        const idOf = latest.current.id;
        setItems((current) => {
          const seen = new Set(current.map(idOf));
          return [...current, ...page.items.filter((item) => !seen.has(idOf(item)))];
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
  }, [cursor, loadingMore, loading, pageSize]);

  const refreshLoaded = useCallback(async () => {
    const ticket = generation.current;
    const wanted = Math.max(latest.current.items.length, pageSize);
    const fresh: T[] = [];
    let next: string | null = null;
    try {
      do {
        const page: CursorPage<T> = await latest.current.fetchPage(
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
    latest.current.onPage?.(fresh);
    setItems(fresh);
    setCursor(next);
  }, [pageSize]);

  const patch = useCallback((item: T) => {
    const idOf = latest.current.id;
    setItems((current) => {
      const index = current.findIndex((other) => idOf(other) === idOf(item));
      if (index < 0) return current;
      const next = current.slice();
      next[index] = item;
      return next;
    });
  }, []);
  const update = useCallback(
    (change: (item: T) => T) =>
      setItems((current) => {
        let changed = false;
        const next = current.map((item) => {
          const after = change(item);
          if (after !== item) changed = true;
          return after;
        });
        return changed ? next : current;
      }),
    [],
  );
  const remove = useCallback(
    (gone: string) => setItems((current) => current.filter((item) => latest.current.id(item) !== gone)),
    [],
  );
  const prepend = useCallback((item: T) => setItems((current) => [item, ...current]), []);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  // A page failed (the first: the screen's error state; a later one: the table's "Try again" row):
  // asked for again when the connection comes back.
  useRetryWhenBack(!loading && !loadingMore && !!error, items.length ? loadMore : reload);

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
    update,
    remove,
    prepend,
  };
}
