import { Dialog } from "../../components/dialog";
import "../../styles/shortcuts.css";

const SHORTCUTS: [string, string][] = [
  ["/", "Search the videos of the list you are on"],
  ["?", "Show this help"],
  ["↑ ↓", "Move between video rows (Home, End, Page Up and Page Down too)"],
  ["Enter", "Open the focused video"],
  ["Space", "Select the focused video (Shift+Space: the range from the last one selected)"],
  ["→ ←", "Move to a row's actions and back; between tabs"],
  ["Delete", "Delete the focused video (Undo stays offered for 10 seconds)"],
  ["Z", "Undo the latest deletion while it is offered"],
  ["Esc", "Close a dialog or panel"],
];

/** The list of shortcuts, behind `?`: loaded when first asked for, with the dialog. */
export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
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
  );
}
