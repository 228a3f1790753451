import { useState } from "preact/hooks";
import { Tabs } from "../../components/tabs";
import { CsvImport } from "./csv-import";
import { PasteBox } from "./paste-box";
import { SourceImport } from "./source-import";

type Tab = "paste" | "csv" | "source";
const TABS: { value: Tab; label: string }[] = [
  { value: "paste", label: "Paste links" },
  { value: "csv", label: "Import CSV" },
  { value: "source", label: "From playlist or channel" },
];

/** The ways in: paste links, import a CSV, or take a playlist or channel, as tabs in one panel. */
export function AddVideosPanel({ listId, onAdded }: { listId: string; onAdded: (count: number) => void }) {
  const [tab, setTab] = useState<Tab>("paste");
  return (
    <section class="card section add-videos" aria-label="Add videos">
      <Tabs id="add" label="How to add videos" tabs={TABS} selected={tab} onSelect={setTab}>
        {tab === "paste" ? (
          <PasteBox listId={listId} onAdded={onAdded} />
        ) : tab === "csv" ? (
          <CsvImport listId={listId} onAdded={onAdded} />
        ) : (
          <SourceImport listId={listId} onAdded={onAdded} />
        )}
      </Tabs>
    </section>
  );
}
