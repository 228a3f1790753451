import type { FoundVideo as Video } from "../../api/endpoints";
import { TrashIcon } from "../../components/icons";
import { memo } from "../../lib/memo";
import type { Column } from "./columns";
import { ColumnValue, isNumeric, RowMeta, StatusBadges, Thumbnail } from "./video-row-parts";

/**
 * What a row does when used, one object for every row of a table, kept for the table's
 * lifetime: its functions are replaced on every render of the table, so a row calls the
 * current ones without its props changing.
 */
export interface RowActions {
  open: (video: Video, fieldKey?: string) => void;
  focus: (index: number) => void;
  key: (event: KeyboardEvent, index: number, video: Video) => void;
  toggle: (index: number, extend: boolean) => void;
  remove: (video: Video) => void;
}

export interface RowLayout {
  compact: boolean;
  /** CSS grid columns, the header's too. */
  template: string;
  height: number;
  thumb: { width: number; height: number };
  columns: Column[];
  /** The phone card's columns: all but the status, which sits under the title. */
  cardColumns: Column[];
  fieldLabels: Record<string, string>;
}

interface Props {
  video: Video;
  index: number;
  /** Offset from the top of the rows, in px. */
  start: number;
  layout: RowLayout;
  pipelineVersion: string | null;
  selected: boolean;
  ticked: boolean;
  tabStop: boolean;
  actions: RowActions;
}

/**
 * One video of the table: a row at desktop width, a card at phone width. A row renders again
 * only when its own props change, so drawing more rows (the window filling, a scroll) or ticking
 * one does not diff the others. The row's parts are called, not mounted, all but the thumbnail
 * (which keeps state): a component per part is an instance per part per row.
 */
export const VideoRow = memo(function VideoRow(props: Props) {
  const { video, index, start, layout, pipelineVersion, selected, ticked, tabStop, actions } = props;
  const { compact, columns } = layout;
  const name = video.title ?? video.youtubeId;
  return (
    <tr
      id={`video-row-${video.id}`}
      data-index={index}
      tabIndex={tabStop ? 0 : -1}
      class={`vtable__row${selected ? " vtable__row--selected" : ""}${ticked ? " vtable__row--checked" : ""}`}
      aria-rowindex={index + 2}
      style={{
        transform: `translateY(${start}px)`,
        height: `${layout.height}px`,
        gridTemplateColumns: layout.template,
      }}
      onClick={(event) => {
        const cell = (event.target as HTMLElement).closest<HTMLElement>("[data-field]");
        actions.open(video, cell?.dataset.field);
      }}
      onFocus={(event) => event.target === event.currentTarget && actions.focus(index)}
      onKeyDown={(event) => actions.key(event, index, video)}
    >
      {/* The whole cell ticks, not only the box: a near miss must not open the video. */}
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard ticks with Space on the row (video-table.tsx) */}
      <td
        class="vtable__check"
        onClick={(event) => {
          event.stopPropagation();
          actions.toggle(index, event.shiftKey);
        }}
      >
        <input type="checkbox" tabIndex={-1} aria-label={`Select ${name}`} checked={ticked} />
      </td>
      <td class="vtable__thumb">
        <Thumbnail video={video} width={layout.thumb.width} height={layout.thumb.height} />
      </td>
      <td class="vtable__title">
        <button type="button" class="link-button vtable__open" tabIndex={-1} title={name}>
          {name}
        </button>
        <span class="vtable__meta">
          {compact && StatusBadges({ video, pipelineVersion })}
          {RowMeta({ video, fieldLabels: layout.fieldLabels })}
        </span>
      </td>
      {compact ? (
        <td class="vtable__card-fields">
          <dl>
            {layout.cardColumns.map((column) => (
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
            actions.remove(video);
          }}
        >
          {TrashIcon()}
        </button>
      </td>
    </tr>
  );
});
