import { useRef, useState } from "preact/hooks";
import { LIMITS } from "../../../../src/shared/constants";
import type { ImportResult } from "../../../../src/shared/schemas/videos";
import { sourcesApi } from "../../api/source-endpoints";
import { InlineError } from "../../components/states";
import { formatNumber } from "../../lib/format";
import { ImportReport } from "./import-report";

function checkFile(file: File): string | null {
  if (!/\.csv$/i.test(file.name) && file.type !== "text/csv") return `"${file.name}" is not a CSV file.`;
  if (file.size > LIMITS.csvBodyBytes) return `"${file.name}" is larger than ${LIMITS.csvBodyBytes / 1024 / 1024} MB.`;
  if (file.size === 0) return `"${file.name}" is empty.`;
  return null;
}

/** Drop a CSV (or pick one) with a `url` or `video_id` column; the report says what happened per row. */
export function CsvImport({ listId, onAdded }: { listId: string; onAdded: (count: number) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [report, setReport] = useState<{ name: string; result: ImportResult } | null>(null);

  const upload = async (file: File | undefined) => {
    if (!file) return;
    const problem = checkFile(file);
    setError(problem ? new Error(problem) : null);
    if (problem) return;
    setBusy(true);
    setReport(null);
    try {
      const result = await sourcesApi.importCsv(listId, file);
      setReport({ name: file.name, result });
      if (result.added) onAdded(result.added);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = "";
    }
  };

  return (
    <div class="stack">
      {/* biome-ignore lint/a11y/noStaticElementInteractions: dropping is a mouse shortcut; the file picker inside is the keyboard path */}
      <div
        class={`dropzone${dragging ? " dropzone--active" : ""}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          void upload(event.dataTransfer?.files[0]);
        }}
      >
        <p>{busy ? "Importing…" : "Drop a CSV file here"}</p>
        <p class="muted small">
          Needs a header row with a <code>url</code> or <code>video_id</code> column. Up to{" "}
          {formatNumber(LIMITS.csvRows)} rows, 5 MB.
        </p>
        <label class="button">
          Choose file…
          <input
            ref={input}
            class="visually-hidden"
            type="file"
            accept=".csv,text/csv"
            disabled={busy}
            onChange={(event) => void upload(event.currentTarget.files?.[0])}
          />
        </label>
      </div>
      <InlineError error={error} />
      {report && (
        <>
          <p class="muted small">Imported {report.name}</p>
          <ImportReport
            added={report.result.added}
            duplicates={report.result.duplicates}
            invalid={report.result.invalid}
          />
        </>
      )}
    </div>
  );
}
