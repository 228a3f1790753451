/**
 * Where keyboard focus goes when the page changes under it. After a route change it goes to the
 * new page's heading (so a screen reader starts reading the new page, and Tab starts from it);
 * when the focused control disappears (a job's Cancel button once it is cancelled) it goes to the
 * nearest still-present ancestor marked `data-focus-fallback`, else to the page heading, never
 * to <body>.
 */
let headingWanted = false;

function pageHeading(): HTMLElement | null {
  return document.querySelector<HTMLElement>("main h1");
}

/** Called on every route change; the heading may not exist yet (a lazy page, a loading list). */
export function focusHeadingSoon() {
  headingWanted = true;
  const heading = pageHeading();
  if (heading) takeHeadingFocus(heading);
}

/** Called by a page heading when it mounts: takes focus if a route change asked for it. */
export function takeHeadingFocus(heading: HTMLElement) {
  if (!headingWanted) return;
  headingWanted = false;
  heading.focus({ preventScroll: true });
}

/**
 * Installs the rescue once for the document; returns the uninstall. Browsers do not reliably
 * fire blur when a focused element is removed, so this watches the DOM instead: after any change,
 * if focus sits on <body> and the element that had it is gone (or disabled), focus moves on.
 */
export function rescueLostFocus(): () => void {
  let last: HTMLElement | null = null;
  let fallbacks: HTMLElement[] = [];
  const onFocusIn = (event: FocusEvent) => {
    last = event.target as HTMLElement;
    fallbacks = [];
    for (let node = last.parentElement; node; node = node.parentElement) {
      if (node.dataset?.focusFallback !== undefined) fallbacks.push(node);
    }
  };
  const observer = new MutationObserver(() => {
    if (!last || (document.activeElement && document.activeElement !== document.body)) return;
    if (last.isConnected && !(last as HTMLButtonElement).disabled) return; // focus left on purpose
    const target = fallbacks.find((node) => node.isConnected) ?? pageHeading();
    last = null;
    target?.focus({ preventScroll: true });
  });
  observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["disabled"] });
  document.addEventListener("focusin", onFocusIn);
  return () => {
    observer.disconnect();
    document.removeEventListener("focusin", onFocusIn);
  };
}
