import type { ComponentChildren } from "preact";
import { useLayoutEffect, useRef } from "preact/hooks";
import "../styles/dialog.css";

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  /** "drawer" slides in from the side; "dialog" sits centred. */
  variant?: "dialog" | "drawer";
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]:not([tabindex="-1"])';

/** Open dialogs, innermost last: only the top one answers Escape and keeps Tab inside it. */
const stack: object[] = [];

/**
 * A modal that behaves: focus moves in and stays in, Escape and the backdrop close it, focus
 * returns to whatever opened it (or to the element that replaced it, found by its id). A dialog opened from a dialog (a "discard changes?" question)
 * sits on top and takes the keys until it closes.
 */
export function Dialog({ title, onClose, children, variant = "dialog" }: DialogProps) {
  const panel = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  // A layout effect, not a passive one: Preact 11 runs a passive effect's cleanup after the next
  // paint, once the dialog's DOM is already gone, so focus fell to <body> (and the lost-focus
  // rescue sent it to the page heading) before the opener got it back. A layout cleanup runs in
  // the commit, while the dialog is still there; likewise focus moves in before the first paint.
  useLayoutEffect(() => {
    const self = {};
    stack.push(self);
    const opener = document.activeElement as HTMLElement | null;
    const first =
      panel.current?.querySelector<HTMLElement>("[data-autofocus]") ??
      panel.current?.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? panel.current)?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (stack[stack.length - 1] !== self) return;
      if (event.key === "Escape") {
        event.stopPropagation();
        closeRef.current();
      } else if (event.key === "Tab" && panel.current) {
        const items = [...panel.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
        const head = items[0];
        const tail = items[items.length - 1];
        if (!head || !tail) return;
        // Focus may sit before the first control (on the heading, or the panel itself): Shift+Tab
        // from there would leave the dialog too.
        const active = document.activeElement;
        const beforeHead = !!active && !!(head.compareDocumentPosition(active) & Node.DOCUMENT_POSITION_PRECEDING);
        if (event.shiftKey && (active === head || beforeHead)) {
          event.preventDefault();
          tail.focus();
        } else if (!event.shiftKey && document.activeElement === tail) {
          event.preventDefault();
          head.focus();
        }
      }
    };
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("keydown", onKey);
      stack.splice(stack.indexOf(self), 1);
      // The opener may have been drawn again while the dialog was open (a table row after its
      // page was fetched anew): then the element now carrying its id takes focus instead.
      const target = opener?.isConnected ? opener : opener?.id ? document.getElementById(opener.id) : null;
      target?.focus();
    };
  }, []);

  return (
    <div class={`overlay overlay--${variant}`}>
      <div class="overlay__backdrop" onClick={() => onClose()} aria-hidden="true" />
      <div
        ref={panel}
        class={`modal modal--${variant}`}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        tabIndex={-1}
      >
        <header class="modal__header">
          {/* Where focus goes when the control that had it disappears (lib/page-focus.ts). */}
          <h2 tabIndex={-1} data-focus-fallback>
            {title}
          </h2>
          <button type="button" class="icon-button" aria-label="Close" onClick={() => onClose()}>
            ×
          </button>
        </header>
        <div class="modal__body">{children}</div>
      </div>
    </div>
  );
}
