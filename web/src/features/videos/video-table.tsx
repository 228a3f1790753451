import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import type { FoundVideo as Video } from "../../api/endpoints";
import { nextIndex } from "../../lib/roving";
import { useFixedRows } from "../../lib/use-fixed-rows";
import { useMediaQuery } from "../../lib/use-media-query";
import type { Column } from "./columns";
import { type RowActions, type RowLayout, VideoRow } from "./video-row";
import { isNumeric } from "./video-row-parts";

interface Props {
  videos: Video[];
  /**
   * Visible columns in order (columns.ts); the phone cards show the same ones. The same array
   * while the choice is the same: the rows render again when it changes.
   */
  columns: Column[];
  pipelineVersion: string | null;
  hasMore: boolean;
  loadingMore: boolean;
  /** The last page asked for did not come: the table stops asking by itself and offers Try again. */
  loadMoreFailed: boolean;
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
const FIELD_MIN = 120;
const TITLE_MIN = 200;
/**
 * Phone cards: thumbnail beside the title and, under it, the status and the failure reason (or
 * channel), each up to two lines (list-page.css clamps them: a phone has no tooltips), then the
 * columns two to a line, label above value.
 */
const CARD_BASE = 108;
const CARD_LINE = 40;
/** Rows added per frame while the first window fills (use-fixed-rows.ts): a phone card is ~34 elements. */
const ROWS_PER_FRAME = { wide: 3, compact: 1 };

/** A row's column gap and its padding at each side, in px: list-page.css `.vtable__row` (0.75rem). */
const ROW_GAP = 12;
const ROW_PADDING = 12;

/**
 * The narrowest the desktop table lays out its columns, in px (it scrolls sideways below it):
 * with the four metadata columns and three fields, within a 1366 px window's page.
 */
export const tableMinWidth = (columns: Column[]) =>
  2 * ROW_PADDING +
  CHECK +
  THUMB.wide.width +
  8 +
  TITLE_MIN +
  48 +
  columns.reduce((sum, c) => sum + (c.width ?? FIELD_MIN), 0) +
  ROW_GAP * (columns.length + 3);

/** How every row of the table is laid out, for these columns at this width. */
function rowLayout(columns: Column[], compact: boolean): RowLayout {
  const cardColumns = columns.filter((c) => c.id !== "status");
  return {
    compact,
    template: template(columns, compact),
    height: compact ? CARD_BASE + Math.ceil(cardColumns.length / 2) * CARD_LINE + 8 : ROW_HEIGHT,
    thumb: compact ? THUMB.compact : THUMB.wide,
    columns,
    cardColumns,
    fieldLabels: Object.fromEntries(columns.flatMap((c) => (c.field ? [[c.field.key, c.field.label]] : []))),
  };
}

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
  const {
    videos,
    columns,
    pipelineVersion,
    hasMore,
    loadingMore,
    loadMoreFailed,
    onLoadMore,
    onOpen,
    onDelete,
    selectedId,
    checked,
  } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const compact = useMediaQuery("(max-width: 720px)");
  const layout = useMemo(() => rowLayout(columns, compact), [columns, compact]);
  const rowHeight = layout.height;
  const { rows, totalSize, scrollToIndex } = useFixedRows(scrollRef, bodyRef, {
    count: videos.length + (hasMore ? 1 : 0),
    rowHeight,
    rowsPerFrame: compact ? ROWS_PER_FRAME.compact : ROWS_PER_FRAME.wide,
  });
  const lastIndex = rows[rows.length - 1]?.index ?? 0;
  const [active, setActive] = useState(0);
  const focusWanted = useRef(false);
  /** A row deleted from the keyboard: focus waits until it has left, then takes the row in its place. */
  const leaving = useRef<string | null>(null);

  useEffect(() => {
    if (hasMore && !loadingMore && !loadMoreFailed && lastIndex >= videos.length - PREFETCH_ROWS) onLoadMore();
  }, [hasMore, loadingMore, loadMoreFailed, lastIndex, videos.length, onLoadMore]);
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

  // One object for the table's life, its functions current: rows are skipped when their props are the same.
  const actions = useRef<RowActions>({} as RowActions).current;
  actions.open = onOpen;
  actions.focus = setActive;
  actions.key = onRowKey;
  actions.toggle = checked.toggle;
  actions.remove = remove;

  const minWidth = compact ? undefined : `${tableMinWidth(columns)}px`;

  return (
    <div class={`vtable${compact ? " vtable--cards" : ""}`} ref={scrollRef}>
      <table class="vtable__table" style={{ minWidth }} aria-rowcount={hasMore ? -1 : videos.length + 1}>
        <thead class="vtable__head">
          <tr style={{ gridTemplateColumns: layout.template }}>
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
            if (!video) {
              return (
                <tr
                  key="loader"
                  class="vtable__row vtable__row--loader"
                  style={{ transform: `translateY(${row.start}px)`, height: `${rowHeight}px` }}
                >
                  <td>
                    {loadMoreFailed ? (
                      <>
                        Couldn't load more videos.{" "}
                        <button type="button" class="button button--small" onClick={onLoadMore}>
                          Try again
                        </button>
                      </>
                    ) : loadingMore ? (
                      "Loading more videos…"
                    ) : (
                      ""
                    )}
                  </td>
                </tr>
              );
            }
            return (
              <VideoRow
                key={video.id}
                video={video}
                index={row.index}
                start={row.start}
                layout={layout}
                pipelineVersion={pipelineVersion}
                selected={video.id === selectedId}
                ticked={checked.has(video.id)}
                tabStop={row.index === tabStop}
                actions={actions}
              />
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
