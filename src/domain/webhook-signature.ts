/**
 * The Standard Webhooks scheme (https://www.standardwebhooks.com/): the secret is `whsec_` +
 * base64 of the key bytes; each attempt is signed as HMAC-SHA256(key, `${id}.${timestamp}.${body}`)
 * with the timestamp in seconds, sent as `webhook-signature: v1,<base64>`.
 */
const SECRET_PREFIX = "whsec_";
const encoder = new TextEncoder();

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

/** 32 random bytes (the scheme asks for 24 to 64). */
export const newWebhookSecret = () => SECRET_PREFIX + toBase64(crypto.getRandomValues(new Uint8Array(32)));

export interface SignedHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

export async function signWebhook(secret: string, id: string, timestampSeconds: number, body: string) {
  const keyBytes = Uint8Array.from(atob(secret.slice(SECRET_PREFIX.length)), (char) => char.charCodeAt(0));
  const key = await crypto.subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(`${id}.${timestampSeconds}.${body}`));
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestampSeconds),
    "webhook-signature": `v1,${toBase64(new Uint8Array(mac))}`,
  } satisfies SignedHeaders;
}
