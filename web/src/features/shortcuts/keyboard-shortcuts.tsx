import { useEffect, useState } from "preact/hooks";
import { lazy, ErrorBoundary as Suspended } from "preact-iso";
import { runToastKey } from "../../components/toasts";

const ShortcutHelp = lazy(() => import("./shortcut-help").then((m) => m.ShortcutHelp));

/** Typing in a field is typing, not a shortcut. */
function typingIn(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element) return false;
  return element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName);
}

/**
 * `/` focuses the page's search box (any element marked `data-shortcut="search"`), `?` opens the
 * list of shortcuts, and a showing toast's action key runs it (Z: undo a deletion). All stay
 * quiet while the user types or a dialog is open.
 */
export function KeyboardShortcuts() {
  const [helpOpen, setHelpOpen] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || typingIn(event.target)) return;
      if (document.querySelector('[role="dialog"]')) return;
      if (event.key === "/") {
        const search = document.querySelector<HTMLElement>('[data-shortcut="search"]');
        if (!search) return;
        event.preventDefault();
        search.focus();
      } else if (event.key === "?") {
        event.preventDefault();
        setHelpOpen(true);
      } else if (event.key.length === 1 && runToastKey(event.key)) {
        event.preventDefault();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
  if (!helpOpen) return null;
  return (
    <Suspended>
      <ShortcutHelp onClose={() => setHelpOpen(false)} />
    </Suspended>
  );
}
