import { useEffect, useRef } from "preact/hooks";
import { announce } from "../lib/announce";
import type { Connection } from "../live/connection";

/**
 * Tells the user live progress is paused while the socket is down; silent while connected. The
 * change is announced once (through the live region), not on every retry countdown.
 */
export function ConnectionBanner({ connection }: { connection: Connection }) {
  const down = connection.state === "reconnecting";
  const wasDown = useRef(false);
  useEffect(() => {
    if (down && !wasDown.current) announce("Connection lost. Live progress will catch up when it is back.");
    if (!down && wasDown.current && connection.state === "open") announce("Live progress is back.");
    wasDown.current = down;
  }, [down, connection.state]);
  if (!down) return null;
  const seconds = connection.retryInMs ? Math.round(connection.retryInMs / 1000) : null;
  return (
    <div class="banner banner--warning">
      <span class="spinner spinner--small" aria-hidden="true" />
      Reconnecting… live progress will catch up{seconds ? ` (next try in ${seconds} s)` : ""}.
    </div>
  );
}
