import { useState } from "preact/hooks";
import type { ApiToken } from "../../../src/shared/schemas/users";
import { ApiError } from "../api/client";
import { api, type CreatedToken } from "../api/endpoints";
import { session } from "../api/session";
import { useConfirm } from "../components/confirm";
import { CopyButton } from "../components/copy-button";
import { describedBy, FormField } from "../components/form-field";
import { PageHeading } from "../components/page-heading";
import { EmptyState, ErrorState, errorMessage, InlineError, Spinner } from "../components/states";
import { ThemeSelect } from "../components/theme-select";
import { toast } from "../components/toasts";
import { McpConnect } from "../features/mcp/mcp-connect";
import { WebhooksSection } from "../features/webhooks/webhooks-section";
import { announce } from "../lib/announce";
import { formatDate, formatRelative } from "../lib/format";
import { useAsync } from "../lib/use-async";

/** Account details, API tokens for scripts and assistants, and webhooks. */
export function SettingsPage() {
  const { user } = session.value;
  const tokens = useAsync(() => api.tokens().then((r) => r.items), []);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [confirmDialog, ask] = useConfirm();

  const revoke = async (token: ApiToken) => {
    const yes = await ask({
      title: "Revoke token?",
      body: `Scripts using "${token.name}" stop working at once.`,
      confirmLabel: "Revoke",
    });
    if (!yes) return;
    try {
      await api.revokeToken(token.id);
      tokens.setData((items) => items?.filter((t) => t.id !== token.id));
      if (created?.id === token.id) setCreated(null);
      toast("success", `Token "${token.name}" revoked`);
    } catch (error) {
      toast("error", "Couldn't revoke the token", errorMessage(error));
    }
  };

  return (
    <main class="page page--narrow">
      <header class="page__header">
        <PageHeading title="Settings" />
      </header>
      <section class="card section">
        <h2>Account</h2>
        <p>
          Signed in as <strong>{user?.email ?? "…"}</strong>
          {user && <span class="muted"> · member since {formatDate(user.createdAt)}</span>}
        </p>
      </section>
      <section class="card section">
        <h2>Appearance</h2>
        <p class="muted">The colour theme for this device: the system's, or always light or dark.</p>
        <ThemeSelect />
      </section>
      <section class="card section">
        <h2>API tokens</h2>
        <p class="muted">
          Tokens let scripts use the API as you: send <code>Authorization: Bearer &lt;token&gt;</code>. See the{" "}
          <a href="/api/docs">API reference</a>.
        </p>
        <CreateTokenForm
          onCreated={(token) => {
            setCreated(token);
            announce(`Token ${token.name} created. Copy it now: it will not be shown again.`);
            tokens.setData((items) => [
              {
                id: token.id,
                name: token.name,
                scope: token.scope,
                createdAt: token.createdAt,
                lastUsedAt: null,
                expiresAt: token.expiresAt,
              },
              ...(items ?? []),
            ]);
          }}
        />
        {created && (
          <div class="secret">
            <p>
              <strong>Copy your new token now.</strong> It won't be shown again.
            </p>
            <div class="secret__row">
              <code class="secret__value">{created.token}</code>
              <CopyButton text={created.token} />
            </div>
            <button type="button" class="link-button" onClick={() => setCreated(null)}>
              I've copied it
            </button>
          </div>
        )}
        {tokens.loading && !tokens.data ? (
          <Spinner label="Loading tokens…" />
        ) : tokens.error ? (
          <ErrorState error={tokens.error} onRetry={tokens.reload} />
        ) : !tokens.data?.length ? (
          <EmptyState title="No API tokens yet">Create one above to use the API from a script.</EmptyState>
        ) : (
          <ul class="token-list">
            {tokens.data.map((token) => (
              <li key={token.id} class="token-list__item">
                <div>
                  <strong>{token.name}</strong>
                  <div class="muted small">
                    Created {formatDate(token.createdAt)} · last used {formatRelative(token.lastUsedAt)}
                  </div>
                </div>
                <button type="button" class="button button--danger" onClick={() => revoke(token)}>
                  Revoke
                </button>
              </li>
            ))}
          </ul>
        )}
        <McpConnect />
      </section>
      <WebhooksSection />
      {confirmDialog}
    </main>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (token: CreatedToken) => void }) {
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setFailure(null);
    if (!name.trim()) return setError("Give the token a name, such as the script that will use it.");
    if (name.trim().length > 100) return setError("Keep the name under 100 characters.");
    setError(null);
    setBusy(true);
    try {
      onCreated(await api.createToken(name.trim()));
      setName("");
    } catch (err) {
      if (err instanceof ApiError && err.code === "validation_failed") setError(err.fieldErrors().name ?? err.message);
      else setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="inline-form" onSubmit={submit} noValidate>
      <FormField id="token-name" class="field--grow" label="New token name" error={error}>
        <input
          id="token-name"
          value={name}
          placeholder="e.g. nightly-import"
          onInput={(e) => setName(e.currentTarget.value)}
          aria-invalid={!!error}
          aria-describedby={describedBy("token-name", error)}
        />
      </FormField>
      <button type="submit" class="button button--primary" disabled={busy}>
        {busy ? "Creating…" : "Create token"}
      </button>
      <InlineError error={failure} />
    </form>
  );
}
