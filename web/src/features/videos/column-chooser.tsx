import type { Field } from "../../../../src/shared/schemas/fields";
import { Dialog } from "../../components/dialog";
import { type ColumnChoice, EMPTY_CHOICE, moveColumn, orderedColumns, toggleColumn } from "./columns";

interface Props {
  fields: Field[];
  choice: ColumnChoice;
  onChange: (choice: ColumnChoice) => void;
  onClose: () => void;
}

/** Show, hide and order the table's columns; every change applies at once and is remembered. */
export function ColumnChooser({ fields, choice, onChange, onClose }: Props) {
  const columns = orderedColumns(fields, choice);
  return (
    <Dialog title="Columns" onClose={onClose}>
      <p class="muted">Shown columns appear in the table and, on narrow screens, on each video's card.</p>
      <ol class="column-chooser">
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
                onClick={() => onChange(moveColumn(fields, choice, column.id, -1))}
              >
                ↑
              </button>
              <button
                type="button"
                class="button button--small"
                disabled={index === columns.length - 1}
                aria-label={`Move ${column.label} down`}
                onClick={() => onChange(moveColumn(fields, choice, column.id, 1))}
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
