import type { ComponentChildren } from "preact";
import { createStore, useStore } from "../lib/store";

export type ToastKind = "info" | "success" | "warning" | "error";
interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  body?: ComponentChildren;
}

const toastStore = createStore<Toast[]>([]);
let nextId = 1;
const VISIBLE_MS = 6_000;

export function toast(kind: ToastKind, title: string, body?: ComponentChildren) {
  const id = nextId++;
  toastStore.update((toasts) => [...toasts.slice(-4), { id, kind, title, body }]);
  // Errors stay until dismissed: they usually need reading.
  if (kind !== "error") setTimeout(() => dismiss(id), VISIBLE_MS);
}

function dismiss(id: number) {
  toastStore.update((toasts) => toasts.filter((t) => t.id !== id));
}

export function Toasts() {
  const toasts = useStore(toastStore);
  return (
    <section class="toasts" aria-live="polite" aria-label="Notifications">
      {toasts.map((t) => (
        <div key={t.id} class={`toast toast--${t.kind}`} role={t.kind === "error" ? "alert" : "status"}>
          <div class="toast__text">
            <strong>{t.title}</strong>
            {t.body && <div class="toast__body">{t.body}</div>}
          </div>
          <button type="button" class="icon-button" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
