/**
 * AttemptCounter: one per key (`idFromName("login:" + email)`), counting attempts in a sliding
 * window. Cloudflare's rate-limiting binding counts per location, so attempts on one account
 * spread over many addresses (and so many locations) would each get the full allowance there;
 * one object per key sees every attempt, wherever it comes from, one at a time.
 *
 * Storage holds at most `limit` rows (a refused attempt is not stored), and the alarm deletes
 * everything once the last attempt has left the window, so an idle key leaves nothing behind.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";

export interface AttemptVerdict {
  allowed: boolean;
  /** Seconds until the oldest counted attempt leaves the window; 0 when allowed. */
  retryAfterSeconds: number;
}

export class AttemptCounter extends DurableObject<Env> {
  /** Counts one attempt unless `limit` were already made in the last `windowMs`. */
  async hit(limit: number, windowMs: number): Promise<AttemptVerdict> {
    const sql = this.ctx.storage.sql;
    const now = Date.now();
    // The alarm's deleteAll() drops the table too, so make sure it is there.
    sql.exec("CREATE TABLE IF NOT EXISTS attempts (at INTEGER NOT NULL)");
    sql.exec("DELETE FROM attempts WHERE at <= ?", now - windowMs);
    const { count, oldest } = sql
      .exec<{ count: number; oldest: number | null }>("SELECT count(*) AS count, min(at) AS oldest FROM attempts")
      .one();
    if (count >= limit) {
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(((oldest ?? now) + windowMs - now) / 1000)) };
    }
    sql.exec("INSERT INTO attempts (at) VALUES (?)", now);
    await this.ctx.storage.setAlarm(now + windowMs);
    return { allowed: true, retryAfterSeconds: 0 };
  }

  override async alarm() {
    await this.ctx.storage.deleteAll();
  }
}
