import { useState } from "preact/hooks";
import type { FoundVideo as Video } from "../../api/endpoints";
import { NeedsRerunBadge, VideoStatusBadge } from "../../components/status";
import { formatCount, formatDate, formatDuration } from "../../lib/format";
import { MatchExcerpt } from "../find/match-excerpt";
import type { Column } from "./columns";
import { FieldValue } from "./field-cell";
import { rowThumbnail } from "./thumbnail";

/** Processed, but with an older pipeline version or fields than the list has now. */
export const needsRerun = (video: Video, pipelineVersion: string | null) =>
  video.status === "completed" && !!pipelineVersion && video.processedVersion !== pipelineVersion;

export function Thumbnail({ video, width, height }: { video: Video; width: number; height: number }) {
  // A thumbnail that cannot load (offline, a removed video) shows the placeholder, not a broken image.
  const [broken, setBroken] = useState(false);
  if (!video.thumbnailUrl || broken)
    return (
      <span class="thumb-placeholder" aria-hidden="true" style={{ width, height }}>
        ▶
      </span>
    );
  const { src, srcset } = rowThumbnail(video.youtubeId);
  // Explicit size and lazy loading: rows never jump when an image lands, and off-screen rows cost nothing.
  return (
    <img
      src={src}
      srcset={srcset}
      sizes={`${width}px`}
      alt=""
      loading="lazy"
      decoding="async"
      width={width}
      height={height}
      onError={() => setBroken(true)}
    />
  );
}

export function StatusBadges({ video, pipelineVersion }: { video: Video; pipelineVersion: string | null }) {
  return (
    <span class="status-badges">
      {VideoStatusBadge({ status: video.status })}
      {needsRerun(video, pipelineVersion) && NeedsRerunBadge()}
    </span>
  );
}

/** Under the title: why it failed, else where a search matched, else the channel, else that it is still waiting. */
export function RowMeta({ video, fieldLabels }: { video: Video; fieldLabels?: Record<string, string> }) {
  if (video.status === "failed" && video.error)
    return (
      <span class="vtable__reason" title={video.error}>
        {video.error}
      </span>
    );
  if (video.match?.ranges.length && video.match.field !== "title")
    return <MatchExcerpt match={video.match} fieldLabels={fieldLabels} />;
  return <span class="vtable__channel">{video.channelTitle ?? (video.title ? "" : "Not processed yet")}</span>;
}

/**
 * The value a column shows for a video. This and the parts above keep no state and are called
 * as functions by the table's rows (video-table.tsx), so they must not use hooks.
 */
export function ColumnValue({
  column,
  video,
  pipelineVersion,
}: {
  column: Column;
  video: Video;
  pipelineVersion: string | null;
}) {
  if (column.field) return FieldValue({ field: column.field, video });
  switch (column.id) {
    case "duration":
      return <>{formatDuration(video.durationSeconds)}</>;
    case "views":
      return <>{formatCount(video.viewCount)}</>;
    case "published":
      return <>{formatDate(video.publishedAt)}</>;
    default:
      return StatusBadges({ video, pipelineVersion });
  }
}

export const isNumeric = (column: Column) => column.id === "duration" || column.id === "views";
