import { signal } from "@preact/signals";
import { useEffect } from "preact/hooks";

/**
 * What screen readers hear, through the app's single live region (components/live-region.tsx).
 * Everything that wants to be heard (toasts, job milestones, failures, the connection) calls
 * announce(); nothing else on the page is a live region, so nothing is read twice.
 */
export const announcement = signal<{ text: string; n: number }>({ text: "", n: 0 });

export function announce(text: string) {
  if (!text.trim()) return;
  // `n` changes even for the same words, so a repeated message is read again.
  announcement.value = { text, n: announcement.value.n + 1 };
}

/** Announces `text` whenever it appears or changes (an error under a form, a report's summary). */
export function useAnnounce(text: string | null | undefined) {
  useEffect(() => {
    if (text) announce(text);
  }, [text]);
}
