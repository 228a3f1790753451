import { useState } from "preact/hooks";
import type { Subscription } from "../../../../src/shared/schemas/subscriptions";
import { sourcesApi } from "../../api/source-endpoints";
import { useConfirm } from "../../components/confirm";
import { ErrorState, errorMessage, Spinner } from "../../components/states";
import { toast } from "../../components/toasts";
import { formatDuration, formatRelative, plural } from "../../lib/format";
import { useAsync } from "../../lib/use-async";
import { SubscriptionForm } from "./subscription-form";
import "../../styles/sources.css";

function filterSummary({ filters, autoProcess }: Subscription): string {
  const parts: string[] = [];
  if (filters.minDurationSeconds !== undefined) parts.push(`≥ ${formatDuration(filters.minDurationSeconds)}`);
  if (filters.maxDurationSeconds !== undefined) parts.push(`≤ ${formatDuration(filters.maxDurationSeconds)}`);
  if (filters.excludeShorts) parts.push("no Shorts");
  if (filters.titleIncludes?.length) parts.push(`title: ${filters.titleIncludes.join(", ")}`);
  parts.push(autoProcess ? "processed automatically" : "not processed automatically");
  return parts.join(" · ");
}

/** A list's subscriptions: what each follows, when it was last checked, and what it added. */
export function SubscriptionsPanel({ listId, onAdded }: { listId: string; onAdded: (count: number) => void }) {
  const load = useAsync(() => sourcesApi.subscriptions(listId), [listId]);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirmDialog, ask] = useConfirm();
  const items = load.data?.items ?? [];
  const replace = (next: Subscription) =>
    load.setData((page) => page && { ...page, items: page.items.map((s) => (s.id === next.id ? next : s)) });

  const check = async (subscription: Subscription) => {
    setBusy(subscription.id);
    try {
      const result = await sourcesApi.checkSubscription(subscription.id);
      toast(
        result.added ? "success" : "info",
        result.added ? `${plural(result.added, "new video")} from ${subscription.title}` : "Nothing new",
        result.jobId ? "Processing has started." : undefined,
      );
      if (result.added) onAdded(result.added);
      const fresh = await sourcesApi.subscriptions(listId);
      const updated = fresh.items.find((s) => s.id === subscription.id);
      if (updated) replace(updated);
    } catch (error) {
      toast("error", "Couldn't check", errorMessage(error));
    } finally {
      setBusy(null);
    }
  };

  const remove = async (subscription: Subscription) => {
    const yes = await ask({
      title: "Stop following?",
      body: `New videos from “${subscription.title}” will no longer be added. Videos it added stay in the list.`,
      confirmLabel: "Unsubscribe",
    });
    if (!yes) return;
    try {
      await sourcesApi.unsubscribe(subscription.id);
      load.setData((page) => page && { ...page, items: page.items.filter((s) => s.id !== subscription.id) });
      toast("success", "Unsubscribed");
    } catch (error) {
      toast("error", "Couldn't unsubscribe", errorMessage(error));
    }
  };

  return (
    <section class="card section subscriptions" aria-labelledby="subscriptions-title">
      <h2 id="subscriptions-title">Subscriptions</h2>
      <p class="muted small">New videos from followed channels and playlists are added every hour.</p>
      {load.loading && !load.data ? (
        <Spinner label="Loading subscriptions…" />
      ) : load.error ? (
        <ErrorState error={load.error} onRetry={load.reload} />
      ) : items.length === 0 ? (
        <p class="muted">This list follows no channel or playlist yet.</p>
      ) : (
        <ul class="subscription-list">
          {items.map((subscription) => (
            <li key={subscription.id} class="subscription">
              <div class="stack subscription__body">
                <p class="subscription__title">
                  <span class="badge">{subscription.kind === "channel" ? "Channel" : "Playlist"}</span>{" "}
                  {subscription.title}
                </p>
                <p class="small muted">{filterSummary(subscription)}</p>
                <p class="small">
                  {subscription.lastCheckedAt
                    ? `Checked ${formatRelative(subscription.lastCheckedAt)} · added ${subscription.lastAddedCount ?? 0} last time`
                    : "Not checked yet"}
                </p>
                {subscription.error && <p class="inline-error small">{subscription.error}</p>}
              </div>
              <div class="subscription__actions">
                <button
                  type="button"
                  class="button button--small"
                  onClick={() => check(subscription)}
                  disabled={busy === subscription.id}
                  aria-label={`Check ${subscription.title} now`}
                >
                  {busy === subscription.id ? "Checking…" : "Check now"}
                </button>
                <button
                  type="button"
                  class="button button--small button--danger"
                  onClick={() => remove(subscription)}
                  aria-label={`Unsubscribe from ${subscription.title}`}
                >
                  Remove
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <SubscriptionForm
        listId={listId}
        onCreated={(created) => {
          load.setData((page) => ({ items: [created, ...(page?.items ?? [])], nextCursor: page?.nextCursor ?? null }));
          toast("success", `Following ${created.title}`);
        }}
      />
      {confirmDialog}
    </section>
  );
}
