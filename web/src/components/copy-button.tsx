import { useState } from "preact/hooks";
import { announce } from "../lib/announce";

/** Copies text and says so for a moment; falls back to selecting it when the clipboard is denied. */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
      announce("Copied to the clipboard.");
    } catch {
      setState("failed");
      announce("Copying failed: select the text and copy it manually.");
    }
    setTimeout(() => setState("idle"), 2_000);
  };
  return (
    <button type="button" class="button" onClick={copy}>
      {state === "copied" ? "Copied ✓" : state === "failed" ? "Select and copy manually" : label}
    </button>
  );
}
