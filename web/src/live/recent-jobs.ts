import type { Job } from "../../../src/shared/schemas/jobs";
import { jobs } from "../store/server-state";
import { isRecent } from "./jobs-store";

/**
 * A list's recent jobs from the jobs route, so its page can draw the job card with its first
 * HTTP answers instead of waiting for the progress socket's snapshot; the socket then keeps the
 * card live. Only jobs the tab does not know are added: the socket's copy is newer than any
 * answer, and is never overwritten by one. Nothing is announced, as for the jobs a snapshot
 * brings: they were already running or done before the page opened.
 *
 * Beside jobs-store.ts rather than in it: only the list page uses it, and jobs-store.ts is in
 * every signed-in start's first screen, whose bytes are budgeted.
 */
export function learnRecentJobs(items: Job[]): void {
  const known = jobs.value;
  const fresh = items.filter((job) => !known[job.id] && isRecent(job));
  if (!fresh.length) return;
  const next = { ...known };
  for (const job of fresh) next[job.id] = { ...job, currentTitle: null, lastMessage: null };
  jobs.value = next;
}
