import { signal } from "@preact/signals";
import { announce } from "../lib/announce";

export type ToastKind = "info" | "success" | "warning" | "error";
export interface ToastAction {
  label: string;
  run: () => void;
  /** A key that runs the action from anywhere while the toast shows (Z for Undo): see runToastKey. */
  key?: string;
}
interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  body?: string;
  action?: ToastAction;
}

const toasts = signal<Toast[]>([]);
let nextId = 1;
const VISIBLE_MS = 6_000;

/**
 * A passing message, seen as a toast and heard once through the live region. With an action
 * (Undo) it stays `visibleMs` and the action's button dismisses it. Returns a dismiss function.
 */
export function toast(
  kind: ToastKind,
  title: string,
  body?: string,
  options: { action?: ToastAction; visibleMs?: number } = {},
): () => void {
  const id = nextId++;
  toasts.value = [...toasts.value.slice(-3), { id, kind, title, body, action: options.action }];
  announce(sentences(title, body, options.action && actionHintFor(options.action)));
  // Errors stay until dismissed: they usually need reading.
  if (kind !== "error") setTimeout(() => dismiss(id), options.visibleMs ?? VISIBLE_MS);
  return () => dismiss(id);
}

/** "Title. Body. Hint.": each part ends with a full stop unless it already ends a sentence. */
const sentences = (...parts: (string | undefined)[]) =>
  parts
    .filter((part): part is string => !!part)
    .map((part) => (/[.!?…]$/.test(part) ? part : `${part}.`))
    .join(" ");

function actionHintFor({ label, key }: ToastAction): string {
  return key
    ? `Press ${key.toUpperCase()} to ${label.toLowerCase()}, or use ${label} in the notifications.`
    : `${label} is in the notifications.`;
}

/**
 * Runs the action of the newest showing toast whose key is `key` (the keyboard shortcuts call it),
 * so a keyboard user need not Tab to the notifications at the end of the page. False if none.
 */
export function runToastKey(key: string): boolean {
  const wanted = key.toLowerCase();
  const t = toasts.value.findLast((candidate) => candidate.action?.key === wanted);
  if (!t?.action) return false;
  dismiss(t.id);
  t.action.run();
  return true;
}

function dismiss(id: number) {
  toasts.value = toasts.value.filter((t) => t.id !== id);
}

/** The stack of toasts. Not a live region itself: announce() already said each one. */
export function Toasts() {
  return (
    <section class="toasts" aria-label="Notifications">
      {toasts.value.map((t) => (
        <div key={t.id} class={`toast toast--${t.kind}`}>
          <div class="toast__text">
            <strong>{t.title}</strong>
            {t.body && <div class="toast__body">{t.body}</div>}
          </div>
          {t.action && (
            <button
              type="button"
              class="button button--small toast__action"
              onClick={() => {
                dismiss(t.id);
                t.action?.run();
              }}
            >
              {t.action.label}
            </button>
          )}
          <button type="button" class="icon-button" aria-label={`Dismiss: ${t.title}`} onClick={() => dismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
