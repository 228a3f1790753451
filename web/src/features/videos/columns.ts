import { useEffect, useState } from "preact/hooks";
import type { Field } from "../../../../src/shared/schemas/fields";

/**
 * Which columns the video table shows, in which order, remembered per list on this device.
 * Thumbnail and title always show; everything else (metadata and every field) can be hidden or
 * moved. Columns the saved choice does not know (a field added since) show, at the end.
 */
export type BuiltinColumn = "duration" | "views" | "published" | "status";
export type ColumnId = BuiltinColumn | `field.${string}`;

export interface Column {
  id: ColumnId;
  label: string;
  /** Fixed width in px for metadata, or null for a field (shares the remaining width). */
  width: number | null;
  field?: Field;
}

export interface ColumnChoice {
  order: ColumnId[];
  hidden: ColumnId[];
}

const BUILTINS: Column[] = [
  { id: "duration", label: "Duration", width: 92 },
  { id: "views", label: "Views", width: 80 },
  { id: "published", label: "Published", width: 112 },
  { id: "status", label: "Status", width: 120 },
];

export const EMPTY_CHOICE: ColumnChoice = { order: [], hidden: [] };

/** Every column the list could show, in the default order: metadata, then its fields. */
export function allColumns(fields: Field[]): Column[] {
  return [
    ...BUILTINS,
    ...fields.map((field) => ({ id: `field.${field.key}` as ColumnId, label: field.label, width: null, field })),
  ];
}

/** Every column in the chosen order (unknown ones last, in default order), each with its visibility. */
export function orderedColumns(fields: Field[], choice: ColumnChoice): (Column & { visible: boolean })[] {
  const all = allColumns(fields);
  const rank = new Map(choice.order.map((id, i) => [id, i]));
  const sorted = all
    .map((column, i) => ({ column, i }))
    .sort((a, b) => (rank.get(a.column.id) ?? 1000 + a.i) - (rank.get(b.column.id) ?? 1000 + b.i));
  const hidden = new Set(choice.hidden);
  return sorted.map(({ column }) => ({ ...column, visible: !hidden.has(column.id) }));
}

export const visibleColumns = (fields: Field[], choice: ColumnChoice): Column[] =>
  orderedColumns(fields, choice).filter((column) => column.visible);

/** Moves one column up or down among all columns and returns the new choice. */
export function moveColumn(fields: Field[], choice: ColumnChoice, id: ColumnId, delta: -1 | 1): ColumnChoice {
  const order = orderedColumns(fields, choice).map((column) => column.id);
  const from = order.indexOf(id);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= order.length) return choice;
  order.splice(from, 1);
  order.splice(to, 0, id);
  return { ...choice, order };
}

export function toggleColumn(choice: ColumnChoice, id: ColumnId, visible: boolean): ColumnChoice {
  const hidden = choice.hidden.filter((other) => other !== id);
  return { ...choice, hidden: visible ? hidden : [...hidden, id] };
}

const storageKey = (listId: string) => `tubelist.columns.${listId}`;

function readChoice(listId: string): ColumnChoice {
  try {
    const parsed = JSON.parse(localStorage.getItem(storageKey(listId)) ?? "null") as Partial<ColumnChoice> | null;
    const strings = (value: unknown) =>
      (Array.isArray(value) ? value.filter((v) => typeof v === "string") : []) as ColumnId[];
    return parsed ? { order: strings(parsed.order), hidden: strings(parsed.hidden) } : EMPTY_CHOICE;
  } catch {
    return EMPTY_CHOICE;
  }
}

/** The list's column choice and a setter that remembers it. */
export function useColumnChoice(listId: string): [ColumnChoice, (choice: ColumnChoice) => void] {
  const [choice, setChoice] = useState(() => readChoice(listId));
  useEffect(() => setChoice(readChoice(listId)), [listId]);
  const update = (next: ColumnChoice) => {
    setChoice(next);
    try {
      if (next.order.length || next.hidden.length) localStorage.setItem(storageKey(listId), JSON.stringify(next));
      else localStorage.removeItem(storageKey(listId));
    } catch {
      // No storage: the choice lasts as long as the page.
    }
  };
  return [choice, update];
}
