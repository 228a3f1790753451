import { useState } from "preact/hooks";
import { CsvImport } from "./csv-import";
import { PasteBox } from "./paste-box";

type Tab = "paste" | "csv";

/** The two ways in: paste links or import a CSV, as tabs in one panel. */
export function AddVideosPanel({ listId, onAdded }: { listId: string; onAdded: (count: number) => void }) {
  const [tab, setTab] = useState<Tab>("paste");
  const tabButton = (id: Tab, label: string) => (
    <button
      type="button"
      role="tab"
      id={`add-tab-${id}`}
      aria-selected={tab === id}
      aria-controls={`add-panel-${id}`}
      class={`tab${tab === id ? " tab--active" : ""}`}
      onClick={() => setTab(id)}
    >
      {label}
    </button>
  );
  return (
    <section class="card section add-videos" aria-label="Add videos">
      <div class="tabs" role="tablist">
        {tabButton("paste", "Paste links")}
        {tabButton("csv", "Import CSV")}
      </div>
      <div role="tabpanel" id={`add-panel-${tab}`} aria-labelledby={`add-tab-${tab}`}>
        {tab === "paste" ? (
          <PasteBox listId={listId} onAdded={onAdded} />
        ) : (
          <CsvImport listId={listId} onAdded={onAdded} />
        )}
      </div>
    </section>
  );
}
