import type { RefObject } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { useStepsAfterPaint } from "./use-after-paint";

/** Overscan rows drawn per frame after the first paint: a phone card is ~34 elements. */
const OVERSCAN_PER_FRAME = 2;

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
 *
 * The first render draws only the rows a screen's height can show, without reading the layout
 * (a read while rendering, window.innerHeight included, forces the whole page's layout in the
 * middle of its first task; the screen's size is known without one): the
 * scroller is measured when the browser reports its size (a ResizeObserver's first callback comes
 * after layout), and the overscan is drawn after the first paint, a few rows each way per frame
 * (OVERSCAN_PER_FRAME), so no frame's work is a long task. A page's first frame thus holds the
 * rows in view, and the rest follow.
 */
export function useFixedRows<T extends HTMLElement>(
  scrollRef: RefObject<T | null>,
  bodyRef: RefObject<HTMLElement | null>,
  { count, rowHeight, overscan = 8 }: Options,
) {
  const [range, setRange] = useState(() => ({ first: 0, last: Math.ceil(window.screen.height / rowHeight) }));
  const extra = Math.min(overscan, useStepsAfterPaint(Math.ceil(overscan / OVERSCAN_PER_FRAME)) * OVERSCAN_PER_FRAME);
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
  const last = Math.min(range.last + extra, count - 1);
  for (let index = Math.max(0, range.first - extra); index <= last; index++)
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
