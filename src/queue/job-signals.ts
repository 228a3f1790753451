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

export async function reportToHub(env: Env, userId: string, jobId: string, outcomes: Outcome[], _usage?: Usage) {
  if (outcomes.length === 0) return;
  await hubFor(env, userId).report(jobId, outcomes);
}

async function parkJob(env: Env, userId: string, jobId: string, park: Park, units: Unit[]) {
  // Until the hub can park a job: a quota ends the job with the reset time (its videos go back
  // to pending), and a long rate-limit wait is spent as a delayed redelivery.
  if (park.reason === "quota") {
    await hubFor(env, userId).failJob(jobId, `${park.message}; it resets at ${new Date(park.resumesAt).toISOString()}`);
    for (const unit of units) unit.msg.ack();
  } else {
    const delaySeconds = Math.max(1, Math.ceil((park.resumesAt - Date.now()) / 1000));
    for (const unit of units) unit.msg.retry({ delaySeconds });
  }
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
