import { signal } from "@preact/signals";
import { announce } from "../lib/announce";

export type ToastKind = "info" | "success" | "warning" | "error";
export interface ToastAction {
  label: string;
  run: () => void;
  /** A key that runs the action from anywhere while the toast shows (Z for Undo): see runToastKey. */
  key?: string;
}
/**
 * A toast and, when it expires, its clock: `leftMs` of showing time, counted from `startedAt`
 * while it runs. Clocks stop while focus is inside the notifications (WCAG 2.2.1: a person who
 * reaches a toast's Undo by keyboard gets the time they need), and go on with what was left. Not
 * on hover: a pointer resting where a toast appears (after clicking a panel's Delete) would hold
 * it, and its deletion, for as long as the mouse does not move.
 */
interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  body?: string;
  action?: ToastAction;
  /** Runs when the toast goes without its action: expired, closed with ×, pushed out. */
  onDismiss?: () => void;
  leftMs?: number;
  startedAt?: number;
  timer?: ReturnType<typeof setTimeout>;
}

const toasts = signal<Toast[]>([]);
let nextId = 1;
const VISIBLE_MS = 6_000;
/** At most this many toasts show; a new one pushes the oldest out. */
const MAX_SHOWN = 4;
/** Whether focus is inside the notifications, which stops the clocks. */
let held = false;

function run(t: Toast) {
  t.startedAt = Date.now();
  t.timer = setTimeout(() => leave(t, true), t.leftMs);
}

function hold(on: boolean) {
  if (held === on) return;
  held = on;
  for (const t of toasts.value) {
    if (t.leftMs === undefined) continue;
    if (held) {
      clearTimeout(t.timer);
      t.leftMs -= Date.now() - (t.startedAt ?? 0);
    } else run(t);
  }
}

/**
 * A passing message, seen as a toast and heard once through the live region. With an action
 * (Undo) it stays `visibleMs` and the action's button dismisses it; `onDismiss` runs when it goes
 * without the action. Returns a function that removes it quietly (neither the action nor
 * `onDismiss` runs).
 */
export function toast(
  kind: ToastKind,
  title: string,
  body?: string,
  options: { action?: ToastAction; visibleMs?: number; onDismiss?: () => void } = {},
): () => void {
  const t: Toast = { id: nextId++, kind, title, body, action: options.action, onDismiss: options.onDismiss };
  for (const pushedOut of toasts.value.slice(0, 1 - MAX_SHOWN)) leave(pushedOut, true);
  toasts.value = [...toasts.value, t];
  announce(sentences(title, body, options.action && actionHintFor(options.action)));
  // Errors stay until dismissed: they usually need reading.
  if (kind !== "error") {
    t.leftMs = options.visibleMs ?? VISIBLE_MS;
    if (!held) run(t);
  }
  return () => leave(t, false);
}

/** Takes a toast away; `dismissed` says it went without its action, so its onDismiss runs. */
function leave(t: Toast, dismissed: boolean) {
  if (!toasts.value.includes(t)) return;
  clearTimeout(t.timer);
  toasts.value = toasts.value.filter((other) => other !== t);
  // Focus may have been on this toast's button, gone with it (a removed element sends no focusout
  // everywhere): once the stack has re-rendered, the hold lasts only if focus is still inside.
  if (held) setTimeout(() => hold(!!document.querySelector(".toasts")?.contains(document.activeElement)));
  if (dismissed) t.onDismiss?.();
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
  leave(t, false);
  t.action.run();
  return true;
}

/** The stack of toasts. Not a live region itself: announce() already said each one. */
export function Toasts() {
  return (
    <section
      class="toasts"
      aria-label="Notifications"
      onFocusIn={() => hold(true)}
      onFocusOut={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) hold(false);
      }}
    >
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
                leave(t, false);
                t.action?.run();
              }}
            >
              {t.action.label}
            </button>
          )}
          <button type="button" class="icon-button" aria-label={`Dismiss: ${t.title}`} onClick={() => leave(t, true)}>
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
