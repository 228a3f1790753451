import type { ComponentChildren } from "preact";
import { ApiError } from "../api/client";
import { useAnnounce } from "../lib/announce";

/** Loading, empty and error states, so every screen says what is going on in the same voice. */

export function Spinner({ label = "Loading…" }: { label?: string }) {
  return (
    <div class="state state--loading">
      <span class="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="state state--empty">
      <p class="state__title">{title}</p>
      {children && <div class="state__body">{children}</div>}
    </div>
  );
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const notFound = error instanceof ApiError && error.status === 404;
  useAnnounce(notFound ? "Not found." : `Couldn't load this. ${errorMessage(error)}`);
  return (
    <div class="state state--error">
      <p class="state__title">{notFound ? "Not found" : "Couldn't load this"}</p>
      <p class="state__body">{notFound ? "It may have been deleted, or the link is wrong." : errorMessage(error)}</p>
      {onRetry && !notFound && (
        <button type="button" class="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** An error under a form or next to an action, announced when it appears. */
export function InlineError({ error }: { error: unknown }) {
  useAnnounce(error ? errorMessage(error) : null);
  if (!error) return null;
  return <p class="inline-error">{errorMessage(error)}</p>;
}
