import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { FoundVideo as Video } from "../../api/endpoints";
import { TrashIcon } from "../../components/icons";
import { nextIndex } from "../../lib/roving";
import { useFixedRows } from "../../lib/use-fixed-rows";
import { useMediaQuery } from "../../lib/use-media-query";
import type { Column } from "./columns";
import { ColumnValue, isNumeric, RowMeta, StatusBadges, Thumbnail } from "./video-row-parts";

interface Props {
  videos: Video[];
  /** Visible columns in order (columns.ts); the phone cards show the same ones. */
  columns: Column[];
  pipelineVersion: string | null;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  /** Opens the video; with a field key when its value was clicked, to edit that value. */
  onOpen: (video: Video, fieldKey?: string) => void;
  onDelete: (video: Video) => void;
  selectedId: string | null;
  /** Row checkboxes (bulk actions): which rows are ticked, and ticking by index (shift: a range). */
  checked: {
    has: (id: string) => boolean;
    toggle: (index: number, extend: boolean) => void;
    setLoaded: (selected: boolean) => void;
    count: number;
  };
}

const ROW_HEIGHT = 68;
/** Start fetching the next page this many rows before the end, so scrolling rarely waits. */
const PREFETCH_ROWS = 30;
const THUMB = { wide: { width: 88, height: 50 }, compact: { width: 64, height: 36 } };
const CHECK = 28;
const FIELD_MIN = 140;
const TITLE_MIN = 240;
/** Phone cards: thumbnail and title, then the columns two to a line, label above value. */
const CARD_BASE = 64;
const CARD_LINE = 40;

function template(columns: Column[], compact: boolean): string {
  if (compact) return `${CHECK}px 64px minmax(0, 1fr) 36px`;
  return [
    `${CHECK}px`,
    `${THUMB.wide.width + 8}px`,
    `minmax(${TITLE_MIN}px, 2fr)`,
    ...columns.map((c) => (c.width ? `${c.width}px` : `minmax(${FIELD_MIN}px, 1fr)`)),
    "48px",
  ].join(" ");
}

/**
 * The video table. Only the rows in view (plus a margin) exist in the DOM, so ten thousand
 * videos scroll as smoothly as ten; rows have one fixed height per layout: no measuring, no jumps.
 * At phone width each row is a card showing the same chosen columns under the title.
 *
 * Keyboard: the table is one Tab stop; ↑ ↓ Home End PageUp PageDown move between rows, Space
 * ticks the row (Shift+Space: the range from the last one ticked), Enter opens, Delete deletes,
 * → moves to the row's actions and ← back.
 */
