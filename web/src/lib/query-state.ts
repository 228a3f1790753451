import { useLocation } from "preact-iso";

/**
 * The query string as state: reading is a URLSearchParams, writing merges into the current
 * query and replaces the history entry (filters and open panels are not worth a Back press).
 */
export function useQuery(): [URLSearchParams, (patch: Record<string, string | null>) => void] {
  const { path, url, route } = useLocation();
  const params = new URLSearchParams(url.split("?")[1] ?? "");
  const setQuery = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(patch)) {
      if (value === null || value === "") next.delete(key);
      else next.set(key, value);
    }
    const qs = next.toString();
    route(qs ? `${path}?${qs}` : path, true);
  };
  return [params, setQuery];
}

/** `/lists/abc` for a list id, escaped once here. */
export const listHref = (listId: string) => `/lists/${encodeURIComponent(listId)}`;
export const jobHref = (jobId: string) => `/jobs?job=${encodeURIComponent(jobId)}`;
