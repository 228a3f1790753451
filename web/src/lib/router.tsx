import type { AnchorHTMLAttributes, ComponentChildren } from "preact";
import { createStore, useStore } from "./store";

/**
 * Client-side routing on the History API: small enough that a routing library would be more
 * code to learn than to read. The Worker serves index.html for every non-API path.
 */
interface Location {
  path: string;
  search: string;
}

const current = (): Location => ({ path: window.location.pathname, search: window.location.search });
export const locationStore = createStore<Location>(current());

window.addEventListener("popstate", () => locationStore.set(current()));

export function navigate(to: string, { replace = false } = {}) {
  if (to === window.location.pathname + window.location.search) return;
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  const next = current();
  locationStore.set(next);
  if (!replace) window.scrollTo(0, 0);
}

export function useLocation() {
  return useStore(locationStore);
}

/** The query string as state: reading is a URLSearchParams, writing merges and replaces history. */
export function useQuery(): [URLSearchParams, (patch: Record<string, string | null>) => void] {
  const { path, search } = useLocation();
  const params = new URLSearchParams(search);
  const setQuery = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(patch)) {
      if (value === null || value === "") next.delete(key);
      else next.set(key, value);
    }
    const qs = next.toString();
    navigate(qs ? `${path}?${qs}` : path, { replace: true });
  };
  return [params, setQuery];
}

/** `/lists/:id` against `/lists/abc` → `{id: "abc"}`; null when it does not match. */
export function matchRoute(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split("/").filter(Boolean);
  const have = path.split("/").filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const segment = want[i] as string;
    const value = have[i] as string;
    if (segment.startsWith(":")) params[segment.slice(1)] = decodeURIComponent(value);
    else if (segment !== value) return null;
  }
  return params;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string; children?: ComponentChildren };

/** An ordinary anchor (so middle-click and "open in new tab" work) that navigates in place. */
export function Link({ href, onClick, ...rest }: LinkProps) {
  const handle = (event: MouseEvent & { currentTarget: HTMLAnchorElement }) => {
    if (typeof onClick === "function") onClick(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}