export function VideoTable(props: Props) {
  const { videos, columns, pipelineVersion, hasMore, loadingMore, onLoadMore, onOpen, onDelete, selectedId, checked } =
    props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const compact = useMediaQuery("(max-width: 720px)");
  const cardColumns = columns.filter((c) => c.id !== "status");
  const fieldLabels = Object.fromEntries(columns.flatMap((c) => (c.field ? [[c.field.key, c.field.label]] : [])));
  const rowHeight = compact ? CARD_BASE + Math.ceil(cardColumns.length / 2) * CARD_LINE + 8 : ROW_HEIGHT;
  const { rows, totalSize, scrollToIndex } = useFixedRows(scrollRef, bodyRef, {
    count: videos.length + (hasMore ? 1 : 0),
    rowHeight,
  });
  const lastIndex = rows[rows.length - 1]?.index ?? 0;
  const [active, setActive] = useState(0);
  const focusWanted = useRef(false);
  /** A row deleted from the keyboard: focus waits until it has left, then takes the row in its place. */
  const leaving = useRef<string | null>(null);

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= videos.length - PREFETCH_ROWS) onLoadMore();
  }, [hasMore, loadingMore, lastIndex, videos.length, onLoadMore]);
  useEffect(() => {
    if (active >= videos.length && videos.length) setActive(videos.length - 1);
  }, [videos.length]);

  // After an arrow key, focus the row once it is rendered (it may have just scrolled in); after a
  // delete, the row that took the deleted one's place, so focus stays in the table.
  useLayoutEffect(() => {
    if (!focusWanted.current || (leaving.current && videos[active]?.id === leaving.current)) return;
    const row = bodyRef.current?.querySelector<HTMLElement>(`tr[data-index="${active}"]`);
    if (row) {
      focusWanted.current = false;
      leaving.current = null;
      row.focus();
    }
  });

  const remove = (video: Video) => {
    if (scrollRef.current?.contains(document.activeElement)) {
      focusWanted.current = true;
      leaving.current = video.id;
    }
    onDelete(video);
  };

  // The Tab stop is the active row, or the first rendered one when the active row scrolled away.
  const rendered = rows.filter((row) => row.index < videos.length).map((row) => row.index);
  const tabStop = rendered.includes(active) ? active : (rendered[0] ?? 0);

  const onRowKey = (event: KeyboardEvent, index: number, video: Video) => {
    const onRow = event.target === event.currentTarget;
    if (onRow && event.key === "Enter") {
      event.preventDefault();
      onOpen(video);
      return;
    }
    if (onRow && event.key === " ") {
      event.preventDefault();
      checked.toggle(index, event.shiftKey);
      return;
    }
    if (onRow && event.key === "Delete") {
      event.preventDefault();
      remove(video);
      return;
    }
    if (onRow && event.key === "ArrowRight") {
      event.preventDefault();
      (event.currentTarget as HTMLElement).querySelector<HTMLElement>(".vtable__delete")?.focus();
      return;
    }
    if (!onRow && event.key === "ArrowLeft") {
      event.preventDefault();
      (event.currentTarget as HTMLElement).focus();
      return;
    }
    const pageSize = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 600) / rowHeight) - 1);
    const next = nextIndex(event.key, index, videos.length, { orientation: "vertical", pageSize });
    if (next === null) return;
    event.preventDefault();
    setActive(next);
    focusWanted.current = true;
    scrollToIndex(next);
  };

  const gridTemplate = template(columns, compact);
  const minWidth = compact
    ? undefined
    : `${CHECK + THUMB.wide.width + 8 + TITLE_MIN + 48 + columns.reduce((sum, c) => sum + (c.width ?? FIELD_MIN), 0) + 12 * (columns.length + 3)}px`;
  const thumb = compact ? THUMB.compact : THUMB.wide;

  return (
    <div class={`vtable${compact ? " vtable--cards" : ""}`} ref={scrollRef}>
      <table class="vtable__table" style={{ minWidth }} aria-rowcount={hasMore ? -1 : videos.length + 1}>
        <thead class="vtable__head">
          <tr style={{ gridTemplateColumns: gridTemplate }}>
            <th scope="col" class="vtable__check">
              {/* Out of the Tab order like the rows' boxes (the table is one Tab stop): the
                  selection bar offers the same to the keyboard. */}
              <input
                type="checkbox"
                tabIndex={-1}
                aria-label="Select every loaded video"
                checked={videos.length > 0 && checked.count >= videos.length}
                indeterminate={checked.count > 0 && checked.count < videos.length}
                onChange={(event) => checked.setLoaded(event.currentTarget.checked)}
              />
            </th>
            <th scope="col">
              <span class="visually-hidden">Thumbnail</span>
            </th>
            <th scope="col">{compact ? "Video" : "Title"}</th>
            {compact && (
              <th scope="col" class="visually-hidden">
                Details
              </th>
            )}
            {!compact &&
              columns.map((column) => (
                <th
                  scope="col"
                  key={column.id}
                  class={isNumeric(column) ? "num" : undefined}
                  title={column.field?.description ?? column.label}
                >
                  {column.label}
                </th>
              ))}
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody ref={bodyRef} class="vtable__body" style={{ height: `${totalSize}px` }}>
          {rows.map((row) => {
            const video = videos[row.index];
            const position = { transform: `translateY(${row.start}px)`, height: `${rowHeight}px` };
            if (!video) {
              return (
                <tr key="loader" class="vtable__row vtable__row--loader" style={position}>
                  <td>{loadingMore ? "Loading more videos…" : ""}</td>
                </tr>
              );
            }
            const name = video.title ?? video.youtubeId;
            // The row's parts are called, not mounted, all but the thumbnail (which keeps state):
            // they keep none, and a component per part is an instance (and a signals effect) per
            // part per row, which made up much of the rows' first frame on a phone.
            const ticked = checked.has(video.id);
            return (
              <tr
                key={video.id}
                id={`video-row-${video.id}`}
                data-index={row.index}
                tabIndex={row.index === tabStop ? 0 : -1}
                class={`vtable__row${video.id === selectedId ? " vtable__row--selected" : ""}${ticked ? " vtable__row--checked" : ""}`}
                aria-rowindex={row.index + 2}
                style={{ ...position, gridTemplateColumns: gridTemplate }}
                onClick={(event) => {
                  const cell = (event.target as HTMLElement).closest<HTMLElement>("[data-field]");
                  onOpen(video, cell?.dataset.field);
                }}
                onFocus={(event) => event.target === event.currentTarget && setActive(row.index)}
                onKeyDown={(event) => onRowKey(event, row.index, video)}
              >
                {/* The whole cell ticks, not only the box: a near miss must not open the video. */}
                {/* biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard ticks with Space on the row (onRowKey) */}
                <td
                  class="vtable__check"
                  onClick={(event) => {
                    event.stopPropagation();
                    checked.toggle(row.index, event.shiftKey);
                  }}
                >
                  <input type="checkbox" tabIndex={-1} aria-label={`Select ${name}`} checked={ticked} />
                </td>
                <td class="vtable__thumb">
                  <Thumbnail video={video} width={thumb.width} height={thumb.height} />
                </td>
                <td class="vtable__title">
                  <button type="button" class="link-button vtable__open" tabIndex={-1} title={name}>
                    {name}
                  </button>
                  <span class="vtable__meta">
                    {compact && StatusBadges({ video, pipelineVersion })}
                    {RowMeta({ video, fieldLabels })}
                  </span>
                </td>
                {compact ? (
                  <td class="vtable__card-fields">
                    <dl>
                      {cardColumns.map((column) => (
                        <div key={column.id}>
                          <dt>{column.label}</dt>
                          <dd>{ColumnValue({ column, video, pipelineVersion })}</dd>
                        </div>
                      ))}
                    </dl>
                  </td>
                ) : (
                  columns.map((column) => (
                    <td key={column.id} class={`vtable__cell${isNumeric(column) ? " num" : ""}`}>
                      {ColumnValue({ column, video, pipelineVersion })}
                    </td>
                  ))
                )}
                <td class="vtable__actions">
                  <button
                    type="button"
                    tabIndex={-1}
                    class="icon-button icon-button--danger vtable__delete"
                    aria-label={`Delete ${name}`}
                    onClick={(event) => {
                      event.stopPropagation();
                      remove(video);
                    }}
                  >
                    {TrashIcon()}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
