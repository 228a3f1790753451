import { e2e } from "./stack";

/**
 * Test side of the upstream gate (setup/upstream-gate.ts): hold the Worker's calls to YouTube
 * and Gemini so a job stays mid-way until the test says otherwise.
 */
async function setHold(hold: boolean | string) {
  const response = await fetch(`${e2e().gateUrl}/__gate`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ hold }),
  });
  if (!response.ok) throw new Error(`upstream gate answered ${response.status}`);
}

/** Hold every upstream call, or only those mentioning `text` (a YouTube id, say). */
export const holdUpstream = (text?: string) => setHold(text ?? true);
export const releaseUpstream = () => setHold(false);
