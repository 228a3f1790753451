/**
 * What the finished big job left in the ProgressHub's SQLite storage, read from the persist dir
 * after wrangler stopped (a copy, so SQLite can replay the WAL without touching the original).
 */
import { existsSync } from "node:fs";
import { cp, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { processingRun } from "../fixtures/processing-run.ts";
import type { Scenario } from "../scenario.ts";

async function findFiles(dir: string, match: (path: string) => boolean): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await findFiles(path, match)));
    else if (match(path)) found.push(path);
  }
  return found;
}

export default {
  label: "7 storage",
  summary: "ProgressHub rows the finished big job left behind (read after wrangler stopped)",
  async run(ctx) {
    await processingRun(ctx);
  },
  async afterStop(ctx) {
    const { job } = await processingRun(ctx);
    const files = await findFiles(ctx.stateDir, (p) => p.includes("ProgressHub") && p.endsWith(".sqlite"));
    let jobs = 0;
    let outcomes = 0;
    let events = 0;
    let bytes = 0;
    /** The hub's work list (since it feeds the queue in windows): rows a finished job should not keep. */
    let work = 0;
    const hubFiles: string[] = [];
    for (const file of files) {
      const copy = await mkdtemp(join(tmpdir(), "tubelist-bench-do-"));
      try {
        for (const suffix of ["", "-wal", "-shm"]) {
          if (existsSync(file + suffix)) await cp(file + suffix, join(copy, `hub.sqlite${suffix}`));
        }
        const db = new DatabaseSync(join(copy, "hub.sqlite"));
        try {
          if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'jobs'").get()) continue;
          hubFiles.push(file.slice(ctx.stateDir.length));
          const count = (sql: string) => Number((db.prepare(sql).get(job.id) as { n: number }).n);
          bytes += (await stat(file)).size + (existsSync(`${file}-wal`) ? (await stat(`${file}-wal`)).size : 0);
          jobs += count("SELECT count(*) AS n FROM jobs WHERE id = ?");
          outcomes += count("SELECT count(*) AS n FROM outcomes WHERE job_id = ?");
          events += count("SELECT count(*) AS n FROM events WHERE job_id = ?");
          if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'work'").get())
            work += count("SELECT count(*) AS n FROM work WHERE job_id = ?");
        } finally {
          db.close();
        }
      } finally {
        await rm(copy, { recursive: true, force: true });
      }
    }
    const total = jobs + outcomes + events;
    ctx.add({
      metric: "ProgressHub rows left by the finished job (job / outcomes / events)",
      value: `${total} (${jobs} / ${outcomes} / ${events}) for ${job.total} videos${work ? `, and ${work} work rows` : ""}`,
      target: "bounded, not per video",
      met: outcomes === 0 && work === 0 && total < job.total / 10,
      how: "measured",
    });
    ctx.detail("storage", {
      hubFiles,
      candidates: files.map((f) => f.slice(ctx.stateDir.length)),
      hubBytes: bytes,
      jobs,
      outcomes,
      events,
      work,
    });
  },
} satisfies Scenario;
