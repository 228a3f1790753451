/**
 * Display helpers: numbers, durations and dates the way a person reads them. Every number the UI
 * shows goes through formatNumber or formatCount: `n.toLocaleString()` builds a new Intl formatter
 * on each call (a table's column or a facet list paid it per value), these are made once.
 */

const compact = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat();

export const formatCount = (n: number | null | undefined) => (n == null ? "—" : compact.format(n));
export const formatNumber = (n: number | null | undefined) => (n == null ? "—" : whole.format(n));

/** 3725 → "1:02:05", 65 → "1:05". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null) return "—";
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  const pad = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

// One formatter each: toLocaleDateString with options builds a new one on every call, which a
// table of dates pays for on every render.
const day = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const dayAndTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "—" : day.format(date);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "—" : dayAndTime.format(date);
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 31_536_000],
  ["month", 2_592_000],
  ["week", 604_800],
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];

/** "3 minutes ago", "yesterday"; anything under a minute is "just now". */
export function formatRelative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "never";
  const seconds = (Date.parse(iso) - now) / 1000;
  if (Number.isNaN(seconds)) return "—";
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return "just now";
}

export const plural = (n: number, one: string, many = `${one}s`) => `${whole.format(n)} ${n === 1 ? one : many}`;

/** A YouTube link that starts playback at a chapter. */
export const youtubeAt = (url: string, seconds: number) => `${url}${url.includes("?") ? "&" : "?"}t=${seconds}s`;

/** Time between two ISO instants, roughly: "45 s", "3 min", "2 h 5 min". */
export function formatElapsed(fromIso: string, toIso: string): string {
  return formatElapsedMs(Date.parse(toIso) - Date.parse(fromIso));
}

/** A span of milliseconds, roughly: "45 s", "3 min", "2 h 5 min". */
export function formatElapsedMs(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (Number.isNaN(seconds)) return "—";
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
