import { useEffect } from "preact/hooks";

/** Each route names the tab: "Talks · Tubelist", so history, tabs and screen readers tell pages apart. */
export function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = title ? `${title} · Tubelist` : "Tubelist";
  }, [title]);
}
