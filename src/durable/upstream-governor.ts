/**
 * UpstreamGovernor: one per upstream and credential (`idFromName("gemini:<key hash>")`, see
 * governor-client.ts). Every consumer invocation asks it for a permit before calling that
 * upstream and tells it how the call went, so all of them together keep to the configured rate,
 * slow down together when the upstream throttles, and learn at once when the day's quota is gone
 * (see pacing.ts for the arithmetic). A Durable Object is single-threaded, so a permit is a
 * reservation no other caller can also get. The state is one small row in its SQLite storage,
 * written on every change: a quota refusal must outlive an eviction.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import {
  type Cost,
  initialPaceState,
  type Pace,
  type PaceState,
  type Permit,
  rateFactor,
  reserve,
  type Settlement,
  settle,
} from "./pacing";

export class UpstreamGovernor extends DurableObject<Env> {
  private state: PaceState = initialPaceState();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      ctx.storage.sql.exec(
        "CREATE TABLE IF NOT EXISTS pace (id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL)",
      );
      const row = ctx.storage.sql.exec<{ state: string }>("SELECT state FROM pace WHERE id = 1").toArray()[0];
      if (row) this.state = { ...initialPaceState(), ...(JSON.parse(row.state) as Partial<PaceState>) };
    });
  }

  /** A permit to call now or after `waitMs`, or a refusal saying until when, if the wait exceeds `maxWaitMs`. */
  async acquire(pace: Pace, cost: Cost, maxWaitMs: number): Promise<Permit> {
    const { state, permit } = reserve(this.state, pace, cost, Date.now(), maxWaitMs);
    this.save(state);
    return permit;
  }

  /** How the permitted call went: the real token count, a throttle answer, or a used-up daily quota. */
  async settle(pace: Pace, outcome: Settlement): Promise<void> {
    this.save(settle(this.state, pace, outcome, Date.now()));
  }

  /** Counters and the rate in force, for benchmarks and tests. */
  async snapshot() {
    const now = Date.now();
    return { ...this.state, factor: rateFactor(this.state, now), now };
  }

  private save(state: PaceState) {
    this.state = state;
    this.ctx.storage.sql.exec(
      "INSERT INTO pace (id, state) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state",
      JSON.stringify(state),
    );
  }
}
