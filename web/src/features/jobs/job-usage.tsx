import type { Job } from "../../../../src/shared/schemas/jobs";
import { formatNumber } from "../../lib/format";

/**
 * What a job has spent upstream so far: YouTube quota units, AI calls and tokens (thinking
 * apart: it is billed like output). Rows of the drawer's definition list.
 */
export function JobUsage({ usage }: { usage: Job["usage"] }) {
  return (
    <>
      <div>
        <dt>YouTube units</dt>
        <dd>{formatNumber(usage.youtubeUnits)}</dd>
      </div>
      <div>
        <dt>AI calls</dt>
        <dd>{formatNumber(usage.aiCalls)}</dd>
      </div>
      <div>
        <dt>Tokens</dt>
        <dd>
          {formatNumber(usage.inputTokens)} in · {formatNumber(usage.outputTokens)} out ·{" "}
          {formatNumber(usage.thinkingTokens)} thinking
        </dd>
      </div>
    </>
  );
}
