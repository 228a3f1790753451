import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { takeHeadingFocus } from "../lib/page-focus";
import { useDocumentTitle } from "../lib/use-document-title";

/**
 * A page's h1: it names the document and receives focus after a route change. Focusable only by
 * script (tabindex -1), so Tab order is unchanged.
 */
export function PageHeading({ title, children }: { title: string; children?: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useDocumentTitle(title);
  useEffect(() => {
    if (ref.current) takeHeadingFocus(ref.current);
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} class="page-heading">
      {children ?? title}
    </h1>
  );
}
