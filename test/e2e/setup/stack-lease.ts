import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { afterAll, inject } from "vitest";
import type { E2eStack } from "./global-setup.ts";

/**
 * Setup file of the E2E project: before a test file is imported, it leases one of the global
 * setup's stacks for itself, so two files running at once never share a gate (one file holding
 * upstream calls would stall the other's job) or a database. A lease is a lock file created
 * with O_EXCL holding the leaser's pid; a file whose process died without releasing it (a
 * crashed worker) leaves a lock whose pid is gone, and that lock is taken over.
 */

const LEASE_POLL_MS = 100;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function tryLease(lock: string): boolean {
  try {
    const fd = openSync(lock, "wx");
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const holder = Number(readFileSync(lock, "utf8"));
    // A lock being written right now reads empty (NaN): its holder is alive, try the next stack.
    if (Number.isNaN(holder) || holder === 0 || alive(holder)) return false;
    unlinkSync(lock);
    return tryLease(lock);
  }
}

async function leaseStack(): Promise<E2eStack> {
  const { stacks, leaseDir } = inject("e2eStacks");
  for (;;) {
    for (const [index, stack] of stacks.entries()) {
      const lock = join(leaseDir, `stack-${index}.lock`);
      if (tryLease(lock)) {
        const release = () => {
          try {
            unlinkSync(lock);
          } catch {}
        };
        afterAll(release);
        process.once("exit", release);
        return stack;
      }
    }
    // More files at once than stacks (vitest's worker count changed): wait for one to finish.
    await new Promise((resolve) => setTimeout(resolve, LEASE_POLL_MS));
  }
}

(globalThis as { __e2eStack?: E2eStack }).__e2eStack = await leaseStack();
