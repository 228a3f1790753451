/**
 * Ending credentials. The rows go first, so nothing can reconnect with them; then the user's hub
 * closes every socket they opened. A hub that cannot be reached is logged, not thrown: the
 * credential is gone either way, and its sockets can only reconnect with a new ticket.
 */
import { hubFor } from "../durable/hub-client";
import type { Env } from "../env";
import { SOCKET_CLOSE } from "../shared/constants";

export async function closeCredentialSockets(env: Env, userId: string, credentialIds: string[]) {
  if (credentialIds.length === 0) return;
  const { code, reason } = SOCKET_CLOSE.credentialRevoked;
  try {
    await hubFor(env, userId).closeSockets(credentialIds, code, reason);
  } catch (error) {
    console.error(JSON.stringify({ message: "closing revoked sockets failed", userId, error: String(error) }));
  }
}
