import { settingsApi, type Usage } from "../../api/settings-endpoints";
import { ErrorState, Spinner } from "../../components/states";
import { capLabel } from "../../lib/caps";
import { formatDateTime, formatNumber } from "../../lib/format";
import { useAsync } from "../../lib/use-async";

/** A cap's use from this share on reads as close to the limit. */
const NEAR = 0.8;

/** Today's spend (UTC day) and each cap's use of its maximum, as meters. */
export function UsageSection() {
  const usage = useAsync(() => settingsApi.usage(), []);
  return (
    <section class="card section" aria-labelledby="usage-title">
      <h2 id="usage-title">Usage</h2>
      {usage.loading && !usage.data ? (
        <Spinner label="Loading usage…" />
      ) : !usage.data ? (
        <ErrorState error={usage.error} onRetry={usage.reload} />
      ) : (
        <UsageFigures usage={usage.data} />
      )}
    </section>
  );
}

export function UsageFigures({ usage }: { usage: Usage }) {
  const today: [string, number][] = [
    ["Videos processed", usage.videosProcessed],
    ["AI calls", usage.aiCalls],
    ["Input tokens", usage.inputTokens],
    ["Output tokens", usage.outputTokens],
    // Thinking is billed like output; shown apart so a model that thinks a lot is visible.
    ["Thinking tokens", usage.thinkingTokens],
    ["YouTube units", usage.youtubeUnits],
  ];
  return (
    <>
      <p class="muted small">
        Today, {formatDateTime(usage.day.start)} to {formatDateTime(usage.day.end)} (the day runs in UTC).
      </p>
      <dl class="usage-figures">
        {today.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{formatNumber(value)}</dd>
          </div>
        ))}
      </dl>
      <h3>Limits</h3>
      <ul class="usage-meters">
        {Object.entries(usage.limits).map(([key, { max, used }]) => {
          const label = capLabel(key);
          const share = max > 0 ? Math.min(1, used / max) : 1;
          return (
            <li key={key} class={share >= NEAR ? "usage-meter usage-meter--near" : "usage-meter"}>
              <label for={`cap-${key}`}>{label}</label>
              <meter id={`cap-${key}`} min={0} max={max} value={Math.min(used, max)} high={max * NEAR} optimum={0} />
              <span class="usage-meter__figure">
                {formatNumber(used)} of {formatNumber(max)}
              </span>
            </li>
          );
        })}
      </ul>
    </>
  );
}
