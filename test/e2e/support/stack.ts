import { inject } from "vitest";
import type { E2eStack } from "../setup/global-setup.ts";

/** The app this test file leased (setup/stack-lease.ts) and the Chromium to drive it with. */
export function e2e(): E2eStack & { chromiumPath: string } {
  const stack = (globalThis as { __e2eStack?: E2eStack }).__e2eStack;
  if (!stack) throw new Error("no E2E stack leased: is test/e2e/setup/stack-lease.ts the project's setup file?");
  return { ...stack, chromiumPath: inject("e2eStacks").chromiumPath };
}
