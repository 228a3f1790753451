import { useState } from "preact/hooks";
import { session } from "../api/session";
import { PageHeading } from "../components/page-heading";
import { ThemeSelect } from "../components/theme-select";
import { PasswordForm } from "../features/settings/password-form";
import { SessionsSection } from "../features/settings/sessions-section";
import { TokensSection } from "../features/settings/tokens-section";
import { UsageSection } from "../features/settings/usage-section";
import { WebhooksSection } from "../features/webhooks/webhooks-section";
import { formatDate } from "../lib/format";
import "../styles/settings.css";

/** Account, appearance, today's usage and limits, password, sessions, API tokens (with the MCP snippet) and webhooks. */
export function SettingsPage() {
  const { user } = session.value;
  // A password change signs every other session out: the list re-reads.
  const [sessionsKey, setSessionsKey] = useState(0);
  return (
    <main class="page page--narrow">
      <header class="page__header">
        <PageHeading title="Settings" />
      </header>
      <section class="card section" aria-labelledby="account-title">
        <h2 id="account-title">Account</h2>
        <p>
          Signed in as <strong>{user?.email ?? "…"}</strong>
          {user && <span class="muted"> · member since {formatDate(user.createdAt)}</span>}
        </p>
      </section>
      <section class="card section" aria-labelledby="appearance-title">
        <h2 id="appearance-title">Appearance</h2>
        <p class="muted">The colour theme for this device: the system's, or always light or dark.</p>
        <ThemeSelect />
      </section>
      <UsageSection />
      <PasswordForm onChanged={() => setSessionsKey((k) => k + 1)} />
      <SessionsSection reloadKey={sessionsKey} />
      <TokensSection />
      <WebhooksSection />
    </main>
  );
}
