import { useState } from "preact/hooks";
import { settingsApi } from "../../api/settings-endpoints";
import { ErrorState, Spinner } from "../../components/states";
import { formatDateTime } from "../../lib/format";
import { useAsync } from "../../lib/use-async";

type Page = Awaited<ReturnType<typeof settingsApi.deliveries>>;

const STATUS_LABEL = { pending: "Retrying", delivered: "Delivered", failed: "Failed" } as const;
const statusLabel = (status: keyof typeof STATUS_LABEL, attempts: number) =>
  status === "pending" && attempts === 0 ? "Queued" : STATUS_LABEL[status];

/** One endpoint's delivery log, newest first, a page at a time. */
export function Deliveries({ id, webhookId }: { id: string; webhookId: string }) {
  const first = useAsync(() => settingsApi.deliveries(webhookId), [webhookId]);
  const [more, setMore] = useState<Page[]>([]);
  const [loadingMore, setLoadingMore] = useState(false);
  const pages = first.data ? [first.data, ...more] : [];
  const items = pages.flatMap((page) => page.items);
  const next = pages.at(-1)?.nextCursor ?? null;

  const loadMore = async () => {
    if (!next) return;
    setLoadingMore(true);
    try {
      const page = await settingsApi.deliveries(webhookId, next);
      setMore((current) => [...current, page]);
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <div id={id} class="deliveries">
      <div class="deliveries__head">
        <h3 class="small">Deliveries</h3>
        <button
          type="button"
          class="link-button"
          onClick={() => {
            setMore([]);
            first.reload();
          }}
        >
          Refresh
        </button>
      </div>
      {first.loading && !first.data ? (
        <Spinner label="Loading deliveries…" />
      ) : first.error ? (
        <ErrorState error={first.error} onRetry={first.reload} />
      ) : items.length === 0 ? (
        <p class="muted small">Nothing sent yet. Send a test to see one here.</p>
      ) : (
        <table class="deliveries__table">
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Answer</th>
              <th scope="col">Sent</th>
            </tr>
          </thead>
          <tbody>
            {items.map((delivery) => (
              <tr key={delivery.id}>
                <td>
                  <code>{delivery.event}</code>
                </td>
                <td>
                  <span class={`delivery-status delivery-status--${delivery.status}`}>
                    {statusLabel(delivery.status, delivery.attempts)}
                  </span>
                </td>
                <td>{delivery.attempts}</td>
                <td class="deliveries__answer">
                  {delivery.responseStatus ? `HTTP ${delivery.responseStatus}` : (delivery.error ?? "—")}
                  {delivery.responseExcerpt && <div class="muted small">{delivery.responseExcerpt}</div>}
                </td>
                <td>{formatDateTime(delivery.deliveredAt ?? delivery.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <button type="button" class="button" onClick={loadMore} disabled={loadingMore}>
          {loadingMore ? "Loading…" : "Show older deliveries"}
        </button>
      )}
    </div>
  );
}
