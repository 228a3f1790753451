import { useState } from "preact/hooks";
import { Tabs } from "../../components/tabs";
import { CsvImport } from "./csv-import";
import { PasteBox } from "./paste-box";

type Tab = "paste" | "csv";
const TABS: { value: Tab; label: string }[] = [
  { value: "paste", label: "Paste links" },
  { value: "csv", label: "Import CSV" },
];

/** The two ways in: paste links or import a CSV, as tabs in one panel. */
export function AddVideosPanel({ listId, onAdded }: { listId: string; onAdded: (count: number) => void }) {
  const [tab, setTab] = useState<Tab>("paste");
  return (
    <section class="card section add-videos" aria-label="Add videos">
      <Tabs id="add" label="How to add videos" tabs={TABS} selected={tab} onSelect={setTab}>
        {tab === "paste" ? (
          <PasteBox listId={listId} onAdded={onAdded} />
        ) : (
          <CsvImport listId={listId} onAdded={onAdded} />
        )}
      </Tabs>
    </section>
  );
}
