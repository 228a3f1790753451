/**
 * The ProgressHub's SQLite schema, as ordered steps. Each step runs once per object (recorded in
 * `schema_steps`), so an object created by an older version is brought forward in place.
 */

const STEPS: string[] = [
  // 1: job mirrors, counted outcomes, the event log.
  `CREATE TABLE IF NOT EXISTS jobs (
     id TEXT PRIMARY KEY,
     list_id TEXT NOT NULL,
     status TEXT NOT NULL,
     total INTEGER NOT NULL,
     processed INTEGER NOT NULL DEFAULT 0,
     failed INTEGER NOT NULL DEFAULT 0,
     error_message TEXT,
     base TEXT NOT NULL,
     last_report_at INTEGER NOT NULL,
     last_event_at INTEGER NOT NULL DEFAULT 0,
     flushed_at INTEGER NOT NULL DEFAULT 0,
     dirty INTEGER NOT NULL DEFAULT 0,
     redrives INTEGER NOT NULL DEFAULT 0,
     finished_at INTEGER
   );
   CREATE TABLE IF NOT EXISTS outcomes (
     job_id TEXT NOT NULL,
     video_id TEXT NOT NULL,
     status TEXT NOT NULL,
     PRIMARY KEY (job_id, video_id)
   ) WITHOUT ROWID;
   CREATE TABLE IF NOT EXISTS events (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     job_id TEXT NOT NULL,
     at INTEGER NOT NULL,
     body TEXT NOT NULL
   );
   CREATE INDEX IF NOT EXISTS events_job ON events (job_id, seq);
   CREATE INDEX IF NOT EXISTS events_at ON events (at);`,

  // 2: the hub feeds the queue (work list loaded from D1 page by page), numbers every change
  // (revision), parks and meters jobs. A job that was active under step 1 had all its messages
  // sent already; it loads its work list like a new one, and the duplicates count once.
  `ALTER TABLE jobs ADD COLUMN user_id TEXT NOT NULL DEFAULT '';
   ALTER TABLE jobs ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE jobs ADD COLUMN flushed_revision INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE jobs ADD COLUMN flushed_status TEXT;
   ALTER TABLE jobs ADD COLUMN paused_reason TEXT;
   ALTER TABLE jobs ADD COLUMN resumes_at INTEGER;
   ALTER TABLE jobs ADD COLUMN usage TEXT NOT NULL DEFAULT '{}';
   ALTER TABLE jobs ADD COLUMN last_sent_at INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE jobs ADD COLUMN load_after TEXT NOT NULL DEFAULT '';
   ALTER TABLE jobs ADD COLUMN loaded_all INTEGER NOT NULL DEFAULT 0;
   UPDATE jobs SET revision = dirty, flushed_status = status,
     paused_reason = CASE WHEN status = 'paused' THEN 'user' END;
   ALTER TABLE jobs DROP COLUMN dirty;
   ALTER TABLE jobs DROP COLUMN redrives;
   CREATE TABLE work (
     job_id TEXT NOT NULL,
     video_id TEXT NOT NULL,
     youtube_id TEXT NOT NULL,
     sent_at INTEGER,
     redrives INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (job_id, video_id)
   ) WITHOUT ROWID;
   CREATE INDEX work_sent ON work (sent_at, job_id);`,
];

export function migrate(sql: SqlStorage) {
  sql.exec("CREATE TABLE IF NOT EXISTS schema_steps (step INTEGER PRIMARY KEY)");
  const done = (sql.exec("SELECT max(step) AS step FROM schema_steps").one().step as number | null) ?? 0;
  for (let step = done + 1; step <= STEPS.length; step++) {
    sql.exec(STEPS[step - 1] as string);
    sql.exec("INSERT INTO schema_steps (step) VALUES (?)", step);
  }
}
