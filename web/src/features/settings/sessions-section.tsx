import type { Session } from "../../../../src/shared/schemas/sessions";
import { settingsApi } from "../../api/settings-endpoints";
import { useConfirm } from "../../components/confirm";
import { EmptyState, ErrorState, errorMessage, Spinner } from "../../components/states";
import { toast } from "../../components/toasts";
import { formatDateTime, formatRelative } from "../../lib/format";
import { useAsync } from "../../lib/use-async";
import "../../styles/inline-forms.css";

/**
 * Where the account is signed in, and a way to end any other session. This one is ended with
 * Sign out, so it has no button here.
 */
export function SessionsSection({ reloadKey }: { reloadKey: number }) {
  const sessions = useAsync(() => settingsApi.sessions().then((r) => r.items), [reloadKey]);
  const [confirmDialog, ask] = useConfirm();

  const end = async (item: Session) => {
    const yes = await ask({
      title: "Sign out this session?",
      body: `The browser or device signed in ${formatDateTime(item.createdAt)} is signed out at once and its live updates stop.`,
      confirmLabel: "Sign it out",
    });
    if (!yes) return;
    try {
      await settingsApi.endSession(item.id);
      sessions.setData((items) => items?.filter((s) => s.id !== item.id));
      toast("success", "Session signed out");
    } catch (error) {
      toast("error", "Couldn't sign the session out", errorMessage(error));
    }
  };

  return (
    <section class="card section" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Sessions</h2>
      <p class="muted">
        Browsers signed in to your account. A session ends 30 days after sign-in, or after 7 days unused.
      </p>
      {sessions.loading && !sessions.data ? (
        <Spinner label="Loading sessions…" />
      ) : sessions.error ? (
        <ErrorState error={sessions.error} onRetry={sessions.reload} />
      ) : !sessions.data?.length ? (
        <EmptyState title="No sessions" />
      ) : (
        <ul class="token-list">
          {sessions.data.map((item) => (
            <li key={item.id} class="token-list__item">
              <div>
                <strong>Signed in {formatDateTime(item.createdAt)}</strong>{" "}
                {item.current && <span class="badge badge--completed">This browser</span>}
                <div class="muted small">Last used {formatRelative(item.lastUsedAt)}</div>
              </div>
              {!item.current && (
                <button
                  type="button"
                  class="button button--danger"
                  onClick={() => end(item)}
                  aria-label={`Sign out the session from ${formatDateTime(item.createdAt)}`}
                >
                  Sign out
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {confirmDialog}
    </section>
  );
}
