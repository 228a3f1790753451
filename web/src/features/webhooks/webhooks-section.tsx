import { useState } from "preact/hooks";
import { WEBHOOK_EVENTS, type WebhookEvent } from "../../../../src/shared/constants";
import { ApiError } from "../../api/client";
import { type CreatedWebhook, settingsApi, type WebhookItem } from "../../api/settings-endpoints";
import { useConfirm } from "../../components/confirm";
import { CopyButton } from "../../components/copy-button";
import { describedBy, FormField } from "../../components/form-field";
import { EmptyState, ErrorState, errorMessage, InlineError, Spinner } from "../../components/states";
import { toast } from "../../components/toasts";
import { announce } from "../../lib/announce";
import { formatDate } from "../../lib/format";
import { useAsync } from "../../lib/use-async";
import { Deliveries } from "./deliveries";
import "../../styles/settings.css";
import "../../styles/inline-forms.css";

const EVENT_LABELS: Record<WebhookEvent, string> = {
  "job.finished": "A processing job finished",
  "subscription.added": "A subscription added videos",
};

/** Settings → Webhooks: endpoints, the secret once, test sends, deliveries, deletion. */
export function WebhooksSection() {
  const hooks = useAsync(() => settingsApi.webhooks().then((r) => r.items), []);
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [confirmDialog, ask] = useConfirm();

  const remove = async (hook: WebhookItem) => {
    const yes = await ask({
      title: "Delete webhook?",
      body: `${hook.url} gets no more events, and its delivery log is deleted.`,
      confirmLabel: "Delete",
    });
    if (!yes) return;
    try {
      await settingsApi.deleteWebhook(hook.id);
      hooks.setData((items) => items?.filter((h) => h.id !== hook.id));
      if (created?.id === hook.id) setCreated(null);
      toast("success", "Webhook deleted");
    } catch (error) {
      toast("error", "Couldn't delete the webhook", errorMessage(error));
    }
  };

  const test = async (hook: WebhookItem) => {
    try {
      await settingsApi.testWebhook(hook.id);
      toast("success", "Test event sent", "It appears in the deliveries in a moment.");
      setOpen(hook.id);
    } catch (error) {
      toast("error", "Couldn't send a test event", errorMessage(error));
    }
  };

  return (
    <section class="card section" aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading">Webhooks</h2>
      <p class="muted">
        Tubelist POSTs a signed JSON event to your URL (
        <a href="https://www.standardwebhooks.com/">Standard Webhooks</a>: check <code>webhook-signature</code> with the
        secret). Failed deliveries are retried for about a day.
      </p>
      <CreateWebhookForm
        onCreated={(hook) => {
          setCreated(hook);
          announce("Webhook added. Copy its secret now: it will not be shown again.");
          const { secret: _secret, ...item } = hook;
          hooks.setData((items) => [item, ...(items ?? [])]);
        }}
      />
      {created && (
        <div class="secret">
          <p>
            <strong>Copy the signing secret now.</strong> It won't be shown again.
          </p>
          <div class="secret__row">
            <code class="secret__value">{created.secret}</code>
            <CopyButton text={created.secret} />
          </div>
          <button type="button" class="link-button" onClick={() => setCreated(null)}>
            I've copied it
          </button>
        </div>
      )}
      {hooks.loading && !hooks.data ? (
        <Spinner label="Loading webhooks…" />
      ) : hooks.error ? (
        <ErrorState error={hooks.error} onRetry={hooks.reload} />
      ) : !hooks.data?.length ? (
        <EmptyState title="No webhooks yet">Add a URL above to hear when a job finishes.</EmptyState>
      ) : (
        <ul class="token-list">
          {hooks.data.map((hook) => (
            <li key={hook.id} class="token-list__item webhook">
              <div class="webhook__main">
                <strong class="webhook__url">{hook.url}</strong>
                <div class="muted small">
                  {hook.events.map((event) => EVENT_LABELS[event]).join(" · ")} · added {formatDate(hook.createdAt)}
                </div>
                {hook.disabledAt && (
                  <p class="webhook__disabled" role="note">
                    <strong>Disabled {formatDate(hook.disabledAt)}.</strong> {hook.disabledReason}
                  </p>
                )}
              </div>
              <div class="webhook__actions">
                <button
                  type="button"
                  class="button"
                  onClick={() => setOpen(open === hook.id ? null : hook.id)}
                  aria-expanded={open === hook.id}
                  aria-controls={`deliveries-${hook.id}`}
                >
                  Deliveries
                </button>
                <button type="button" class="button" onClick={() => test(hook)} disabled={!!hook.disabledAt}>
                  Send test
                </button>
                <button type="button" class="button button--danger" onClick={() => remove(hook)}>
                  Delete
                </button>
              </div>
              {open === hook.id && <Deliveries id={`deliveries-${hook.id}`} webhookId={hook.id} />}
            </li>
          ))}
        </ul>
      )}
      {confirmDialog}
    </section>
  );
}

function CreateWebhookForm({ onCreated }: { onCreated: (hook: CreatedWebhook) => void }) {
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<WebhookEvent[]>(["job.finished"]);
  const [error, setError] = useState<string | null>(null);
  const [eventsError, setEventsError] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const toggle = (event: WebhookEvent, on: boolean) =>
    setEvents((current) => (on ? [...current, event] : current.filter((e) => e !== event)));

  const submit = async (event: Event) => {
    event.preventDefault();
    setFailure(null);
    const trimmed = url.trim();
    const badUrl = !trimmed ? "Give the URL that should receive the events." : null;
    const noEvents = events.length === 0 ? "Choose at least one event." : null;
    setError(badUrl);
    setEventsError(noEvents);
    if (badUrl || noEvents) return;
    setBusy(true);
    try {
      onCreated(await settingsApi.createWebhook(trimmed, events));
      setUrl("");
    } catch (err) {
      if (err instanceof ApiError && err.code === "validation_failed") {
        setError(err.fieldErrors().url ?? err.message);
        setEventsError(err.fieldErrors().events ?? null);
      } else setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="webhook-form" onSubmit={submit} noValidate>
      <FormField id="webhook-url" class="field--grow" label="Endpoint URL" error={error}>
        <input
          id="webhook-url"
          type="url"
          value={url}
          placeholder="https://example.com/hooks/tubelist"
          onInput={(e) => setUrl(e.currentTarget.value)}
          aria-invalid={!!error}
          aria-describedby={describedBy("webhook-url", error)}
        />
      </FormField>
      <fieldset class="webhook-form__events" aria-describedby={eventsError ? "webhook-events-error" : undefined}>
        <legend>Events</legend>
        {WEBHOOK_EVENTS.map((name) => (
          <label key={name} class="checkbox">
            <input
              type="checkbox"
              checked={events.includes(name)}
              onChange={(e) => toggle(name, e.currentTarget.checked)}
            />
            {EVENT_LABELS[name]} <code class="small">{name}</code>
          </label>
        ))}
        {eventsError && (
          <p id="webhook-events-error" class="field__error">
            {eventsError}
          </p>
        )}
      </fieldset>
      <div>
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? "Adding…" : "Add webhook"}
        </button>
      </div>
      <InlineError error={failure} />
    </form>
  );
}
