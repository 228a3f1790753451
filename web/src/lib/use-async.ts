import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { useRetryWhenBack } from "../live/connection";

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  /**
   * Local edits after a successful mutation, without another round trip. An edit made while a
   * load is in flight also loads again: that answer may have left before the mutation and would
   * put back what the edit changed (a webhook created while the page was still loading vanished).
   */
  setData: (update: (current: T | undefined) => T | undefined) => void;
}

/**
 * Loads data for a screen and re-loads when `deps` change; answers to stale requests are dropped.
 * A load that failed is tried again when the live connection comes back.
 */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);
  const latest = useRef(0);
  const inFlight = useRef(false);

  // The caller's deps decide when to reload; `load` is a fresh closure every render.
  useEffect(() => {
    const ticket = ++latest.current;
    inFlight.current = true;
    setLoading(true);
    setError(null);
    load().then(
      (value) => {
        if (ticket !== latest.current) return;
        inFlight.current = false;
        setDataState(() => value);
        setLoading(false);
      },
      (err: unknown) => {
        if (ticket !== latest.current) return;
        inFlight.current = false;
        setError(err);
        setLoading(false);
      },
    );
  }, [...deps, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  useRetryWhenBack(!loading && !!error, reload);
  const setData = useCallback((update: (current: T | undefined) => T | undefined) => {
    setDataState(update);
    if (inFlight.current) setVersion((v) => v + 1);
  }, []);
  return { data, error, loading, reload, setData };
}
