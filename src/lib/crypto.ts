/**
 * Password hashing and token secrets, on WebCrypto only.
 *
 * Passwords: PBKDF2-SHA256 with a per-user salt. 100,000 iterations is the most workerd allows
 * for PBKDF2; the count is stored with the hash so it can be raised later without a migration.
 * With a pepper (the `PASSWORD_PEPPER` secret, never in D1) the password is first keyed through
 * HMAC-SHA256(pepper, password), so a copy of the database alone cannot be brute-forced.
 * The scheme is the hash's first part, so hashes made before the pepper keep verifying:
 *   pbkdf2-sha256$<iterations>$<salt>$<hash>        password as given
 *   pbkdf2-sha256-hmac$<iterations>$<salt>$<hash>   password keyed with the pepper first
 * Tokens: 256 random bits, so a plain SHA-256 is enough to store them (nothing to brute-force).
 */
import { base64Url, fromBase64Url } from "./ids";

const PBKDF2_ITERATIONS = 100_000;
const PLAIN = "pbkdf2-sha256";
const PEPPERED = "pbkdf2-sha256-hmac";
const encoder = new TextEncoder();

async function pbkdf2(secret: BufferSource, salt: Uint8Array<ArrayBuffer>, iterations: number) {
  const key = await crypto.subtle.importKey("raw", secret, "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, 256);
  return new Uint8Array(bits);
}

async function hmacSha256(key: string, message: string): Promise<Uint8Array<ArrayBuffer>> {
  const hmacKey = await crypto.subtle.importKey("raw", encoder.encode(key), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", hmacKey, encoder.encode(message)));
}

async function kdfInput(scheme: string, plain: string, pepper: string | null): Promise<BufferSource> {
  if (scheme === PEPPERED) {
    if (!pepper) throw new PepperMissingError();
    return hmacSha256(pepper, plain);
  }
  return encoder.encode(plain);
}

/** A hash made with the pepper cannot be checked without it: a configuration error, not a wrong password. */
export class PepperMissingError extends Error {
  constructor() {
    super("A password hash needs PASSWORD_PEPPER, which is not set");
    this.name = "PepperMissingError";
  }
}

const schemeFor = (pepper: string | null) => (pepper ? PEPPERED : PLAIN);

export async function hashPassword(plain: string, pepper: string | null): Promise<string> {
  const scheme = schemeFor(pepper);
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await pbkdf2(await kdfInput(scheme, plain, pepper), salt, PBKDF2_ITERATIONS);
  return `${scheme}$${PBKDF2_ITERATIONS}$${base64Url(salt)}$${base64Url(hash)}`;
}

export interface Verification {
  valid: boolean;
  /** Right password, stored in an older scheme or with fewer iterations: store a fresh hash. */
  needsRehash: boolean;
}

export async function verifyPassword(plain: string, stored: string, pepper: string | null): Promise<Verification> {
  const [scheme, iterations, salt, expected] = stored.split("$");
  if ((scheme !== PLAIN && scheme !== PEPPERED) || !iterations || !salt || !expected) {
    return { valid: false, needsRehash: false };
  }
  const actual = await pbkdf2(await kdfInput(scheme, plain, pepper), fromBase64Url(salt), Number(iterations));
  const valid = timingSafeEqual(actual, fromBase64Url(expected));
  const current = scheme === schemeFor(pepper) && Number(iterations) >= PBKDF2_ITERATIONS;
  return { valid, needsRehash: valid && !current };
}

/** A stand-in hash so a login for an unknown email costs the same time as a wrong password. */
export const dummyPasswordHash = (pepper: string | null) =>
  `${schemeFor(pepper)}$${PBKDF2_ITERATIONS}$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;

/** Workers' constant-time comparison; typed here because the DOM's SubtleCrypto lacks it. */
type WorkersSubtle = SubtleCrypto & { timingSafeEqual(a: ArrayBufferView, b: ArrayBufferView): boolean };

function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  return (crypto.subtle as WorkersSubtle).timingSafeEqual(a, b);
}

/** A bearer secret: a short prefix saying what it is, then 256 random bits. */
export function newSecret(prefix = "tl"): string {
  return `${prefix}_${base64Url(crypto.getRandomValues(new Uint8Array(32)))}`;
}

export const newTokenSecret = () => newSecret("tl");

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}
