import type { Connection } from "../live/use-progress-socket";

/** Tells the user live progress is paused while the socket is down; silent while connected. */
export function ConnectionBanner({ connection }: { connection: Connection }) {
  if (connection.state !== "reconnecting") return null;
  const seconds = connection.retryInMs ? Math.round(connection.retryInMs / 1000) : null;
  return (
    <div class="banner banner--warning" role="status" aria-live="polite">
      <span class="spinner spinner--small" aria-hidden="true" />
      Reconnecting… live progress will catch up{seconds ? ` (next try in ${seconds} s)` : ""}.
    </div>
  );
}
