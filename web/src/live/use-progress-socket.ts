import { useEffect } from "preact/hooks";
import { api, progressSocketUrl } from "../api/endpoints";
import { connection } from "./connection";
import { applyEvent, applySnapshot, clearJobs } from "./jobs-store";
import { ProgressSocket, type ProgressSocketOptions } from "./progress-socket";

export interface UseProgressSocketOptions {
  token: string | null;
  onConnectFailed?: () => void;
  /** Test seams: a fake socket and a fixed random for predictable backoff. */
  createSocket?: ProgressSocketOptions["createSocket"];
  /** Where tickets come from; the API by default. */
  fetchTicket?: () => Promise<string>;
  random?: () => number;
}

const ticketFromApi = async () => (await api.wsTicket()).ticket;

/**
 * Opens the tab's single live-progress socket while signed in and feeds the jobs store.
 * Mount it once, at the root of the signed-in app.
 *
 * The socket closes on `pagehide` and reopens on `pageshow`: a page holding an open WebSocket is
 * never put in the back/forward cache, so Back to the app would otherwise reload it from scratch.
 * Reopening asks for `after=<last seq>`, so nothing said meanwhile is missed.
 */
export function useProgressSocket({
  token,
  onConnectFailed,
  createSocket,
  fetchTicket = ticketFromApi,
  random,
}: UseProgressSocketOptions) {
  useEffect(() => {
    if (!token) return;
    const socket = new ProgressSocket({
      // The ticket request carries the token; a 401 there ends the session like any other call.
      url: async (after) => progressSocketUrl(await fetchTicket(), after),
      onSnapshot: applySnapshot,
      onEvent: applyEvent,
      onStateChange: (state, retryInMs) => {
        connection.value = { state, retryInMs };
      },
      onConnectFailed,
      createSocket,
      random,
    });
    socket.start();
    const wakeUp = () => socket.reconnectNow();
    const onVisible = () => document.visibilityState === "visible" && wakeUp();
    const onPageHide = () => socket.stop();
    const onPageShow = (event: PageTransitionEvent) => event.persisted && socket.start();
    window.addEventListener("online", wakeUp);
    document.addEventListener("visibilitychange", onVisible);
    window.addEventListener("pagehide", onPageHide);
    window.addEventListener("pageshow", onPageShow);
    return () => {
      window.removeEventListener("online", wakeUp);
      document.removeEventListener("visibilitychange", onVisible);
      window.removeEventListener("pagehide", onPageHide);
      window.removeEventListener("pageshow", onPageShow);
      socket.stop();
      clearJobs();
    };
    // The socket lives as long as the token; callbacks are read once on purpose.
  }, [token]);
  return connection.value;
}
