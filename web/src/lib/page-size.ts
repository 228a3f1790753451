/**
 * Rows asked for per page by every cursor-paged screen (use-cursor-pages.ts), and so by the
 * entry's early requests for those screens' first pages (endpoints.ts prefetchFirstScreen),
 * which a screen only takes when its URL is exactly the one it would build.
 */
export const PAGE_SIZE = 100;
