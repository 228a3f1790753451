/**
 * Job lifecycle entry points used by routes. The pipeline work routes every state change of a
 * running job through the user's ProgressHub; deleting a list must stop its job first.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { jobs, nowIso, videos } from "../db/schema";
import type { Env } from "../env";

export async function cancelActiveJobOfList(_env: Env, db: Db, userId: string, listId: string): Promise<void> {
  const active = await db.query.jobs.findFirst({
    where: and(eq(jobs.listId, listId), eq(jobs.userId, userId), inArray(jobs.status, ["running", "paused"])),
  });
  if (!active) return;
  await db.batch([
    db.update(jobs).set({ status: "cancelled", finishedAt: nowIso, updatedAt: nowIso }).where(eq(jobs.id, active.id)),
    db
      .update(videos)
      .set({ status: "pending", updatedAt: sql`${nowIso}` })
      .where(and(eq(videos.jobId, active.id), inArray(videos.status, ["queued", "processing"]))),
  ]);
}
