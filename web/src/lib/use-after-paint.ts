import { useEffect, useState } from "preact/hooks";

/** A hidden tab paints no frames: what waits for one shows after this long anyway. */
const HIDDEN_TAB_MS = 100;

/**
 * False until the browser has painted a frame with the component in it, then true for good: for
 * what a screen can draw in the frame after its first, so that first frame (and its largest
 * paint) comes sooner and the work is two tasks instead of one long one. A frame callback runs
 * just before the paint; a timeout set from it runs after.
 */
export function useAfterPaint(): boolean {
  return useStepsAfterPaint(1) === 1;
}

/**
 * 0 until the browser has painted a frame with the component in it, then one more after each
 * frame painted since, up to `steps`: for work drawn a slice per frame, so that no slice is a
 * long task of its own (the table's overscan rows).
 */
export function useStepsAfterPaint(steps: number): number {
  const [done, setDone] = useState(0);
  useEffect(() => {
    if (done >= steps) return;
    let timer = 0;
    const next = () => setDone((n) => Math.min(steps, n + 1));
    const frame = requestAnimationFrame(() => {
      clearTimeout(timer);
      timer = window.setTimeout(next);
    });
    timer = window.setTimeout(next, HIDDEN_TAB_MS);
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [done, steps]);
  return Math.min(done, steps);
}
