import { announcement } from "../lib/announce";

/**
 * The page's one live region. Alternating two slots makes the same sentence, said twice, count
 * as a change for screen readers without clearing and re-adding text on a timer.
 */
export function LiveRegion() {
  const { text, n } = announcement.value;
  return (
    <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      {n % 2 === 0 ? <span key="a">{text}</span> : <span key="b">{text}</span>}
    </div>
  );
}
