import { useEffect, useState } from "preact/hooks";
import { lazy, ErrorBoundary as Suspended } from "preact-iso";

const Dialog = lazy(() => import("../../components/dialog").then((m) => m.Dialog));

/** Typing in a field is typing, not a shortcut. */
function typingIn(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element) return false;
  return element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName);
}

const SHORTCUTS: [string, string][] = [
  ["/", "Search the videos of the list you are on"],
  ["?", "Show this help"],
  ["↑ ↓", "Move between video rows (Home, End, Page Up and Page Down too)"],
  ["Enter", "Open the focused video"],
  ["Space", "Select the focused video (Shift+Space: the range from the last one selected)"],
  ["→ ←", "Move to a row's actions and back; between tabs"],
  ["Delete", "Delete the focused video (asks first)"],
  ["Esc", "Close a dialog or panel"],
];

/**
 * `/` focuses the page's search box (any element marked `data-shortcut="search"`), `?` opens the
 * list of shortcuts. Both stay quiet while the user types or a dialog is open.
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
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
  if (!helpOpen) return null;
  return (
    <Suspended>
      <Dialog title="Keyboard shortcuts" onClose={() => setHelpOpen(false)}>
        <dl class="shortcuts">
          {SHORTCUTS.map(([keys, what]) => (
            <div key={keys}>
              <dt>
                <kbd>{keys}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
      </Dialog>
    </Suspended>
  );
}
