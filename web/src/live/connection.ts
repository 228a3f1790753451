import { effect, signal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { ConnectionState } from "./progress-socket";

export interface Connection {
  state: ConnectionState;
  retryInMs: number | null;
}

/**
 * The live socket's state (use-progress-socket.ts writes it): the "Reconnecting…" banner shows
 * it, and screens that failed to load while the server was away read it to know it is back.
 * Its own module, without the socket, so every loading hook can read it for a few bytes.
 */
export const connection = signal<Connection>({ state: "stopped", retryInMs: null });

/**
 * Calls `retry` when the socket opens again after being down, if `failed` then: a screen that
 * could not load while the server was away loads by itself as the banner clears, instead of
 * keeping "Couldn't load this" until Try again. The first connection of a session retries nothing.
 */
export function useRetryWhenBack(failed: boolean, retry: () => void) {
  const latest = useRef({ failed, retry });
  latest.current = { failed, retry };
  useEffect(() => {
    let before = connection.peek().state;
    // A signal effect, not a read while rendering: the screen does not render on every change of state.
    return effect(() => {
      const now = connection.value.state;
      if (before === "reconnecting" && now === "open" && latest.current.failed) latest.current.retry();
      before = now;
    });
  }, []);
}
