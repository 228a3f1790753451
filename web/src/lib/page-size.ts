/**
 * Rows asked for per page by every cursor-paged screen (use-cursor-pages.ts), and so by the
 * entry's early requests for those screens' first pages (endpoints.ts prefetchFirstScreen),
 * which a screen only takes when its URL is exactly the one it would build.
 */
export const PAGE_SIZE = 100;

/**
 * How many of a list's newest jobs its page asks the jobs route for before the socket's snapshot
 * (live/recent-jobs.ts), and so the entry's early request with it: more than a list runs in the
 * five minutes a finished job stays on the dashboard. Were there more, the card's "earlier jobs"
 * count is short until the snapshot.
 */
export const RECENT_JOBS = 10;
