import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

const NAMES = ["chromium", "chromium-browser", "google-chrome"];

export const INSTALL_HINT =
  "The end-to-end suite needs a Chromium. Install Debian's with `apt-get update && apt-get install -y chromium`, " +
  "or point CHROMIUM_PATH at a Chromium or Chrome binary.";

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * CHROMIUM_PATH, else the first of chromium / chromium-browser / google-chrome on PATH. A missing
 * browser fails the run with the install command: skipping would let CI pass without ever
 * opening the UI.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.CHROMIUM_PATH?.trim();
  if (configured) {
    if (executable(configured)) return configured;
    throw new Error(`CHROMIUM_PATH=${configured} is not an executable file. ${INSTALL_HINT}`);
  }
  for (const dir of (env.PATH ?? "").split(delimiter).filter(Boolean)) {
    for (const name of NAMES) {
      const candidate = join(dir, name);
      if (executable(candidate)) return candidate;
    }
  }
  throw new Error(`No Chromium found on PATH (looked for ${NAMES.join(", ")}). ${INSTALL_HINT}`);
}
