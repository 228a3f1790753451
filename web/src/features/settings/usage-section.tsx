import { api, type Usage } from "../../api/endpoints";
import { ErrorState, Spinner } from "../../components/states";
import { formatDateTime, formatNumber } from "../../lib/format";
import { useAsync } from "../../lib/use-async";

/** What each cap is called on screen; a cap the server adds later shows under its own key. */
const CAP_LABEL: Record<string, string> = {
  lists: "Lists",
  videosPerList: "Videos in your largest list",
  apiTokens: "API tokens",
  activeJobs: "Jobs running at once",
  videosProcessedPerDay: "Videos processed today",
};

/** A cap's use from this share on reads as close to the limit. */
const NEAR = 0.8;

/** Today's spend (UTC day) and each cap's use of its maximum, as meters. */
export function UsageSection() {
  const usage = useAsync(() => api.usage(), []);
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
    ["Output tokens", usage.outputTokens + (usage.thinkingTokens ?? 0)],
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
          const label = CAP_LABEL[key] ?? key;
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
