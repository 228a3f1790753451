/**
 * The `videos` queue consumer. Works a batch at a time: validate, look up what D1 knows, skip
 * what is already done or no longer wanted, fetch upstream for the rest, write every result in
 * one D1 batch, then report to each user's ProgressHub once per job. A message is acknowledged
 * only after its outcome was written and counted; anything thrown before that redelivers it,
 * which is safe because writes are conditional and the hub counts each (job, video) once.
 */
import { getDb } from "../db/client";
import {
  type BatchVideo,
  type CompletedResult,
  type FailedResult,
  loadBatchContext,
  markProcessing,
  writeResults,
} from "../db/video-results";
import { processedVersionFor } from "../domain/pipeline-version";
import { hubFor } from "../durable/hub-client";
import type { Outcome } from "../durable/hub-contract";
import { type Env, readConfig } from "../env";
import { isJobFinished } from "../shared/constants";
import { VideoMessage } from "../shared/messages";
import type { Field } from "../shared/schemas/fields";
import { JobFatalError, runVideoWork, type WorkItem } from "./video-work";

type Msg = Message<unknown>;
interface Parsed {
  msg: Msg;
  body: VideoMessage;
}
/** A message whose video still needs upstream work. */
type WorkUnit = Parsed & { video: BatchVideo };

/** Outcomes to report, per job, with the messages to acknowledge once the hub has them. */
class Reports {
  private readonly byJob = new Map<string, { userId: string; outcomes: Outcome[]; messages: Msg[] }>();
  add(item: Parsed, outcome: Outcome) {
    const entry = this.byJob.get(item.body.jobId) ?? { userId: item.body.userId, outcomes: [], messages: [] };
    entry.outcomes.push(outcome);
    entry.messages.push(item.msg);
    this.byJob.set(item.body.jobId, entry);
  }
  async send(env: Env) {
    await Promise.all(
      [...this.byJob].map(async ([jobId, entry]) => {
        try {
          await hubFor(env, entry.userId).report(jobId, entry.outcomes);
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

export async function consumeVideoBatch(batch: MessageBatch<unknown>, env: Env, fetcher: typeof fetch = fetch) {
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

  if (work.length > 0) await processWork(work, context.listFields, env, fetcher, reports);
  await reports.send(env);
}

async function processWork(
  work: WorkUnit[],
  listFields: Map<string, Field[]>,
  env: Env,
  fetcher: typeof fetch,
  reports: Reports,
) {
  const db = getDb(env.DB);
  const items: WorkItem[] = work.map((item) => ({
    videoId: item.video.id,
    youtubeId: item.video.youtubeId,
    fields: listFields.get(item.body.listId) ?? [],
    attempts: item.msg.attempts,
  }));

  let verdicts: Awaited<ReturnType<typeof runVideoWork>>;
  try {
    // The status move is for people watching; it need not hold up the upstream calls.
    [, , verdicts] = await Promise.all([
      markProcessing(
        db,
        work.map((item) => item.video.id),
      ),
      noteProcessing(work, env),
      runVideoWork(items, readConfig(env), fetcher, env.AI),
    ]);
  } catch (error) {
    if (!(error instanceof JobFatalError)) throw error;
    await failJobs(work, error.message, env);
    return;
  }

  const versions = new Map<string, string>();
  for (const [listId, fields] of listFields) versions.set(listId, await processedVersionFor(fields));
  const completed: CompletedResult[] = [];
  const failed: FailedResult[] = [];
  // What each written video will report, decided once alongside its row.
  const pending: { item: WorkUnit; outcome: Outcome }[] = [];
  for (const item of work) {
    const verdict = verdicts.get(item.video.id);
    const base = { videoId: item.video.id };
    if (!verdict || verdict.kind === "retry") {
      item.msg.retry({ delaySeconds: verdict?.kind === "retry" ? verdict.delaySeconds : 5 });
    } else if (verdict.kind === "failed") {
      failed.push({ id: item.video.id, jobId: item.body.jobId, error: verdict.error });
      pending.push({ item, outcome: { ...base, status: "failed", title: item.video.title, error: verdict.error } });
    } else {
      const warning = verdict.warnings.length > 0 ? verdict.warnings.join("; ") : null;
      completed.push({
        id: item.video.id,
        jobId: item.body.jobId,
        metadata: verdict.metadata,
        fields: verdict.fields,
        warning,
        processedVersion: versions.get(item.body.listId) as string,
      });
      pending.push({ item, outcome: { ...base, status: "completed", title: verdict.metadata.title, error: warning } });
    }
  }

  const written = await writeResults(db, completed, failed);
  for (const { item, outcome } of pending) {
    if (written.has(item.video.id)) reports.add(item, outcome);
    else item.msg.ack(); // cancelled or taken by a newer job meanwhile: nothing to count
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

/** A rejected key or an exhausted quota fails every job in the batch; their unfinished videos go back to what they were. */
async function failJobs(work: Parsed[], message: string, env: Env) {
  const jobs = new Map(work.map((item) => [item.body.jobId, item.body.userId]));
  await Promise.all([...jobs].map(([jobId, userId]) => hubFor(env, userId).failJob(jobId, message)));
  for (const item of work) item.msg.ack();
}
