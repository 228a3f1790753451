import { useEffect, useRef, useState } from "preact/hooks";
import type { Field } from "../../../../src/shared/schemas/fields";
import type { Facets, NumberFacet, ValueFacet } from "../../api/endpoints";
import { type FieldFilter, type FindQuery, isFiltering, withField } from "./find-query";
import "../../styles/find.css";
import { formatNumber } from "../../lib/format";

/** Fields a chip can filter by pick list or range; free text is found by the search box. */
const filterable = (field: Field) => field.type !== "text";

const valueLabel = (field: Field, value: string) =>
  field.type === "boolean" ? (value === "true" ? "Yes" : "No") : value;

function chipSummary(field: Field, filter: FieldFilter | undefined): string | null {
  if (!filter) return null;
  if (filter.empty === true) return "no value";
  if (filter.empty === false && !filter.values?.length && filter.gte === undefined && filter.lte === undefined)
    return "any value";
  if (filter.values?.length) return filter.values.map((v) => valueLabel(field, v)).join(", ");
  if (filter.gte !== undefined && filter.lte !== undefined) return `${filter.gte}–${filter.lte}`;
  if (filter.gte !== undefined) return `≥ ${filter.gte}`;
  if (filter.lte !== undefined) return `≤ ${filter.lte}`;
  return null;
}

interface Props {
  fields: Field[];
  query: FindQuery;
  facets: Facets | undefined;
  onQuery: (next: FindQuery) => void;
  /** The bar asks for facets while a pick list is open. */
  onOpenChange: (open: boolean) => void;
}

/**
 * One chip per field: a pick list (enum, boolean, tags) with how many videos have each value
 * under the rest of the query, or a number range; an active chip says what it keeps and has
 * its own remove button.
 */
export function FilterBar({ fields, query, facets, onQuery, onOpenChange }: Props) {
  const [open, setOpen] = useState<string | null>(null);
  useEffect(() => onOpenChange(open !== null), [open]);
  const shown = fields.filter(filterable);
  if (!shown.length) return null;
  const openField = shown.find((f) => f.key === open) ?? null;

  return (
    <div class="filter-bar">
      <ul class="filter-bar__chips" aria-label="Filter by field">
        {shown.map((field) => {
          const summary = chipSummary(field, query.fields[field.key]);
          return (
            <li key={field.key} class={summary ? "filter-chip filter-chip--active" : "filter-chip"}>
              <button
                type="button"
                class="filter-chip__open"
                aria-expanded={open === field.key}
                aria-controls="filter-panel"
                onClick={() => setOpen(open === field.key ? null : field.key)}
              >
                {field.label}
                {summary && <span class="filter-chip__value">: {summary}</span>}
                <span aria-hidden="true"> ▾</span>
              </button>
              {summary && (
                <button
                  type="button"
                  class="filter-chip__remove"
                  aria-label={`Remove the ${field.label} filter`}
                  onClick={() => onQuery(withField(query, field.key, null))}
                >
                  ×
                </button>
              )}
            </li>
          );
        })}
        {isFiltering(query) && (
          <li>
            <button
              type="button"
              class="link-button"
              onClick={() => onQuery({ fields: {}, sort: query.sort, order: query.order })}
            >
              Clear all filters
            </button>
          </li>
        )}
      </ul>
      {openField && (
        <FilterPanel
          field={openField}
          filter={query.fields[openField.key]}
          facet={facets?.fields[openField.key]}
          onChange={(filter) => onQuery(withField(query, openField.key, filter))}
          onClose={() => setOpen(null)}
        />
      )}
    </div>
  );
}

function FilterPanel({
  field,
  filter,
  facet,
  onChange,
  onClose,
}: {
  field: Field;
  filter: FieldFilter | undefined;
  facet: ValueFacet | NumberFacet | undefined;
  onChange: (filter: FieldFilter | null) => void;
  onClose: () => void;
}) {
  const panel = useRef<HTMLFieldSetElement>(null);
  useEffect(() => {
    panel.current?.querySelector<HTMLElement>("input")?.focus();
  }, [field.key]);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "Escape") return;
    event.stopPropagation();
    onClose();
    document.querySelector<HTMLElement>(`.filter-chip__open[aria-expanded="true"]`)?.focus();
  };
  return (
    <fieldset id="filter-panel" class="filter-panel" ref={panel} onKeyDown={onKeyDown}>
      <legend>{field.label}</legend>
      {field.type === "number" ? (
        <RangeFilter filter={filter} facet={facet && "min" in facet ? facet : undefined} onChange={onChange} />
      ) : (
        <ValueFilter
          field={field}
          filter={filter}
          facet={facet && "values" in facet ? facet : undefined}
          onChange={onChange}
        />
      )}
      <button type="button" class="button button--small" onClick={onClose}>
        Done
      </button>
    </fieldset>
  );
}

function ValueFilter({
  field,
  filter,
  facet,
  onChange,
}: {
  field: Field;
  filter: FieldFilter | undefined;
  facet: ValueFacet | undefined;
  onChange: (filter: FieldFilter | null) => void;
}) {
  const chosen = new Set(filter?.values ?? []);
  const counts = new Map((facet?.values ?? []).map((v) => [String(v.value), v.count]));
  // The field's own options first (so a value no video has yet can still be picked), then any others the facets found.
  const options =
    field.type === "boolean" ? ["true", "false"] : [...new Set([...(field.options ?? []), ...counts.keys()])];
  const toggle = (value: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(value);
    else next.delete(value);
    onChange(next.size ? { values: [...next] } : null);
  };
  return (
    <ul class="filter-panel__options">
      {options.map((value) => (
        <li key={value}>
          <label>
            <input
              type="checkbox"
              checked={chosen.has(value)}
              onChange={(e) => toggle(value, e.currentTarget.checked)}
            />
            <span>{valueLabel(field, value)}</span>
            <span class="filter-panel__count">{facet ? formatNumber(counts.get(value) ?? 0) : ""}</span>
          </label>
        </li>
      ))}
      <li>
        <label>
          <input
            type="checkbox"
            checked={filter?.empty === true}
            onChange={(e) => onChange(e.currentTarget.checked ? { empty: true } : null)}
          />
          <span>No value</span>
          <span class="filter-panel__count">{facet ? formatNumber(facet.empty) : ""}</span>
        </label>
      </li>
    </ul>
  );
}

function RangeFilter({
  filter,
  facet,
  onChange,
}: {
  filter: FieldFilter | undefined;
  facet: NumberFacet | undefined;
  onChange: (filter: FieldFilter | null) => void;
}) {
  const [gte, setGte] = useState(filter?.gte?.toString() ?? "");
  const [lte, setLte] = useState(filter?.lte?.toString() ?? "");
  const apply = (event: Event) => {
    event.preventDefault();
    const min = gte.trim() === "" ? undefined : Number(gte);
    const max = lte.trim() === "" ? undefined : Number(lte);
    onChange(min === undefined && max === undefined ? null : { gte: min, lte: max });
  };
  return (
    <form class="filter-panel__range" onSubmit={apply}>
      <label>
        <span>From</span>
        <input
          type="number"
          inputMode="decimal"
          value={gte}
          placeholder={facet?.min?.toString() ?? ""}
          onInput={(e) => setGte(e.currentTarget.value)}
        />
      </label>
      <label>
        <span>To</span>
        <input
          type="number"
          inputMode="decimal"
          value={lte}
          placeholder={facet?.max?.toString() ?? ""}
          onInput={(e) => setLte(e.currentTarget.value)}
        />
      </label>
      <button type="submit" class="button button--small button--primary">
        Apply
      </button>
    </form>
  );
}
