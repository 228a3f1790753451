import type { ComponentChildren } from "preact";
import { useEffect, useId, useRef, useState } from "preact/hooks";
import "../styles/more-menu.css";

export interface MoreMenuItem {
  label: string;
  onSelect: () => void;
  disabled?: boolean;
}

/**
 * A button that shows a short list of secondary actions (the disclosure pattern: a button with
 * `aria-expanded` and the buttons it reveals, not an ARIA menu, so every screen reader reads it
 * as what it is). Arrow keys move between the items, Escape and a click elsewhere close it, and
 * closing from inside hands focus back to the button.
 */
export function MoreMenu({ label, items }: { label: ComponentChildren; items: MoreMenuItem[] }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const id = useId();

  useEffect(() => {
    if (!open) return;
    root.current?.querySelector<HTMLButtonElement>(".more-menu__item:not(:disabled)")?.focus();
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open]);

  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };

  useEffect(() => {
    const element = root.current;
    element?.addEventListener("keydown", onKeyDown);
    return () => element?.removeEventListener("keydown", onKeyDown);
  });

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "Escape" && open) {
      event.stopPropagation();
      close();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const buttons = [...(root.current?.querySelectorAll<HTMLButtonElement>(".more-menu__item:not(:disabled)") ?? [])];
    if (!buttons.length) return;
    event.preventDefault();
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const step = event.key === "ArrowDown" ? 1 : -1;
    buttons[(at + step + buttons.length) % buttons.length]?.focus();
  }

  return (
    <div class="more-menu" ref={root}>
      <button
        type="button"
        class="button"
        ref={toggle}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((was) => !was)}
      >
        {label} <span aria-hidden="true">▾</span>
      </button>
      <ul id={id} class="more-menu__items" hidden={!open}>
        {items.map((item) => (
          <li key={item.label}>
            <button
              type="button"
              class="more-menu__item"
              disabled={item.disabled}
              onClick={() => {
                close();
                item.onSelect();
              }}
            >
              {item.label}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
