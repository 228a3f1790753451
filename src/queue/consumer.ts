/**
 * The `videos` queue consumer. Works a batch at a time: validate, look up what D1 knows, skip
 * what is already done or no longer wanted, then run the upstream work (video-work.ts) and, as
 * each part of it settles (the metadata failures, then each AI call's videos), write that part's
 * results and usage in one D1 batch and report it to each user's ProgressHub. Parts are written
 * one at a time; those that settle while one is being written share the next write
 * (group-commit.ts). A message is acknowledged only after its outcome was written and counted;
 * anything thrown before that redelivers it, which is safe because writes are conditional and
 * the hub counts each (job, video) once. Jobs that must wait (rate limit, daily quota) are
 * parked; jobs whose upstream rejects the configuration are failed (job-signals.ts).
 */
import { type Db, getDb } from "../db/client";
import {
  type BatchVideo,
  type CompletedResult,
  type FailedResult,
  loadBatchContext,
  markProcessing,
  type UsageDelta,
  writeResults,
} from "../db/video-results";
import { processedVersionFor } from "../domain/pipeline-version";
import { hubFor } from "../durable/hub-client";
import type { Outcome } from "../durable/hub-contract";
import type { Config, Env } from "../env";
import { isJobFinished } from "../shared/constants";
import { VideoMessage } from "../shared/messages";
import type { Field } from "../shared/schemas/fields";
import { groupCommit } from "./group-commit";
import { JobSignals, reportToHub } from "./job-signals";
import { upstreamsFor } from "./upstreams";
import { mergeSettled, noUsage, runVideoWork, type Settled, type Usage, type WorkItem } from "./video-work";

type Msg = Message<unknown>;
export interface Parsed {
  msg: Msg;
  body: VideoMessage;
}
/** A message whose video still needs upstream work. */
type WorkUnit = Parsed & { video: BatchVideo };

/** Outcomes to report, per job, with the messages to acknowledge once the hub has them. */
class Reports {
  private readonly byJob = new Map<string, { userId: string; outcomes: Outcome[]; messages: Msg[]; usage?: Usage }>();
  private entry(jobId: string, userId: string) {
    const entry = this.byJob.get(jobId) ?? { userId, outcomes: [], messages: [] };
    this.byJob.set(jobId, entry);
    return entry;
  }
  add(item: Parsed, outcome: Outcome) {
    const entry = this.entry(item.body.jobId, item.body.userId);
    entry.outcomes.push(outcome);
    entry.messages.push(item.msg);
  }
  addUsage(jobId: string, userId: string, usage: Usage) {
    this.entry(jobId, userId).usage = usage;
  }
  jobs() {
    return [...this.byJob.keys()];
  }
  async send(env: Env) {
    await Promise.all(
      [...this.byJob].map(async ([jobId, entry]) => {
        try {
          await reportToHub(env, entry.userId, jobId, entry.outcomes, entry.usage);
          for (const msg of entry.messages) msg.ack();
        } catch (error) {
          console.error(
            JSON.stringify({ message: "report failed; messages will be redelivered", jobId, error: String(error) }),
          );
          for (const msg of entry.messages) msg.retry({ delaySeconds: 5 });
        }
      }),
    );
  }
}

const outcomeOf = (video: Pick<BatchVideo, "id" | "status" | "title" | "error">): Outcome => ({
  videoId: video.id,
  status: video.status === "completed" ? "completed" : "failed",
  title: video.title,
  error: video.error,
});

function parseMessages(batch: MessageBatch<unknown>): Parsed[] {
  const parsed: Parsed[] = [];
  for (const msg of batch.messages) {
    const result = VideoMessage.safeParse(msg.body);
    if (result.success) parsed.push({ msg, body: result.data });
    else {
      console.error(
        JSON.stringify({ message: "dropping malformed queue message", id: msg.id, issues: result.error.issues }),
      );
      msg.ack();
    }
  }
  return parsed;
}

export async function consumeVideoBatch(batch: MessageBatch<unknown>, env: Env, config: Config) {
  const messages = parseMessages(batch);
  if (messages.length === 0) return;
  const db = getDb(env.DB);
  const context = await loadBatchContext(
    db,
    messages.map((m) => m.body.videoId),
    [...new Set(messages.map((m) => m.body.jobId))],
    [...new Set(messages.map((m) => m.body.listId))],
  );

  const reports = new Reports();
  const work: WorkUnit[] = [];
  for (const item of messages) {
    const video = context.videos.get(item.body.videoId);
    const jobStatus = context.jobStatus.get(item.body.jobId);
    // Finished or unknown jobs want nothing more; a paused job's videos stay queued and are
    // re-sent on resume (retrying here would burn delivery attempts for as long as the pause lasts).
    if (!jobStatus || isJobFinished(jobStatus) || jobStatus === "paused") item.msg.ack();
    else if (!video) reports.add(item, { videoId: item.body.videoId, status: "failed", error: "Video was deleted" });
    else if (video.jobId !== item.body.jobId) item.msg.ack();
    else if (video.status === "completed" || video.status === "failed") reports.add(item, outcomeOf(video));
    else if (video.status === "pending") item.msg.ack();
    else work.push({ ...item, video });
  }

  if (work.length > 0) await processWork(db, work, context.listFields, env, config);
  await reports.send(env);
}

