import type { ComponentChildren } from "preact";
import { useAfterPaint } from "../lib/use-after-paint";

/**
 * `fallback` until the browser has painted a frame with it, then what `children` draws: for the
 * part of a screen that can wait one frame so the first is shorter. The state lives here, so
 * the frame that swaps them re-renders this subtree only, not the screen around it.
 */
export function AfterPaint({ fallback, children }: { fallback: ComponentChildren; children: () => ComponentChildren }) {
  return <>{useAfterPaint() ? children() : fallback}</>;
}
