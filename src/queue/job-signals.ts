/**
 * What the consumer tells a job's hub beyond outcomes, in one place: report (outcomes plus the
 * upstream spend), park (the job waits for a rate limit or a daily quota, its remaining videos
 * claimed and untouched, and resumes by itself at `resumesAt`), fail (the upstream rejected the
 * configuration: every further call would fail alike).
 */
import type { Db } from "../db/client";
import { markQueuedAgain } from "../db/video-results";
import { hubFor } from "../durable/hub-client";
import type { Outcome } from "../durable/hub-contract";
import type { Env } from "../env";
import type { Usage, Verdict } from "./video-work";

interface Unit {
  msg: Message<unknown>;
  body: { jobId: string; userId: string; videoId: string };
}
type Park = Extract<Verdict, { kind: "park" }>;

/** Outcomes (possibly none) and the upstream spend behind them. */
export async function reportToHub(env: Env, userId: string, jobId: string, outcomes: Outcome[], usage?: Usage) {
  if (outcomes.length === 0 && !usage) return;
  await hubFor(env, userId).report(jobId, outcomes, usage);
}

/**
 * The job waits, paused with the reason, until `resumesAt`, when its hub resumes it and sends its
 * unfinished videos again; the messages in hand are done with (acknowledged), so waiting spends
 * no delivery attempt. A job that is no longer running (cancelled, paused by its owner) keeps
 * its state; its messages are acknowledged all the same, as for any job that is not running.
 */
async function parkJob(env: Env, userId: string, jobId: string, park: Park, units: Unit[]) {
  await hubFor(env, userId).parkJob(jobId, { reason: park.reason, resumesAt: park.resumesAt, message: park.message });
  for (const unit of units) unit.msg.ack();
}

/** Parks and failures collected over a batch, sent once it is done, one call per job. */
export class JobSignals {
  private readonly parks = new Map<string, { userId: string; park: Park; units: Unit[] }>();
  private readonly failures = new Map<string, { userId: string; message: string; units: Unit[] }>();

  park(unit: Unit, park: Park) {
    const { jobId, userId } = unit.body;
    const entry = this.parks.get(jobId) ?? { userId, park, units: [] };
    // A quota outlasts a rate limit; of two waits, the job waits for the later.
    if (park.reason === "quota" && entry.park.reason !== "quota") entry.park = park;
    else if (park.reason === entry.park.reason && park.resumesAt > entry.park.resumesAt) entry.park = park;
    entry.units.push(unit);
    this.parks.set(jobId, entry);
  }

  fail(unit: Unit, message: string) {
    const { jobId, userId } = unit.body;
    const entry = this.failures.get(jobId) ?? { userId, message, units: [] };
    entry.units.push(unit);
    this.failures.set(jobId, entry);
  }

  async send(env: Env, db: Db) {
    await Promise.all(
      [...this.failures].map(async ([jobId, { userId, message, units }]) => {
        await hubFor(env, userId).failJob(jobId, message);
        for (const unit of units) unit.msg.ack();
      }),
    );
    const parks = [...this.parks].filter(([jobId]) => !this.failures.has(jobId));
    await markQueuedAgain(
      db,
      parks.flatMap(([, { units }]) => units.map((unit) => unit.body.videoId)),
    );
    await Promise.all(parks.map(([jobId, { userId, park, units }]) => parkJob(env, userId, jobId, park, units)));
  }
}
