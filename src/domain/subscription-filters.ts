/**
 * Which new videos of a source a subscription keeps. Title keywords need only the playlist
 * item; durations (min, max, Shorts) need `videos.list` metadata, fetched only when asked for.
 */
import { SHORTS_MAX_SECONDS } from "../shared/constants";
import type { SubscriptionFilters } from "../shared/schemas/subscriptions";

export const needsDurations = (filters: SubscriptionFilters) =>
  filters.minDurationSeconds !== undefined ||
  filters.maxDurationSeconds !== undefined ||
  filters.excludeShorts === true;

/** Any keyword, anywhere in the title, ignoring case (and accents' case forms, via toLocaleLowerCase). */
export function titleMatches(filters: SubscriptionFilters, title: string): boolean {
  const keywords = filters.titleIncludes ?? [];
  if (keywords.length === 0) return true;
  const haystack = title.toLocaleLowerCase();
  return keywords.some((keyword) => haystack.includes(keyword.toLocaleLowerCase()));
}

/**
 * `durationSeconds` null means YouTube gave no length (a live or upcoming broadcast, or a video
 * gone private meanwhile): it passes `excludeShorts`, but not a min or max, which it cannot meet.
 */
export function durationMatches(filters: SubscriptionFilters, durationSeconds: number | null): boolean {
  const { minDurationSeconds: min, maxDurationSeconds: max, excludeShorts } = filters;
  if (durationSeconds === null) return min === undefined && max === undefined;
  if (excludeShorts && durationSeconds <= SHORTS_MAX_SECONDS) return false;
  if (min !== undefined && durationSeconds < min) return false;
  if (max !== undefined && durationSeconds > max) return false;
  return true;
}
