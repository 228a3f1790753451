/**
 * The hub's ordered log of progress events (the `events` table): what a reconnecting tab replays
 * and what `progress-history` pages through. `seq` increases across all of the user's jobs.
 */
import type { ProgressEvent } from "../shared/protocol";

export class EventLog {
  constructor(private readonly sql: SqlStorage) {}

  append(event: Omit<ProgressEvent, "seq">, now: number): ProgressEvent {
    const seq = this.sql
      .exec<{ seq: number }>("INSERT INTO events (job_id, at, body) VALUES (?, ?, '') RETURNING seq", event.jobId, now)
      .one().seq;
    const full = { ...event, seq } as ProgressEvent;
    this.sql.exec("UPDATE events SET body = ? WHERE seq = ?", JSON.stringify(full), seq);
    return full;
  }

  after(after: number, limit: number, jobId?: string): ProgressEvent[] {
    const rows = jobId
      ? this.sql.exec("SELECT body FROM events WHERE job_id = ? AND seq > ? ORDER BY seq LIMIT ?", jobId, after, limit)
      : this.sql.exec("SELECT body FROM events WHERE seq > ? ORDER BY seq LIMIT ?", after, limit);
    return rows.toArray().map((row) => JSON.parse(row.body as string) as ProgressEvent);
  }

  prune(olderThan: number) {
    this.sql.exec("DELETE FROM events WHERE at < ?", olderThan);
  }

  oldestAt(): number | null {
    return (this.sql.exec("SELECT min(at) AS at FROM events").one().at as number | null) ?? null;
  }
}
