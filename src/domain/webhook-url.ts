/**
 * Which URLs a webhook may call. `https` to a public host only: no private, loopback,
 * link-local or otherwise internal address, so an endpoint cannot turn the sender into a probe
 * of a private network. With `ALLOW_INSECURE_WEBHOOKS=true` (local development) `http` and
 * loopback (`127.0.0.1`, `localhost`, `::1`) are allowed too, for a receiver on the same machine.
 * Only literal addresses can be judged here: Workers have no DNS lookup, so a public name that
 * resolves to a private address is stopped by the platform (Workers cannot reach private
 * networks), not by this check.
 */
export type UrlVerdict = { ok: true; url: string } | { ok: false; reason: string };

const INTERNAL_SUFFIXES = [".localhost", ".local", ".internal", ".lan", ".home.arpa", ".intranet"];

export function checkWebhookUrl(input: string, allowInsecure: boolean): UrlVerdict {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { ok: false, reason: "Not a URL" };
  }
  if (url.username || url.password) return { ok: false, reason: "A webhook URL may not carry credentials" };
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  const loopback = isLoopback(host);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && allowInsecure && loopback)) {
    return {
      ok: false,
      reason: allowInsecure ? "Use https (http only for 127.0.0.1 or localhost)" : "Use an https URL",
    };
  }
  if (loopback && !allowInsecure) return { ok: false, reason: "A webhook cannot call this machine's own address" };
  if (!loopback && isInternalHost(host)) {
    return { ok: false, reason: "A webhook must call a public host, not a private or link-local address" };
  }
  return { ok: true, url: url.toString() };
}

function isLoopback(host: string): boolean {
  if (host === "localhost" || host === "::1") return true;
  const v4 = ipv4(host);
  return v4 !== null && v4[0] === 127;
}

function isInternalHost(host: string): boolean {
  if (!host.includes(".") && !host.includes(":")) return true;
  if (INTERNAL_SUFFIXES.some((suffix) => host.endsWith(suffix))) return true;
  const v4 = ipv4(host);
  if (v4) return isPrivateV4(v4);
  if (host.includes(":")) return isPrivateV6(host);
  return false;
}

function ipv4(host: string): number[] | null {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part))) return null;
  const bytes = parts.map(Number);
  return bytes.every((byte) => byte <= 255) ? bytes : null;
}

function isPrivateV4([a = 0, b = 0]: number[]): boolean {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  );
}

function isPrivateV6(host: string): boolean {
  if (host === "::" || host === "::1") return true;
  // IPv4-mapped (::ffff:10.0.0.1) — the URL parser writes it in hex (::ffff:a00:1).
  if (host.startsWith("::ffff:")) return true;
  const first = Number.parseInt(host.split(":")[0] || "0", 16);
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
}
