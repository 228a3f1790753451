import { useState } from "preact/hooks";
import { LIMITS } from "../../../../src/shared/constants";
import type { BulkAddResult } from "../../../../src/shared/schemas/videos";
import { sourcesApi } from "../../api/source-endpoints";
import { describedBy, FormField } from "../../components/form-field";
import { InlineError } from "../../components/states";
import { ImportReport } from "./import-report";

const nonEmptyLines = (text: string) => text.split(/\r?\n/).filter((line) => line.trim()).length;

/** Paste many YouTube links, one per line; every line gets a verdict. */
export function PasteBox({ listId, onAdded }: { listId: string; onAdded: (count: number) => void }) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [report, setReport] = useState<BulkAddResult | null>(null);
  const [busy, setBusy] = useState(false);
  const lines = nonEmptyLines(text);

  const submit = async (event: Event) => {
    event.preventDefault();
    setFailure(null);
    if (lines === 0) return setError("Paste at least one YouTube link or video id.");
    if (lines > LIMITS.bulkUrls) return setError(`At most ${LIMITS.bulkUrls} links at a time; you have ${lines}.`);
    setError(null);
    setBusy(true);
    try {
      const result = await sourcesApi.bulkAdd(listId, text);
      setReport(result);
      // Leave only what failed in the box, so it can be fixed and sent again.
      setText(
        [...result.invalid]
          .sort((a, b) => a.line - b.line)
          .map((entry) => entry.input)
          .join("\n"),
      );
      if (result.added.length) onAdded(result.added.length);
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="stack" onSubmit={submit} noValidate>
      <FormField
        id="paste-urls"
        label="YouTube links, one per line"
        error={error}
        hint={
          lines
            ? `${lines} ${lines === 1 ? "line" : "lines"}`
            : "Watch, youtu.be, shorts, live and embed links, or bare ids."
        }
      >
        <textarea
          id="paste-urls"
          rows={6}
          value={text}
          spellcheck={false}
          placeholder={"https://www.youtube.com/watch?v=dQw4w9WgXcQ\nhttps://youtu.be/9bZkp7q19f0\nM7lc1UVf-VE"}
          onInput={(e) => {
            setText(e.currentTarget.value);
            if (error) setError(null);
          }}
          aria-invalid={!!error}
          aria-describedby={describedBy("paste-urls", error, true)}
        />
      </FormField>
      <InlineError error={failure} />
      <div>
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? "Adding…" : "Add videos"}
        </button>
      </div>
      {report && <ImportReport added={report.added} duplicates={report.duplicates} invalid={report.invalid} />}
    </form>
  );
}
