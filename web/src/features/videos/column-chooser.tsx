import { useLayoutEffect, useRef } from "preact/hooks";
import type { Field } from "../../../../src/shared/schemas/fields";
import { Dialog } from "../../components/dialog";
import { type ColumnChoice, type ColumnId, EMPTY_CHOICE, moveColumn, orderedColumns, toggleColumn } from "./columns";

interface Props {
  fields: Field[];
  choice: ColumnChoice;
  onChange: (choice: ColumnChoice) => void;
  onClose: () => void;
}

/** Show, hide and order the table's columns; every change applies at once and is remembered. */
export function ColumnChooser({ fields, choice, onChange, onClose }: Props) {
  const columns = orderedColumns(fields, choice);
  const list = useRef<HTMLOListElement>(null);
  // The arrow just used, to keep focus on after the rows reorder; at the top or bottom it turns
  // disabled, and a disabled button drops focus (to <body> in Chromium): the row's other arrow
  // takes it then.
  const moved = useRef<{ id: ColumnId; by: -1 | 1 } | null>(null);
  useLayoutEffect(() => {
    if (!moved.current) return;
    const { id, by } = moved.current;
    moved.current = null;
    const arrow = (step: -1 | 1) =>
      [...(list.current?.querySelectorAll<HTMLButtonElement>(`button[data-by="${step}"]`) ?? [])].find(
        (button) => button.dataset.column === id,
      );
    const same = arrow(by);
    const target = same && !same.disabled ? same : arrow(by === -1 ? 1 : -1);
    if (target && !target.disabled && document.activeElement !== target) target.focus();
  });
  const move = (id: ColumnId, by: -1 | 1) => {
    moved.current = { id, by };
    onChange(moveColumn(fields, choice, id, by));
  };
  return (
    <Dialog title="Columns" onClose={onClose}>
      <p class="muted">Shown columns appear in the table and, on narrow screens, on each video's card.</p>
      <ol class="column-chooser" ref={list}>
        {columns.map((column, index) => (
          <li key={column.id} class="column-chooser__item">
            <label class="checkbox">
              <input
                type="checkbox"
                checked={column.visible}
                onChange={(e) => onChange(toggleColumn(choice, column.id, e.currentTarget.checked))}
              />
              <span>{column.label}</span>
            </label>
            <span class="column-chooser__move">
              <button
                type="button"
                class="button button--small"
                disabled={index === 0}
                aria-label={`Move ${column.label} up`}
                data-column={column.id}
                data-by={-1}
                onClick={() => move(column.id, -1)}
              >
                ↑
              </button>
              <button
                type="button"
                class="button button--small"
                disabled={index === columns.length - 1}
                aria-label={`Move ${column.label} down`}
                data-column={column.id}
                data-by={1}
                onClick={() => move(column.id, 1)}
              >
                ↓
              </button>
            </span>
          </li>
        ))}
      </ol>
      <div class="modal__actions">
        <button type="button" class="button" onClick={() => onChange(EMPTY_CHOICE)}>
          Reset to default
        </button>
        <button type="button" class="button button--primary" onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
