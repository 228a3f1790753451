/**
 * Parameters of a list page's URL that are page state (open panels), not part of its query: the
 * videos asked for are the same with or without them.
 */
export const PAGE_ONLY = new Set(["video", "edit", "job", "view"]);
