/**
 * When a daily quota comes back. Google resets YouTube Data API and Gemini per-day quotas at
 * midnight Pacific time (daylight saving included); Cloudflare resets Workers AI's daily free
 * allocation at midnight UTC.
 */
export type QuotaReset = "midnight-pacific" | "midnight-utc";

const DAY_MS = 86_400_000;

/** The zone's offset from UTC at `at`, in ms (Pacific: −7 h or −8 h). */
function offsetMs(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
  return local - Math.floor(at / 1000) * 1000;
}

/** The next midnight in `timeZone` strictly after `now`, as epoch ms. */
export function nextMidnight(timeZone: string, now: number): number {
  const localNow = now + offsetMs(timeZone, now);
  const localMidnight = Math.floor(localNow / DAY_MS) * DAY_MS + DAY_MS;
  // The offset at midnight may differ from now's (a DST change today): take the one in force then.
  const guess = localMidnight - offsetMs(timeZone, now);
  return localMidnight - offsetMs(timeZone, guess);
}

export function nextQuotaReset(reset: QuotaReset, now: number): number {
  return reset === "midnight-utc"
    ? Math.floor(now / DAY_MS) * DAY_MS + DAY_MS
    : nextMidnight("America/Los_Angeles", now);
}
