import type { ComponentChildren } from "preact";
import { useRef } from "preact/hooks";
import { nextIndex } from "../lib/roving";

interface Props<T extends string> {
  /** Prefix for the ids tying each tab to its panel. */
  id: string;
  label: string;
  tabs: { value: T; label: string }[];
  selected: T;
  onSelect: (value: T) => void;
  children: ComponentChildren;
}

/**
 * WAI-ARIA tabs: one Tab stop for the whole tab list (the selected tab), ← → Home End move and
 * select, the panel follows.
 */
export function Tabs<T extends string>({ id, label, tabs, selected, onSelect, children }: Props<T>) {
  const list = useRef<HTMLDivElement>(null);
  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.findIndex((tab) => tab.value === selected);
    const next = nextIndex(event.key, index, tabs.length, { orientation: "horizontal", wrap: true });
    const tab = next === null ? undefined : tabs[next];
    if (!tab) return;
    event.preventDefault();
    onSelect(tab.value);
    list.current?.querySelector<HTMLElement>(`#${id}-tab-${tab.value}`)?.focus();
  };
  return (
    <>
      <div class="tabs" role="tablist" aria-label={label} ref={list} onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.value}
            type="button"
            role="tab"
            id={`${id}-tab-${tab.value}`}
            aria-selected={tab.value === selected}
            aria-controls={`${id}-panel`}
            tabIndex={tab.value === selected ? 0 : -1}
            class={`tab${tab.value === selected ? " tab--active" : ""}`}
            onClick={() => onSelect(tab.value)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${selected}`}>
        {children}
      </div>
    </>
  );
}
