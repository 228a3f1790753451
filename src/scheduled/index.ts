/**
 * The Cron Trigger's dispatcher (`[triggers] crons` in wrangler.toml). Every task runs on every
 * tick, independently: one failing does not stop the others, and each failure is logged.
 */
import type { Config, Env } from "../env";
import { adoptOrphanJobs } from "./adopt-orphan-jobs";
import { dispatchSubscriptionChecks } from "./dispatch-subscription-checks";

type Task = (env: Env, config: Config) => Promise<void>;
const TASKS: [name: string, task: Task][] = [
  ["adoptOrphanJobs", adoptOrphanJobs],
  ["dispatchSubscriptionChecks", dispatchSubscriptionChecks],
];

export async function runScheduled(_controller: ScheduledController, env: Env, config: Config): Promise<void> {
  const results = await Promise.allSettled(TASKS.map(([, task]) => task(env, config)));
  results.forEach((result, i) => {
    if (result.status === "rejected") {
      console.error(
        JSON.stringify({ message: `scheduled task ${TASKS[i]?.[0]} failed`, error: String(result.reason) }),
      );
    }
  });
}