async function processWork(db: Db, work: WorkUnit[], listFields: Map<string, Field[]>, env: Env, config: Config) {
  const units = new Map(work.map((unit) => [unit.video.id, unit]));
  const items: WorkItem[] = work.map((unit) => ({
    videoId: unit.video.id,
    youtubeId: unit.video.youtubeId,
    jobId: unit.body.jobId,
    userId: unit.body.userId,
    listId: unit.body.listId,
    fields: listFields.get(unit.body.listId) ?? [],
    attempts: unit.msg.attempts,
  }));
  const userOfJob = new Map(work.map((unit) => [unit.body.jobId, unit.body.userId]));
  const versions = new Map<string, string>();
  for (const [listId, fields] of listFields) versions.set(listId, await processedVersionFor(fields));
  const signals = new JobSignals();
  const unreported = new UnreportedSpend();

  const settle = async (settled: Settled) => {
    const completed: CompletedResult[] = [];
    const failed: FailedResult[] = [];
    // What each written video will report, decided once alongside its row.
    const pending: { unit: WorkUnit; outcome: Outcome }[] = [];
    for (const [videoId, verdict] of settled.verdicts) {
      const unit = units.get(videoId) as WorkUnit;
      const { jobId } = unit.body;
      const base = { videoId };
      switch (verdict.kind) {
        case "retry":
          unit.msg.retry({ delaySeconds: verdict.delaySeconds });
          break;
        case "park":
          signals.park(unit, verdict);
          break;
        case "fatal":
          signals.fail(unit, verdict.message);
          break;
        case "failed":
          failed.push({ id: videoId, jobId, error: verdict.error, metadata: verdict.metadata });
          pending.push({
            unit,
            outcome: {
              ...base,
              status: "failed",
              title: verdict.metadata?.title ?? unit.video.title,
              error: verdict.error,
            },
          });
          break;
        case "completed": {
          const warning = verdict.warnings.length > 0 ? verdict.warnings.join("; ") : null;
          completed.push({
            id: videoId,
            jobId,
            metadata: verdict.metadata,
            fields: verdict.fields,
            warning,
            processedVersion: versions.get(unit.body.listId) as string,
          });
          pending.push({
            unit,
            outcome: { ...base, status: "completed", title: verdict.metadata.title, error: warning },
          });
        }
      }
    }

    const written = await writeResults(db, completed, failed, usageByUser(settled, completed, userOfJob));
    const reports = new Reports();
    for (const { unit, outcome } of pending) {
      if (written.has(unit.video.id)) reports.add(unit, outcome);
      else unit.msg.ack(); // cancelled or taken by a newer job meanwhile: nothing to count
    }
    // Spend rides along with the job's next outcomes, so a part that settled nothing (the
    // metadata calls, a retried call) costs its hub no report of its own.
    for (const [jobId, usage] of settled.usage) unreported.add(jobId, usage);
    for (const jobId of reports.jobs()) {
      const usage = unreported.take(jobId);
      if (usage) reports.addUsage(jobId, userOfJob.get(jobId) as string, usage);
    }
    await reports.send(env);
  };

  // The status move is for people watching; it need not hold up the upstream calls.
  await Promise.all([
    markProcessing(
      db,
      work.map((unit) => unit.video.id),
    ),
    noteProcessing(work, env),
    upstreamsFor(config, env, fetch).then((upstreams) =>
      runVideoWork(
        items,
        upstreams,
        groupCommit((parts: Settled[]) => settle(mergeSettled(parts))),
      ),
    ),
  ]);
  const leftover = new Reports();
  for (const [jobId, usage] of unreported.entries()) leftover.addUsage(jobId, userOfJob.get(jobId) as string, usage);
  await Promise.all([leftover.send(env), signals.send(env, db)]);
}

/** Upstream spend per job not yet handed to its hub. */
class UnreportedSpend {
  private readonly byJob = new Map<string, Usage>();
  add(jobId: string, usage: Usage) {
    const entry = this.byJob.get(jobId) ?? noUsage();
    for (const key of Object.keys(usage) as (keyof Usage)[]) entry[key] += usage[key];
    this.byJob.set(jobId, entry);
  }
  take(jobId: string): Usage | undefined {
    const usage = this.byJob.get(jobId);
    this.byJob.delete(jobId);
    return usage;
  }
  entries() {
    return this.byJob.entries();
  }
}

/** Tells each job's hub which of its videos this batch works on (one call per job); never throws. */
async function noteProcessing(work: WorkUnit[], env: Env) {
  const byJob = new Map<string, { userId: string; videoIds: string[] }>();
  for (const item of work) {
    const entry = byJob.get(item.body.jobId) ?? { userId: item.body.userId, videoIds: [] };
    entry.videoIds.push(item.video.id);
    byJob.set(item.body.jobId, entry);
  }
  await Promise.all(
    [...byJob].map(([jobId, { userId, videoIds }]) =>
      hubFor(env, userId)
        .noteProcessing(jobId, videoIds)
        .catch((error: unknown) =>
          console.warn(JSON.stringify({ message: "processing note not delivered", jobId, error: String(error) })),
        ),
    ),
  );
}

/** One usage row per user of the part: their spend, and a row even for none if they completed videos. */
function usageByUser(settled: Settled, completed: CompletedResult[], userOfJob: Map<string, string>): UsageDelta[] {
  const rows = new Map<string, UsageDelta>();
  const row = (userId: string) => {
    const entry = rows.get(userId) ?? { userId, ...noUsage() };
    rows.set(userId, entry);
    return entry;
  };
  for (const result of completed) row(userOfJob.get(result.jobId) as string);
  for (const [jobId, usage] of settled.usage) {
    const userId = userOfJob.get(jobId);
    if (!userId) continue;
    const entry = row(userId);
    for (const key of Object.keys(usage) as (keyof Usage)[]) entry[key] += usage[key];
  }
  return [...rows.values()];
}
