/**
 * Lookups that scope every id to the signed-in user. Another user's list or job answers exactly
 * like a missing one (404), so ids reveal nothing about other accounts.
 */
import type { Context } from "hono";
import { findJob } from "../db/jobs";
import { findListRow } from "../db/lists";
import type { AppEnv } from "../env";
import { notFound } from "../errors";

export async function ownList(c: Context<AppEnv>, listId: string) {
  const list = await findListRow(c.var.db, c.var.user.id, listId);
  if (!list) throw notFound("List");
  return list;
}

export async function ownJob(c: Context<AppEnv>, jobId: string) {
  const job = await findJob(c.var.db, c.var.user.id, jobId);
  if (!job) throw notFound("Job");
  return job;
}
