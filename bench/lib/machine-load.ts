/**
 * How busy the machine was while something was measured, and how much of that was someone else.
 * The bench shares its cores with other work; the load average alone cannot tell the bench's own
 * wrangler/workerd apart from a neighbour's test run, so this also counts the CPU time of every
 * process outside the bench (machine busy time from /proc/stat minus the bench process and the
 * wrangler process group).
 */
import { loadavg } from "node:os";
import { allGroupPids, cpuSeconds, machineBusySeconds } from "./processes.ts";
import { round } from "./stats.ts";

export interface MachineLoad {
  seconds: number;
  /** 1-minute load average when the window opened and when it closed. */
  loadAverage: [number, number];
  /** Cores kept busy, on average, by processes other than the bench and its wrangler dev. */
  otherCoresBusy: number;
  /** Cores kept busy by the bench process (client, fake upstream) and wrangler dev (workerd). */
  benchCoresBusy: number;
}

export interface LoadWindow {
  end(): MachineLoad;
}

/** Opens a window; `end()` reports the load over it. `groupId` is wrangler's process group. */
export function watchMachine(groupId: () => number | undefined): LoadWindow {
  const ours = () => {
    const group = groupId();
    const wrangler = group ? allGroupPids(group).reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0), 0) : 0;
    const usage = process.cpuUsage();
    return wrangler + (usage.user + usage.system) / 1e6;
  };
  const startedAt = performance.now();
  const load = loadavg()[0] as number;
  const busy = machineBusySeconds();
  const own = ours();
  return {
    end() {
      const seconds = (performance.now() - startedAt) / 1000;
      const busyDelta = machineBusySeconds() - busy;
      const ownDelta = ours() - own;
      return {
        seconds: round(seconds, 1),
        loadAverage: [round(load, 2), round(loadavg()[0] as number, 2)],
        otherCoresBusy: round(Math.max(0, busyDelta - ownDelta) / Math.max(seconds, 0.001), 2),
        benchCoresBusy: round(ownDelta / Math.max(seconds, 0.001), 2),
      };
    },
  };
}
