import type { JobFailures as Failures } from "../../../../src/shared/schemas/job-failures";
import type { Job } from "../../../../src/shared/schemas/jobs";
import { useConfirm } from "../../components/confirm";
import { ErrorState, errorMessage, Spinner } from "../../components/states";
import { toast } from "../../components/toasts";
import { formatNumber, plural } from "../../lib/format";
import { listHref } from "../../lib/query-state";
import type { AsyncState } from "../../lib/use-async";
import { bumpVideos, patchList } from "../../store/server-state";
import { removeFailedVideos } from "./remove-failed";

const videoHref = (listId: string, videoId: string) => `${listHref(listId)}?video=${encodeURIComponent(videoId)}`;
const failedHref = (listId: string) => `${listHref(listId)}?status=failed`;

/**
 * A job's failed videos by reason: how many, which (linked), and whether a retry can fix them.
 * The drawer's Retry retries the fixable ones only; "Remove failed videos" clears the list's.
 */
export function JobFailures({
  job,
  failures,
  onClose,
}: {
  job: Job;
  failures: AsyncState<Failures | null>;
  onClose: () => void;
}) {
  const [confirmDialog, ask] = useConfirm();
  const data = failures.data;

  const remove = async () => {
    if (!data) return;
    const yes = await ask({
      title: "Remove failed videos?",
      body: "Every failed video of this list is removed from it, with what was extracted before. Videos that are done stay.",
      confirmLabel: "Remove failed videos",
    });
    if (!yes) return;
    try {
      const outcome = await removeFailedVideos(job.listId);
      patchList(job.listId, (l) => ({ ...l, videoCount: Math.max(0, l.videoCount - outcome.deleted) }));
      // Re-reads these failures, and those of every card of the list (useJobFailures).
      bumpVideos(job.listId);
      if (outcome.error)
        toast(
          "error",
          `${plural(outcome.deleted, "failed video")} removed, ${formatNumber(outcome.notDone)} not`,
          outcome.error,
        );
      else toast("success", `${plural(outcome.deleted, "failed video")} removed`);
    } catch (error) {
      toast("error", "Couldn't remove the failed videos", errorMessage(error));
    }
  };

  if (data === undefined && failures.loading) return <Spinner label="Loading failed videos…" />;
  if (data === undefined) return <ErrorState error={failures.error} onRetry={failures.reload} />;
  if (data === null || data.failed === 0) return null;
  const unfixable = data.failed - data.retryable;
  return (
    <section class="failures" aria-labelledby="failures-title">
      <h3 id="failures-title">Failed videos ({formatNumber(data.failed)})</h3>
      <p class="small">
        {data.retryable > 0 && (
          <>{plural(data.retryable, "video")} may pass on a retry (an upstream that kept erroring, say). </>
        )}
        {unfixable > 0 && (
          <>
            {plural(unfixable, "video")} cannot: private, deleted, not embeddable or declined by the model
            {data.retryable > 0 ? ", so Retry leaves them out." : "."}
          </>
        )}
      </p>
      <ul class="failures__groups">
        {data.groups.map((group) => (
          <li key={group.reason} class="failures__group">
            <div class="failures__head">
              <strong class="failures__reason">{group.reason}</strong>
              <span class="failures__count">{formatNumber(group.count)}</span>
              <span class={`badge ${group.retryable ? "badge--retryable" : "badge--permanent"}`}>
                {group.retryable ? "Retry can fix" : "Retry won't help"}
              </span>
            </div>
            <ul class="failures__videos">
              {group.videos.map((video) => (
                <li key={video.id}>
                  <a href={videoHref(job.listId, video.id)} onClick={onClose}>
                    {video.title ?? video.youtubeId}
                  </a>
                </li>
              ))}
            </ul>
            {group.count > group.videos.length && (
              <a class="small" href={failedHref(job.listId)} onClick={onClose}>
                and {formatNumber(group.count - group.videos.length)} more in the list
              </a>
            )}
          </li>
        ))}
      </ul>
      <button type="button" class="button button--danger" onClick={remove}>
        Remove failed videos
      </button>
      {confirmDialog}
    </section>
  );
}
