import { useEffect, useState } from "preact/hooks";
import type { VideoSort } from "../../../../src/shared/constants";
import { VIDEO_SORTS, VIDEO_STATUSES } from "../../../../src/shared/constants";
import type { Field } from "../../../../src/shared/schemas/fields";
import { VIDEO_LABEL } from "../../components/status";
import type { FindQuery } from "../find/find-query";

const SORT_LABEL: Record<VideoSort, string> = {
  createdAt: "Date added",
  title: "Title",
  publishedAt: "Published",
  durationSeconds: "Duration",
  viewCount: "Views",
};
/** The status select also offers "Needs rerun", which is its own filter (needsRerun=true). */
const NEEDS_RERUN = "needsRerun";

interface Props {
  query: FindQuery;
  fields: Field[];
  onQuery: (next: FindQuery) => void;
  onChooseColumns: () => void;
}

/** Search, status filter and sort (any column, fields included); every change lands in the URL. */
export function VideoToolbar({ query, fields, onQuery, onChooseColumns }: Props) {
  const [q, setQ] = useState(query.q ?? "");
  // Typing updates the URL after a pause, not on every key.
  useEffect(() => {
    if ((query.q ?? "") === q.trim()) return;
    const timer = setTimeout(() => {
      const text = q.trim() || undefined;
      // Relevance means nothing without a search.
      onQuery({ ...query, q: text, sort: !text && query.sort === "relevance" ? undefined : query.sort });
    }, 300);
    return () => clearTimeout(timer);
  }, [q]);
  useEffect(() => setQ(query.q ?? ""), [query.q]);

  const order = query.order ?? "desc";
  const statusValue = query.needsRerun ? NEEDS_RERUN : (query.status ?? "");
  const defaultSort = query.q ? "relevance" : "createdAt";
  return (
    <div class="toolbar">
      <label class="field toolbar__search">
        <span class="visually-hidden">Search videos</span>
        <input
          type="search"
          data-shortcut="search"
          aria-keyshortcuts="/"
          placeholder="Search titles, channels, descriptions, fields…"
          value={q}
          onInput={(e) => setQ(e.currentTarget.value)}
        />
      </label>
      <label class="field toolbar__select toolbar__status">
        <span class="visually-hidden">Status</span>
        <select
          value={statusValue}
          onChange={(e) => {
            const value = e.currentTarget.value;
            onQuery({
              ...query,
              needsRerun: value === NEEDS_RERUN || undefined,
              status: value && value !== NEEDS_RERUN ? (value as FindQuery["status"]) : undefined,
            });
          }}
        >
          <option value="">All statuses</option>
          {VIDEO_STATUSES.map((status) => (
            <option key={status} value={status}>
              {VIDEO_LABEL[status]}
            </option>
          ))}
          <option value={NEEDS_RERUN}>Needs rerun</option>
        </select>
      </label>
      <label class="field toolbar__select">
        <span class="visually-hidden">Sort by</span>
        <select
          value={query.sort ?? defaultSort}
          onChange={(e) => {
            const value = e.currentTarget.value;
            onQuery({ ...query, sort: value === defaultSort ? undefined : value });
          }}
        >
          {query.q && <option value="relevance">Sort: Best match</option>}
          {VIDEO_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              Sort: {SORT_LABEL[sort]}
            </option>
          ))}
          {fields.map((field) => (
            <option key={field.key} value={`field.${field.key}`}>
              Sort: {field.label}
            </option>
          ))}
        </select>
      </label>
      {/* The visible words are the accessible name (WCAG 2.5.3); the title says what a press does. */}
      <button
        type="button"
        class="button"
        onClick={() => onQuery({ ...query, order: order === "desc" ? "asc" : undefined })}
        title={order === "desc" ? "Switch to ascending order" : "Switch to descending order"}
      >
        <span aria-hidden="true">{order === "desc" ? "↓" : "↑"}</span> {order === "desc" ? "Descending" : "Ascending"}
      </button>
      <button type="button" class="button toolbar__columns" onClick={onChooseColumns}>
        Columns
      </button>
    </div>
  );
}
