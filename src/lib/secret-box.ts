/**
 * Secrets the app must read back (webhook signing keys), sealed with AES-256-GCM under a key
 * derived from a Worker secret that never reaches D1. Sealed text: `v1.<iv>.<ciphertext>`
 * (base64url); the version leaves room for a second key when the secret is rotated.
 */
import { base64Url, fromBase64Url } from "./ids";

const encoder = new TextEncoder();

async function aesKey(secret: string): Promise<CryptoKey> {
  const raw = await crypto.subtle.digest("SHA-256", encoder.encode(`tubelist-secret-box:${secret}`));
  return crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
}

export async function seal(plain: string, secret: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await aesKey(secret), encoder.encode(plain));
  return `v1.${base64Url(iv)}.${base64Url(new Uint8Array(sealed))}`;
}

export async function open(sealed: string, secret: string): Promise<string> {
  const [version, iv, body] = sealed.split(".");
  if (version !== "v1" || !iv || !body) throw new Error("Not a sealed secret");
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: fromBase64Url(iv) },
    await aesKey(secret),
    fromBase64Url(body),
  );
  return new TextDecoder().decode(plain);
}
