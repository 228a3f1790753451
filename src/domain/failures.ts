/**
 * Which failed videos a retry can fix. A video fails with a reason a person reads (the queue's
 * verdicts and the dead-letter consumer write them); some reasons are about the video itself
 * (private, deleted, embedding off) and fail again on every retry, others are about the moment
 * (an upstream that kept erroring) and may well pass later. A video the model declined (a safety
 * or recitation stop) is declined again by the same model on a retry. Unknown reasons count as retryable:
 * letting a person try costs one more failure, hiding the retry could strand a fixable video.
 */

/** The reason of a video the model declined, `detail` being the vendor's words (its finish or block reason). */
export const modelDeclined = (detail: string) => `the model declined this video (${detail})`;

const PERMANENT: readonly RegExp[] = [
  /\bthe model declined this video\b/i,
  /unavailable or private/i,
  /\bwas deleted\b/i,
  /does not allow embedding/i,
  /refused the video \(HTTP (400|401|403|404|410)\)/i,
];

export function isRetryableFailure(reason: string | null | undefined): boolean {
  if (!reason) return true;
  return !PERMANENT.some((pattern) => pattern.test(reason));
}
