import type { DuplicateEntry, InvalidEntry, Video } from "../../../../src/shared/schemas/videos";
import { useAnnounce } from "../../lib/announce";
import { plural } from "../../lib/format";

export interface ImportReportProps {
  /** Bulk paste returns the new videos; CSV import returns a count. */
  added: Video[] | number;
  duplicates: DuplicateEntry[] | number;
  invalid: InvalidEntry[];
}

const count = (value: unknown[] | number) => (typeof value === "number" ? value : value.length);

/** What happened to every line the user sent: added, already there, or rejected and why. */
export function ImportReport({ added, duplicates, invalid }: ImportReportProps) {
  const addedCount = count(added);
  const duplicateCount = count(duplicates);
  const sorted = [...invalid].sort((a, b) => a.line - b.line);
  useAnnounce(
    `${addedCount} added, ${duplicateCount} ${duplicateCount === 1 ? "duplicate" : "duplicates"}, ${invalid.length} invalid.`,
  );
  return (
    <section class="report" aria-label="Import report">
      <p class="report__summary">
        <span class="report__pill report__pill--added">{addedCount} added</span>
        <span class="report__pill report__pill--duplicate">
          {duplicateCount} {duplicateCount === 1 ? "duplicate" : "duplicates"}
        </span>
        <span class="report__pill report__pill--invalid">{invalid.length} invalid</span>
      </p>
      {sorted.length > 0 && (
        <details class="report__group" open>
          <summary>{plural(sorted.length, "line")} could not be added</summary>
          <ul class="report__lines">
            {sorted.map((entry) => (
              <li key={`i${entry.line}`} class="report__line report__line--invalid">
                <span class="report__lineno">Line {entry.line}</span>
                <code class="report__input">{entry.input || "(empty)"}</code>
                <span class="report__reason">{entry.reason}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {Array.isArray(duplicates) && duplicates.length > 0 && (
        <details class="report__group">
          <summary>{plural(duplicates.length, "line")} already in the list</summary>
          <ul class="report__lines">
            {[...duplicates]
              .sort((a, b) => a.line - b.line)
              .map((entry) => (
                <li key={`d${entry.line}`} class="report__line report__line--duplicate">
                  <span class="report__lineno">Line {entry.line}</span>
                  <code class="report__input">{entry.input}</code>
                  <span class="report__reason">Already in this list</span>
                </li>
              ))}
          </ul>
        </details>
      )}
      {Array.isArray(added) && added.length > 0 && (
        <details class="report__group">
          <summary>{plural(added.length, "video")} added</summary>
          <ul class="report__lines">
            {added.map((video) => (
              <li key={video.id} class="report__line report__line--added">
                <code class="report__input">{video.url}</code>
                <span class="report__reason">Added, waiting to be processed</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
