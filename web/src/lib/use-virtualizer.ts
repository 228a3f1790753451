import {
  elementScroll,
  observeElementOffset,
  observeElementRect,
  Virtualizer,
  type VirtualizerOptions,
} from "@tanstack/virtual-core";
import type { RefObject } from "preact";
import { useLayoutEffect, useReducer, useState } from "preact/hooks";

/** @tanstack/virtual-core bound to a Preact component, the way its React adapter does it. */
export function useVirtualizer<T extends Element>(
  scrollRef: RefObject<T | null>,
  options: Pick<VirtualizerOptions<T, Element>, "count" | "estimateSize"> & Partial<VirtualizerOptions<T, Element>>,
): Virtualizer<T, Element> {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const resolved: VirtualizerOptions<T, Element> = {
    getScrollElement: () => scrollRef.current,
    scrollToFn: elementScroll,
    observeElementRect,
    observeElementOffset,
    overscan: 12,
    ...options,
    onChange: (instance, sync) => {
      rerender(0);
      options.onChange?.(instance, sync);
    },
  };
  const [virtualizer] = useState(() => new Virtualizer<T, Element>(resolved));
  virtualizer.setOptions(resolved);
  useLayoutEffect(() => virtualizer._didMount(), []);
  useLayoutEffect(() => virtualizer._willUpdate());
  return virtualizer;
}
