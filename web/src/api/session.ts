import { signal } from "@preact/signals";
import type { User } from "../../../src/shared/schemas/users";

/**
 * Who is signed in. The bearer token lives in localStorage so a reload stays signed in; the
 * user record is fetched again from /api/me on start.
 */
const TOKEN_KEY = "tubelist.token";

export interface Session {
  token: string | null;
  user: User | null;
  /** Why the last session ended, shown once on the sign-in page. */
  endedBecause: "expired" | null;
}

function readToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function writeToken(token: string | null) {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // Private mode without storage: the session simply lasts as long as the tab.
  }
}

export const session = signal<Session>({ token: readToken(), user: null, endedBecause: null });

export function signedIn(token: string, user: User) {
  writeToken(token);
  session.value = { token, user, endedBecause: null };
}

export function knownUser(user: User) {
  session.value = { ...session.value, user };
}

export function signedOut(reason: Session["endedBecause"] = null) {
  writeToken(null);
  session.value = { token: null, user: null, endedBecause: reason };
}

// Another tab signing in or out changes this tab too.
if (typeof window !== "undefined") {
  window.addEventListener("storage", (event) => {
    if (event.key !== TOKEN_KEY) return;
    if (!event.newValue) signedOut();
    else if (event.newValue !== session.value.token)
      session.value = { token: event.newValue, user: null, endedBecause: null };
  });
}
