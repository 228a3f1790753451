/**
 * Lighthouse's CPU slowdown, calibrated to the machine it runs on. The mobile preset multiplies
 * every main-thread task by 4, which Lighthouse's throttling docs (docs/throttling.md,
 * "Calibrating the CPU slowdown") say takes a high-end desktop (benchmarkIndex 1500–2000) to a
 * mid-tier phone; on a slower host they say to lower it, and link a calculator from the
 * benchmarkIndex each report records (lighthouse-cpu-throttling-calculator, by Lighthouse's
 * maintainer). This applies that calculator's formula, and scores the same run again at it: the
 * trace and network log Lighthouse recorded are simulated once more with only the multiplier
 * changed, so the two scores differ by the calibration alone, not by another page load.
 */
import { auditFlowArtifacts } from "lighthouse";

/** The calculator's multiplier for a host's benchmarkIndex (≈ 4 at 1533, 3 at 1300, 2 at 800, 1 at 150). */
export function cpuMultiplierFor(benchmarkIndex: number): number {
  if (benchmarkIndex >= 1300) return 3 + (benchmarkIndex - 1300) / 233;
  if (benchmarkIndex >= 800) return 2 + (benchmarkIndex - 800) / 500;
  return Math.max(1, 1 + (benchmarkIndex - 150) / 650);
}

export interface CalibratedScore {
  cpuMultiplier: number;
  performance: number;
  lcpMs: number;
  tbtMs: number;
}

/** The run's own artifacts scored again with `multiplier` as the only change to its settings. */
export async function rescoreAt(artifacts: any, multiplier: number): Promise<CalibratedScore> {
  const throttling = { ...artifacts.settings.throttling, cpuSlowdownMultiplier: multiplier };
  const flow = await auditFlowArtifacts({
    gatherSteps: [
      {
        artifacts: { ...artifacts, settings: { ...artifacts.settings, throttling } },
        flags: { onlyCategories: artifacts.settings.onlyCategories, disableStorageReset: true, throttling },
      },
    ],
    name: "calibrated",
  } as any);
  const lhr = flow.steps[0]?.lhr as any;
  return {
    cpuMultiplier: Number(multiplier.toFixed(2)),
    performance: Math.round(lhr.categories.performance.score * 100),
    lcpMs: Math.round(lhr.audits["largest-contentful-paint"].numericValue),
    tbtMs: Math.round(lhr.audits["total-blocking-time"].numericValue),
  };
}
