/**
 * Process helpers for the bench. `wrangler dev` itself is started by test/support/dev-server.ts
 * (shared with the end-to-end suite), which SIGKILLs its process group on any exit; here: temp
 * dirs removed on exit, Ctrl-C / SIGTERM turned into that exit, and /proc readings of the group.
 */
import { readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
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

/** Every process in a process group, from /proc. */
export const allGroupPids = (groupId: number) => groupPids(groupId, () => true);

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

/** CPU seconds the whole machine has been busy (all cores summed: not idle, not waiting on I/O), from /proc/stat. */
export function machineBusySeconds(): number {
  const fields = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) / 100;
}

/** Where a process's listening TCP sockets are (ports), from /proc/<pid>/fd and /proc/net/tcp{,6}. */
export function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkOrEmpty(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1] as string);
    }
  } catch {
    return [];
  }
  const ports: number[] = [];
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const [, local, , state, , , , , , inode] = line.trim().split(/\s+/);
      // State 0A is LISTEN; the local address is hex "ADDR:PORT".
      if (state === "0A" && inode && inodes.has(inode)) ports.push(Number.parseInt(local?.split(":")[1] ?? "0", 16));
    }
  }
  return ports;
}

function readlinkOrEmpty(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return "";
  }
}

/** VmRSS split into anonymous memory (heaps, malloc) and file-backed pages, in MiB. */
export function rssSplitMiB(pid: number): { anon: number; file: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
    return { anon: kb("RssAnon") / 1024, file: (kb("RssFile") + kb("RssShmem")) / 1024 };
  } catch {
    return null;
  }
}
