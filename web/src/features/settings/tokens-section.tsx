import { useState } from "preact/hooks";
import type { ApiToken } from "../../../../src/shared/schemas/users";
import { ApiError } from "../../api/client";
import { type CreatedToken, settingsApi } from "../../api/settings-endpoints";
import { useConfirm } from "../../components/confirm";
import { CopyButton } from "../../components/copy-button";
import { describedBy, FormField } from "../../components/form-field";
import { EmptyState, ErrorState, errorMessage, InlineError, Spinner } from "../../components/states";
import { toast } from "../../components/toasts";
import { announce } from "../../lib/announce";
import { formatDate, formatRelative } from "../../lib/format";
import { useAsync } from "../../lib/use-async";
import { McpConnect } from "../mcp/mcp-connect";
import "../../styles/inline-forms.css";

const DAY_MS = 86_400_000;
/** Lifetimes offered for a new token, in days; 0 is "never expires". */
const LIFETIMES = [
  [0, "Never"],
  [7, "7 days"],
  [30, "30 days"],
  [90, "90 days"],
  [365, "1 year"],
] as const;

/** API tokens for scripts: create (read-only or read-write, with an expiry), see, revoke. */
export function TokensSection() {
  const tokens = useAsync(() => settingsApi.tokens().then((r) => r.items), []);
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
      await settingsApi.revokeToken(token.id);
      tokens.setData((items) => items?.filter((t) => t.id !== token.id));
      if (created?.id === token.id) setCreated(null);
      toast("success", `Token "${token.name}" revoked`);
    } catch (error) {
      toast("error", "Couldn't revoke the token", errorMessage(error));
    }
  };

  return (
    <section class="card section" aria-labelledby="tokens-title">
      <h2 id="tokens-title">API tokens</h2>
      <p class="muted">
        Tokens let scripts use the API as you: send <code>Authorization: Bearer &lt;token&gt;</code>. See the{" "}
        <a href="/api/docs">API reference</a>. A read-only token can look but not change anything.
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
                <strong>{token.name}</strong>{" "}
                <span class={`badge ${token.scope === "read" ? "badge--neutral" : "badge--write"}`}>
                  {token.scope === "read" ? "Read only" : "Read and write"}
                </span>
                <div class="muted small">
                  Created {formatDate(token.createdAt)} · last used {formatRelative(token.lastUsedAt)} ·{" "}
                  {expiryText(token.expiresAt)}
                </div>
              </div>
              <button
                type="button"
                class="button button--danger"
                onClick={() => revoke(token)}
                aria-label={`Revoke ${token.name}`}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
      <McpConnect />
      {confirmDialog}
    </section>
  );
}

function expiryText(expiresAt: string | null): string {
  if (!expiresAt) return "never expires";
  return Date.parse(expiresAt) <= Date.now() ? `expired ${formatDate(expiresAt)}` : `expires ${formatDate(expiresAt)}`;
}

function CreateTokenForm({ onCreated }: { onCreated: (token: CreatedToken) => void }) {
  const [name, setName] = useState("");
  const [scope, setScope] = useState<"read" | "write">("write");
  const [days, setDays] = useState(0);
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
      const expiresAt = days > 0 ? new Date(Date.now() + days * DAY_MS).toISOString() : undefined;
      onCreated(await settingsApi.createToken({ name: name.trim(), scope, expiresAt }));
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
      <FormField id="token-scope" label="Access">
        <select
          id="token-scope"
          value={scope}
          onChange={(e) => setScope(e.currentTarget.value === "read" ? "read" : "write")}
        >
          <option value="write">Read and write</option>
          <option value="read">Read only</option>
        </select>
      </FormField>
      <FormField id="token-expiry" label="Expires">
        <select id="token-expiry" value={String(days)} onChange={(e) => setDays(Number(e.currentTarget.value))}>
          {LIFETIMES.map(([value, label]) => (
            <option key={value} value={String(value)}>
              {label}
            </option>
          ))}
        </select>
      </FormField>
      <button type="submit" class="button button--primary" disabled={busy}>
        {busy ? "Creating…" : "Create token"}
      </button>
      <InlineError error={failure} />
    </form>
  );
}
