/**
 * Opaque, URL-safe ids with a type prefix (`lst_…`, `vid_…`) so a pasted id says what it is.
 * 128 random bits: unguessable, so ids in URLs leak nothing and never collide in practice.
 */
export type IdPrefix = "usr" | "tok" | "lst" | "vid" | "job";

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${base64Url(crypto.getRandomValues(new Uint8Array(16)))}`;
}

export function base64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function fromBase64Url(text: string): Uint8Array {
  const padded = text.replaceAll("-", "+").replaceAll("_", "/") + "===".slice((text.length + 3) % 4);
  return Uint8Array.from(atob(padded), (char) => char.charCodeAt(0));
}
