/**
 * Where keyboard focus goes when the page changes under it. After a route change it goes to the
 * new page's heading (so a screen reader starts reading the new page, and Tab starts from it);
 * when the focused control disappears (a job's Cancel button once it is cancelled) it goes to the
 * nearest still-present ancestor marked `data-focus-fallback`, else to the page heading, never
 * to <body>. While a modal dialog is open the target is inside the topmost one: the nearest such
 * ancestor within it, else the dialog's own fallback (its heading), else the dialog; the page
 * heading sits behind the backdrop, and Tab from it walked the page the dialog covers.
 */
let headingWanted = false;

function pageHeading(): HTMLElement | null {
  return document.querySelector<HTMLElement>("main h1");
}

/**
 * The topmost open modal. A dialog opened from a dialog (a confirmation) is drawn inside it or
 * after it, so the last in document order is the one on top.
 */
function topDialog(): HTMLElement | null {
  const open = document.querySelectorAll<HTMLElement>('[role="dialog"][aria-modal="true"]');
  return open[open.length - 1] ?? null;
}

/** Where lost focus goes: see the top of this file. */
function rescueTarget(fallbacks: HTMLElement[]): HTMLElement | null {
  const dialog = topDialog();
  if (!dialog) return fallbacks.find((node) => node.isConnected) ?? pageHeading();
  return (
    fallbacks.find((node) => node.isConnected && dialog.contains(node)) ??
    dialog.querySelector<HTMLElement>("[data-focus-fallback]") ??
    dialog
  );
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

const isDisabled = (element: HTMLElement) => (element as HTMLButtonElement).disabled === true;

/**
 * Installs the rescue once for the document; returns the uninstall. Browsers do not reliably
 * fire blur when a focused element is removed, so this watches the DOM instead: after any change,
 * if focus sits on <body> (or stays on a control that is now disabled, which takes no keys) and
 * the element that had it is gone or disabled, focus moves on.
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
    if (!last) return;
    const active = document.activeElement;
    const heldByDisabled = active === last && isDisabled(last);
    if (active && active !== document.body && !heldByDisabled) return;
    if (last.isConnected && !isDisabled(last)) return; // focus left on purpose
    const target = rescueTarget(fallbacks);
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
