/** The big list's CSV import: `BENCH_VIDEOS` rows in one request, timed by the client. */
import { bigList } from "../fixtures/big-list.ts";
import { round } from "../lib/stats.ts";
import type { Scenario } from "../scenario.ts";

export default {
  label: "4 import",
  summary: "a BENCH_VIDEOS-row CSV imported in one request",
  async run(ctx) {
    const { imported } = await bigList(ctx);
    ctx.add({
      metric: `${imported.rows}-row CSV, ${imported.requests === 1 ? "one request" : `${imported.requests} requests`}`,
      value: `${round(imported.seconds, 2)} s, ${Math.round(imported.rows / imported.seconds)} rows/s`,
      target: "< 5 s",
      met: imported.seconds < 5,
      how: "measured",
    });
    ctx.detail("import", { ...imported, seconds: round(imported.seconds, 3) });
  },
} satisfies Scenario;
