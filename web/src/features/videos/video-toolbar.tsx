import { useEffect, useState } from "preact/hooks";
import type { VideoSort, VideoStatus } from "../../../../src/shared/constants";
import { VIDEO_SORTS, VIDEO_STATUSES } from "../../../../src/shared/constants";
import type { VideoFilters } from "../../api/endpoints";
import { VIDEO_LABEL } from "../../components/status";

const SORT_LABEL: Record<VideoSort, string> = {
  createdAt: "Date added",
  title: "Title",
  publishedAt: "Published",
  durationSeconds: "Duration",
  viewCount: "Views",
};

/** Reads the table's filters from the query string, dropping values the API would reject. */
export function filtersFromQuery(params: URLSearchParams): VideoFilters {
  const status = params.get("status");
  const sort = params.get("sort");
  const order = params.get("order");
  return {
    q: params.get("q")?.trim() || undefined,
    status: VIDEO_STATUSES.includes(status as VideoStatus) ? (status as VideoStatus) : undefined,
    sort: VIDEO_SORTS.includes(sort as VideoSort) ? (sort as VideoSort) : undefined,
    order: order === "asc" || order === "desc" ? order : undefined,
  };
}

interface Props {
  filters: VideoFilters;
  onChange: (patch: Record<string, string | null>) => void;
  onChooseColumns: () => void;
}

/** Search, status filter and sort; every change lands in the URL so it can be shared and reloaded. */
export function VideoToolbar({ filters, onChange, onChooseColumns }: Props) {
  const [q, setQ] = useState(filters.q ?? "");
  // Typing updates the URL after a pause, not on every key.
  useEffect(() => {
    if ((filters.q ?? "") === q.trim()) return;
    const timer = setTimeout(() => onChange({ q: q.trim() || null }), 300);
    return () => clearTimeout(timer);
  }, [q]);
  useEffect(() => setQ(filters.q ?? ""), [filters.q]);

  const order = filters.order ?? "desc";
  return (
    <div class="toolbar">
      <label class="field toolbar__search">
        <span class="visually-hidden">Search videos</span>
        <input
          type="search"
          data-shortcut="search"
          aria-keyshortcuts="/"
          placeholder="Search title, channel, description…"
          value={q}
          onInput={(e) => setQ(e.currentTarget.value)}
        />
      </label>
      <label class="field toolbar__select toolbar__status">
        <span class="visually-hidden">Status</span>
        <select value={filters.status ?? ""} onChange={(e) => onChange({ status: e.currentTarget.value || null })}>
          <option value="">All statuses</option>
          {VIDEO_STATUSES.map((status) => (
            <option key={status} value={status}>
              {VIDEO_LABEL[status]}
            </option>
          ))}
        </select>
      </label>
      <label class="field toolbar__select">
        <span class="visually-hidden">Sort by</span>
        <select
          value={filters.sort ?? "createdAt"}
          onChange={(e) => onChange({ sort: e.currentTarget.value === "createdAt" ? null : e.currentTarget.value })}
        >
          {VIDEO_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              Sort: {SORT_LABEL[sort]}
            </option>
          ))}
        </select>
      </label>
      {/* The visible words are the accessible name (WCAG 2.5.3); the title says what a press does. */}
      <button
        type="button"
        class="button"
        onClick={() => onChange({ order: order === "desc" ? "asc" : null })}
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
