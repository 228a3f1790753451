/**
 * The first Intl formatter a renderer process makes builds V8's lists of available locales and
 * loads ICU's locale data: ≈ 30 ms of CPU here, 4× that on a phone, in one task, and every
 * signed-in screen formats numbers and dates (lib/format.ts). Both are process-wide and a
 * dedicated worker runs in its page's process, so made in one they are ready for the main
 * thread's formatters (≈ 0.3 ms each afterwards, whatever their options).
 *
 * The worker's script is a blob, not a file: a file is fetched at the lowest priority, after the
 * screen's chunks, and on a busy HTTP/1.1 server it arrived after the main thread had made its
 * first formatter itself. If the worker cannot start, that is all that happens.
 */
const WARM_UP =
  "new Intl.NumberFormat().format(0);new Intl.DateTimeFormat().format(0);new Intl.RelativeTimeFormat();close()";

export function warmIntlOffMainThread() {
  const url = URL.createObjectURL(new Blob([WARM_UP], { type: "text/javascript" }));
  new Worker(url);
  // The constructor has resolved the blob already (the URL parser takes its entry).
  URL.revokeObjectURL(url);
}
