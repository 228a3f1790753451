import { useEffect, useState } from "preact/hooks";
import type { Field } from "../../../../src/shared/schemas/fields";
import { api, type FoundVideo } from "../../api/endpoints";
import { Dialog } from "../../components/dialog";
import { formatDate, formatDuration, formatNumber, youtubeAt } from "../../lib/format";
import { DetailFields } from "../find/detail-fields";
import { hideBrokenImage, panelThumbnail } from "./thumbnail";
import { StatusBadges } from "./video-row-parts";
import "../../styles/detail.css";

interface Props {
  video: FoundVideo;
  fields: Field[];
  pipelineVersion: string | null;
  /** A field to open for editing at once (its cell was clicked). */
  editing?: string | null;
  onClose: () => void;
  onDelete: (video: FoundVideo) => void;
  onFresh: (video: FoundVideo) => void;
}

/** Everything known about one video, in a side panel that keeps the table in view. */
export function VideoDetail({ video, fields, pipelineVersion, editing, onClose, onDelete, onFresh }: Props) {
  const [showFullDescription, setShowFullDescription] = useState(false);

  // The row may be a few seconds old; the panel shows the current state.
  useEffect(() => {
    api.video(video.id).then(onFresh, () => {});
  }, [video.id]);

  const description = video.description ?? "";
  const longDescription = description.length > 600;
  return (
    <Dialog title={video.title ?? video.youtubeId} onClose={onClose} variant="drawer">
      <div class="detail">
        {video.thumbnailUrl && (
          <img
            class="detail__thumb"
            src={panelThumbnail(video.youtubeId)}
            alt=""
            width={320}
            height={180}
            onError={hideBrokenImage}
          />
        )}
        <p class="detail__meta">
          <StatusBadges video={video} pipelineVersion={pipelineVersion} />
          {video.channelTitle && <span>{video.channelTitle}</span>}
          {video.durationSeconds != null && <span>{formatDuration(video.durationSeconds)}</span>}
          {video.viewCount != null && <span>{formatNumber(video.viewCount)} views</span>}
          {video.likeCount != null && <span>{formatNumber(video.likeCount)} likes</span>}
          {video.publishedAt && <span>{formatDate(video.publishedAt)}</span>}
        </p>
        {video.status === "failed" && video.error && (
          <p class="detail__error">
            <strong>Processing failed:</strong> {video.error}
          </p>
        )}
        <p>
          <a class="button" href={video.url} target="_blank" rel="noreferrer noopener">
            Open on YouTube ↗
          </a>
        </p>

        {fields.length > 0 && (
          <section>
            <h3>Fields</h3>
            <DetailFields video={video} fields={fields} editing={editing} onSaved={onFresh} />
          </section>
        )}

        {!!video.chapters?.length && (
          <section>
            <h3>Chapters</h3>
            <ol class="detail__chapters">
              {video.chapters.map((chapter) => (
                <li key={chapter.startSeconds}>
                  <a href={youtubeAt(video.url, chapter.startSeconds)} target="_blank" rel="noreferrer noopener">
                    <span class="timestamp">{formatDuration(chapter.startSeconds)}</span>
                    <span>{chapter.title}</span>
                  </a>
                </li>
              ))}
            </ol>
          </section>
        )}

        {!!video.tags?.length && (
          <section>
            <h3>Tags</h3>
            <ul class="tags">
              {video.tags.map((tag) => (
                <li key={tag} class="tag">
                  {tag}
                </li>
              ))}
            </ul>
          </section>
        )}

        <section>
          <h3>Description</h3>
          {description ? (
            <>
              <p class="detail__description">
                {longDescription && !showFullDescription ? `${description.slice(0, 600)}…` : description}
              </p>
              {longDescription && (
                <button type="button" class="link-button" onClick={() => setShowFullDescription((v) => !v)}>
                  {showFullDescription ? "Show less" : "Show more"}
                </button>
              )}
            </>
          ) : (
            <p class="muted">{video.processedAt ? "No description." : "Appears once the video is processed."}</p>
          )}
        </section>

        <footer class="detail__footer">
          <span class="muted small">Added {formatDate(video.createdAt)}</span>
          <button type="button" class="button button--danger" onClick={() => onDelete(video)}>
            Delete video
          </button>
        </footer>
      </div>
    </Dialog>
  );
}
