import { useEffect, useRef } from "preact/hooks";
import type { Field } from "../../../../src/shared/schemas/fields";
import type { Video } from "../../../../src/shared/schemas/videos";
import { TrashIcon } from "../../components/icons";
import { VideoStatusBadge } from "../../components/status";
import { formatCount, formatDate, formatDuration } from "../../lib/format";
import { useMediaQuery } from "../../lib/use-media-query";
import { useVirtualizer } from "../../lib/use-virtualizer";
import { formatFieldValue } from "./field-value";

interface Props {
  videos: Video[];
  fields: Field[];
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onOpen: (video: Video) => void;
  onDelete: (video: Video) => void;
  selectedId: string | null;
}

const ROW_HEIGHT = 68;
/** Start fetching the next page this many rows before the end, so scrolling rarely waits. */
const PREFETCH_ROWS = 30;

/** Widths of the fixed columns at desktop width; the table's min-width is their sum. */
const WIDE = { thumb: 96, title: 240, duration: 92, views: 80, published: 112, status: 112, field: 140, actions: 48 };

function columns(fields: Field[], compact: boolean): string {
  // At phone width the status badge moves under the title: a column of its own left the title
  // about ninety pixels, a word and a half.
  if (compact) return "64px minmax(0, 1fr) 36px";
  return [
    `${WIDE.thumb}px`,
    `minmax(${WIDE.title}px, 2fr)`,
    `${WIDE.duration}px`,
    `${WIDE.views}px`,
    `${WIDE.published}px`,
    `${WIDE.status}px`,
    ...fields.map(() => `minmax(${WIDE.field}px, 1fr)`),
    `${WIDE.actions}px`,
  ].join(" ");
}

/**
 * The video table. Only the rows in view (plus a margin) exist in the DOM, so ten thousand
 * videos scroll as smoothly as ten. Rows are fixed-height on purpose: no measuring, no jumps.
 */
export function VideoTable({ videos, fields, hasMore, loadingMore, onLoadMore, onOpen, onDelete, selectedId }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const compact = useMediaQuery("(max-width: 720px)");
  const virtualizer = useVirtualizer(scrollRef, {
    count: videos.length + (hasMore ? 1 : 0),
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => videos[index]?.id ?? "loader",
  });
  const rows = virtualizer.getVirtualItems();
  const lastIndex = rows[rows.length - 1]?.index ?? 0;

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= videos.length - PREFETCH_ROWS) onLoadMore();
  }, [hasMore, loadingMore, lastIndex, videos.length, onLoadMore]);

  const template = columns(fields, compact);
  const { field, ...fixed } = WIDE;
  const fixedWidth = Object.values(fixed).reduce((sum, width) => sum + width, 0);
  const minWidth = compact ? undefined : `${fixedWidth + fields.length * field}px`;

  return (
    <div class="vtable" ref={scrollRef}>
      <table class="vtable__table" style={{ minWidth }} aria-rowcount={hasMore ? -1 : videos.length + 1}>
        <thead class="vtable__head">
          <tr style={{ gridTemplateColumns: template }}>
            <th scope="col">
              <span class="visually-hidden">Thumbnail</span>
            </th>
            <th scope="col">Title</th>
            {!compact && (
              <>
                <th scope="col" class="num">
                  Duration
                </th>
                <th scope="col" class="num">
                  Views
                </th>
                <th scope="col">Published</th>
                <th scope="col">Status</th>
              </>
            )}
            {!compact &&
              fields.map((field) => (
                <th scope="col" key={field.key} title={field.description}>
                  {field.label}
                </th>
              ))}
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody class="vtable__body" style={{ height: `${virtualizer.getTotalSize()}px` }}>
          {rows.map((row) => {
            const video = videos[row.index];
            const position = { transform: `translateY(${row.start}px)`, height: `${ROW_HEIGHT}px` };
            if (!video) {
              return (
                <tr key="loader" class="vtable__row vtable__row--loader" style={position}>
                  <td>{loadingMore ? "Loading more videos…" : ""}</td>
                </tr>
              );
            }
            return (
              <tr
                key={video.id}
                class={`vtable__row${video.id === selectedId ? " vtable__row--selected" : ""}`}
                aria-rowindex={row.index + 2}
                style={{ ...position, gridTemplateColumns: template }}
              >
                <td class="vtable__thumb">
                  {video.thumbnailUrl ? (
                    <img src={video.thumbnailUrl} alt="" loading="lazy" width={88} height={50} />
                  ) : (
                    <span class="thumb-placeholder" aria-hidden="true">
                      ▶
                    </span>
                  )}
                </td>
                <td class="vtable__title">
                  {/* The button stretches over the whole row (CSS), so a click anywhere opens the video. */}
                  <button type="button" class="link-button vtable__open" onClick={() => onOpen(video)}>
                    {video.title ?? video.youtubeId}
                  </button>
                  <span class="vtable__meta">
                    {compact && <VideoStatusBadge status={video.status} />}
                    <span class="vtable__channel">
                      {video.channelTitle ?? (video.title ? "" : "Not processed yet")}
                    </span>
                  </span>
                </td>
                {!compact && (
                  <>
                    <td class="num">{formatDuration(video.durationSeconds)}</td>
                    <td class="num">{formatCount(video.viewCount)}</td>
                    <td>{formatDate(video.publishedAt)}</td>
                    <td>
                      <VideoStatusBadge status={video.status} />
                    </td>
                  </>
                )}
                {!compact &&
                  fields.map((field) => (
                    <td key={field.key} class="vtable__field">
                      {formatFieldValue(field, video.fields?.[field.key])}
                    </td>
                  ))}
                <td>
                  <button
                    type="button"
                    class="icon-button icon-button--danger vtable__delete"
                    aria-label={`Delete ${video.title ?? video.youtubeId}`}
                    onClick={() => onDelete(video)}
                  >
                    <TrashIcon />
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
