/**
 * Opaque, URL-safe ids with a type prefix (`lst_…`, `vid_…`) so a pasted id says what it is.
 * They sort by creation: a millisecond timestamp and a per-isolate counter come first, so rows
 * created in the same millisecond (a pasted batch) keep their order when sorted by id. 96 random
 * bits follow, so ids stay unguessable and never collide across isolates.
 */
export type IdPrefix = "usr" | "tok" | "lst" | "vid" | "job" | "viw" | "sub" | "whk" | "msg";

// Base32 in ASCII order, so string order is numeric order.
const SORTABLE = "0123456789abcdefghijklmnopqrstuv";
let lastMillis = 0;
let counter = 0;

function sortable(value: number, length: number): string {
  let text = "";
  for (let i = 0; i < length; i++) {
    text = SORTABLE[value % 32] + text;
    value = Math.floor(value / 32);
  }
  return text;
}

export function newId(prefix: IdPrefix): string {
  const now = Date.now();
  counter = now === lastMillis ? counter + 1 : 0;
  lastMillis = now;
  return `${prefix}_${sortable(now, 9)}${sortable(counter, 4)}${base64Url(crypto.getRandomValues(new Uint8Array(12)))}`;
}

export function base64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const padded = text.replaceAll("-", "+").replaceAll("_", "/") + "===".slice((text.length + 3) % 4);
  return Uint8Array.from(atob(padded), (char) => char.charCodeAt(0));
}
