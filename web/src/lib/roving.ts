/**
 * Roving tabindex: a group (tabs, table rows) is one Tab stop and arrow keys move inside it.
 * Given a key, where the focus goes next, or null when the key is not for moving.
 */
export interface RovingOptions {
  orientation: "horizontal" | "vertical";
  /** How far Page Up / Page Down jump (vertical groups). */
  pageSize?: number;
  /** Whether the ends wrap around (tabs do, long tables do not). */
  wrap?: boolean;
}

export function nextIndex(key: string, index: number, count: number, options: RovingOptions): number | null {
  if (count <= 0) return null;
  const { orientation, pageSize = 10, wrap = false } = options;
  const back = orientation === "horizontal" ? "ArrowLeft" : "ArrowUp";
  const forward = orientation === "horizontal" ? "ArrowRight" : "ArrowDown";
  const clamp = (i: number) => Math.max(0, Math.min(count - 1, i));
  switch (key) {
    case back:
      return wrap ? (index - 1 + count) % count : clamp(index - 1);
    case forward:
      return wrap ? (index + 1) % count : clamp(index + 1);
    case "Home":
      return 0;
    case "End":
      return count - 1;
    case "PageUp":
      return orientation === "vertical" ? clamp(index - pageSize) : null;
    case "PageDown":
      return orientation === "vertical" ? clamp(index + pageSize) : null;
    default:
      return null;
  }
}
