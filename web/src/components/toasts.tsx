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
/** At most this many toasts show; a new one pushes the oldest out. */
const MAX_SHOWN = 4;

/**
 * Each expiring toast's clock. Clocks stop while the pointer is over the notifications or focus
 * is inside them (WCAG 2.2.1: a person reading a toast or reaching for its Undo gets the time
 * they need), and go on with what was left.
 */
interface Clock {
  leftMs: number;
  startedAt: number;
  timer?: ReturnType<typeof setTimeout>;
}
const clocks = new Map<number, Clock>();
/** Called when a toast leaves without its action having run: it expired, was closed or pushed out. */
const onDismissed = new Map<number, () => void>();
const holds = { pointer: false, focus: false };
const held = () => holds.pointer || holds.focus;

function run(id: number, clock: Clock) {
  clock.startedAt = Date.now();
  clock.timer = setTimeout(() => leave(id, true), clock.leftMs);
}

function hold(reason: keyof typeof holds, on: boolean) {
  const before = held();
  holds[reason] = on;
  if (before === held()) return;
  for (const [id, clock] of clocks) {
    if (held()) {
      clearTimeout(clock.timer);
      clock.leftMs -= Date.now() - clock.startedAt;
    } else run(id, clock);
  }
}

/**
 * A passing message, seen as a toast and heard once through the live region. With an action
 * (Undo) it stays `visibleMs` and the action's button dismisses it; `onDismiss` runs when it goes
 * without the action (expired, closed with ×, pushed out by newer toasts). Returns a function that
 * removes it quietly (neither the action nor `onDismiss` runs).
 */
export function toast(
  kind: ToastKind,
  title: string,
  body?: string,
  options: { action?: ToastAction; visibleMs?: number; onDismiss?: () => void } = {},
): () => void {
  const id = nextId++;
  const shown = [...toasts.value, { id, kind, title, body, action: options.action }];
  toasts.value = shown.slice(-MAX_SHOWN);
  if (options.onDismiss) onDismissed.set(id, options.onDismiss);
  for (const pushedOut of shown.slice(0, -MAX_SHOWN)) leave(pushedOut.id, true);
  announce(sentences(title, body, options.action && actionHintFor(options.action)));
  // Errors stay until dismissed: they usually need reading.
  if (kind !== "error") {
    const clock: Clock = { leftMs: options.visibleMs ?? VISIBLE_MS, startedAt: Date.now() };
    clocks.set(id, clock);
    if (!held()) run(id, clock);
  }
  return () => leave(id, false);
}

/** Takes a toast away; `dismissed` says it went without its action, so its onDismiss runs. */
function leave(id: number, dismissed: boolean) {
  clearTimeout(clocks.get(id)?.timer);
  clocks.delete(id);
  const callback = onDismissed.get(id);
  onDismissed.delete(id);
  toasts.value = toasts.value.filter((t) => t.id !== id);
  if (dismissed) callback?.();
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
  leave(t.id, false);
  t.action.run();
  return true;
}

/** The stack of toasts. Not a live region itself: announce() already said each one. */
export function Toasts() {
  return (
    <section
      class="toasts"
      aria-label="Notifications"
      onMouseEnter={() => hold("pointer", true)}
      onMouseLeave={() => hold("pointer", false)}
      onFocusIn={() => hold("focus", true)}
      onFocusOut={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) hold("focus", false);
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
                leave(t.id, false);
                t.action?.run();
              }}
            >
              {t.action.label}
            </button>
          )}
          <button
            type="button"
            class="icon-button"
            aria-label={`Dismiss: ${t.title}`}
            onClick={() => leave(t.id, true)}
          >
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
