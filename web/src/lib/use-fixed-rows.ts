import type { RefObject } from "preact";
import { useLayoutEffect, useRef, useState } from "preact/hooks";

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
}

/**
 * Windowing for rows of one fixed height: only the rows in view (plus the overscan) exist in the
 * DOM. With one height, row i sits at i × height, so there is nothing to measure and nothing
 * jumps; the table re-renders only when the window's first or last row changes, not per scroll
 * event. A measuring virtualizer (@tanstack/virtual-core was a third of the list page's script)
 * solves rows of varying height, which this table never has.
 */
export function useFixedRows<T extends HTMLElement>(
  scrollRef: RefObject<T | null>,
  bodyRef: RefObject<HTMLElement | null>,
  { count, rowHeight, overscan = 8 }: Options,
) {
  const [range, setRange] = useState({ first: 0, last: 30 });
  const height = useRef(rowHeight);
  height.current = rowHeight;

  useLayoutEffect(() => {
    const scroller = scrollRef.current;
    if (!scroller) return;
    const read = () => {
      const first = Math.max(0, Math.floor(scroller.scrollTop / height.current) - overscan);
      const last = Math.ceil((scroller.scrollTop + scroller.clientHeight) / height.current) + overscan;
      setRange((current) => (current.first === first && current.last === last ? current : { first, last }));
    };
    read();
    scroller.addEventListener("scroll", read, { passive: true });
    const resized = new ResizeObserver(read);
    resized.observe(scroller);
    return () => {
      scroller.removeEventListener("scroll", read);
      resized.disconnect();
    };
  }, [rowHeight, overscan]);

  const rows: FixedRow[] = [];
  for (let index = range.first; index <= Math.min(range.last, count - 1); index++)
    rows.push({ index, start: index * rowHeight });

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
