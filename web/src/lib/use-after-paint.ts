import { useEffect, useState } from "preact/hooks";

/** A hidden tab paints no frames: what waits for one shows after this long anyway. */
const HIDDEN_TAB_MS = 100;

/**
 * False until the browser has painted a frame in which `ready` was true, then true for good: for
 * what a screen can draw in the frame after its first, so that first frame (and its largest
 * paint) comes sooner and the work is two tasks instead of one long one. A frame callback runs
 * just before the paint; a timeout set from it runs after.
 */
export function useAfterPaint(ready = true): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    if (!ready || painted) return;
    let timer = 0;
    const done = () => setPainted(true);
    const frame = requestAnimationFrame(() => {
      clearTimeout(timer);
      timer = window.setTimeout(done);
    });
    timer = window.setTimeout(done, HIDDEN_TAB_MS);
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [ready, painted]);
  return painted;
}
