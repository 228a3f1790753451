import type { RefObject } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { useStepsAfterPaint } from "./use-after-paint";

export interface FixedRow {
  index: number;
  /** Offset from the top of the rows' container, in px. */
  start: number;
}

interface Options {
  count: number;
  rowHeight: number;
  /** Rows rendered beyond each edge of the view, so a fast scroll rarely shows a gap. */
  overscan?: number;
  /**
   * Rows added per frame while the window fills for the first time (the first frame holds this
   * many): the most a slow phone lays out and paints in a frame without a long task.
   */
  rowsPerFrame?: number;
}

/**
 * Windowing for rows of one fixed height: only the rows in view (plus the overscan) exist in the
 * DOM. With one height, row i sits at i × height, so there is nothing to measure and nothing
 * jumps; the table re-renders only when the window's first or last row changes, not per scroll
 * event. A measuring virtualizer (@tanstack/virtual-core was a third of the list page's script)
 * solves rows of varying height, which this table never has.
 *
 * The first render sizes the window by the screen's height, without reading the layout (a read
 * while rendering, window.innerHeight included, forces the whole page's layout in the middle of
 * its first task); the scroller is measured when the browser reports its size (a
 * ResizeObserver's first callback comes after layout). That first window fills a few rows per
 * painted frame (`rowsPerFrame`), the rows in view first: a frame that drew the whole window at
 * once was the page's longest task on a phone, and each of these is short. Once filled, the
 * window follows the scroll at once.
 */
export function useFixedRows<T extends HTMLElement>(
  scrollRef: RefObject<T | null>,
  bodyRef: RefObject<HTMLElement | null>,
  { count, rowHeight, overscan = 8, rowsPerFrame = 2 }: Options,
) {
  const [range, setRange] = useState(() => ({ first: 0, last: Math.ceil(window.screen.height / rowHeight) }));
  // Frames the first window takes to fill: the rows a screen shows, and the overscan below them.
  const [fillFrames] = useState(() => Math.ceil((range.last + 1 + overscan) / rowsPerFrame) - 1);
  const framesPainted = useStepsAfterPaint(fillFrames);
  const drawable = framesPainted < fillFrames ? (framesPainted + 1) * rowsPerFrame : Number.POSITIVE_INFINITY;
  const height = useRef(rowHeight);
  height.current = rowHeight;

  useEffect(() => {
    const scroller = scrollRef.current;
    if (!scroller) return;
    const read = () => {
      const first = Math.floor(scroller.scrollTop / height.current);
      const last = Math.ceil((scroller.scrollTop + scroller.clientHeight) / height.current);
      setRange((current) => (current.first === first && current.last === last ? current : { first, last }));
    };
    scroller.addEventListener("scroll", read, { passive: true });
    const resized = new ResizeObserver(read);
    resized.observe(scroller);
    return () => {
      scroller.removeEventListener("scroll", read);
      resized.disconnect();
    };
  }, [rowHeight]);

  const rows: FixedRow[] = [];
  const first = Math.max(0, range.first - overscan);
  const last = Math.min(range.last + overscan, count - 1, first + drawable - 1);
  for (let index = first; index <= last; index++) rows.push({ index, start: index * rowHeight });

  /** Scrolls as little as needed for row `index` to be in view below the sticky header. */
  const scrollToIndex = (index: number) => {
    const scroller = scrollRef.current;
    const body = bodyRef.current;
    if (!scroller || !body) return;
    // Where the rows begin inside the scrolled content: the header's height above them.
    const offset = body.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
    const top = index * rowHeight;
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (offset + top + rowHeight > scroller.scrollTop + scroller.clientHeight)
      scroller.scrollTop = offset + top + rowHeight - scroller.clientHeight;
  };

  return { rows, totalSize: count * rowHeight, scrollToIndex };
}
