/**
 * Process helpers for the bench. `wrangler dev` itself is started by test/support/dev-server.ts
 * (shared with the end-to-end suite), which SIGKILLs its process group on any exit; here: temp
 * dirs removed on exit, Ctrl-C / SIGTERM turned into that exit, and /proc readings of the group.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
// Loaded first, so its exit hook (kill wrangler's group) runs before the one here (remove its dirs).
import "../../test/support/dev-server.ts";

const tempDirs = new Set<string>();
/** A temp dir that is removed on any exit, also Ctrl-C or a failure. */
export const removeOnExit = (dir: string) => tempDirs.add(dir);
process.on("exit", () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
});
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(sig, () => {
    // process.exit runs the exit hooks: dev-server.ts kills wrangler's group, the hook above removes the dirs.
    console.error(`\nbench: ${sig}, stopping wrangler and exiting`);
    process.exit(130);
  });
}

/** The workerd processes in a process group (wrangler dev runs one), from /proc. */
export function workerdPids(groupId: number): number[] {
  return groupPids(groupId, (comm) => comm.includes("workerd"));
}

/** Processes in a process group whose command name matches, from /proc. */
export function groupPids(groupId: number, match: (comm: string) => boolean): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const fields = stat.slice(close + 2).split(" ");
      if (Number(fields[2]) === groupId && match(comm)) pids.push(Number(entry));
    } catch {
      // Exited while we looked.
    }
  }
  return pids;
}

/** VmRSS in MiB, or null once the process is gone. */
export function rssMiB(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process has used so far, or null once it is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}
