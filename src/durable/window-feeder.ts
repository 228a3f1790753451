/**
 * The hub feeds the shared queue in windows: at most `window` videos of this user are on the
 * queue or with a consumer at once, so one user's big job never holds another user's small one
 * behind it for longer than about one window of work. Room is shared round-robin between the
 * user's running jobs, least recently fed first. A job is fed only once D1 says it is running,
 * because the consumer drops messages of a job D1 shows paused or finished.
 *
 * Rows are marked in flight before the send is awaited (so concurrent top-ups never pick the
 * same rows) and unmarked if the send fails (so the next top-up retries them). A send that did
 * go out but whose answer was lost only causes duplicates, which the hub counts once.
 */
import type { VideoMessage } from "../shared/messages";
import type { HubStorage } from "./hub-storage";
import type { WorkList } from "./work-list";

/** Queues take at most 100 messages (and 256 KB) per sendBatch; ours are ~200 bytes. */
const SEND_BATCH_MAX = 100;

export interface FeederDeps {
  store: HubStorage;
  work: WorkList;
  queue: Queue<VideoMessage>;
  window: number;
}

interface Taken {
  jobId: string;
  sentAt: number;
  message: VideoMessage;
}

let lastStamp = 0;

/** Sends what fits in the window. Resolves false if a send failed (its rows wait again). */
export async function topUp(deps: FeederDeps): Promise<boolean> {
  // Each top-up marks its rows with its own stamp, so a failed send unmarks only its own rows.
  lastStamp = Math.max(Date.now(), lastStamp + 1);
  const taken = takeRoundRobin(deps, lastStamp);
  for (let i = 0; i < taken.length; i += SEND_BATCH_MAX) {
    const chunk = taken.slice(i, i + SEND_BATCH_MAX);
    try {
      await deps.queue.sendBatch(chunk.map(({ message }) => ({ body: message, contentType: "json" })));
    } catch (error) {
      console.error(JSON.stringify({ message: "ProgressHub:topUp send failed; retrying", error: String(error) }));
      untake(deps.work, taken.slice(i));
      return false;
    }
  }
  return true;
}

/** Marks up to the free room of rows in flight, sharing it equally between the running jobs. */
function takeRoundRobin({ store, work, window }: FeederDeps, now: number): Taken[] {
  let room = window - work.inFlight();
  let jobs = store
    .jobs("running")
    .filter((job) => job.flushedStatus === "running" && work.unsent(job.id) > 0)
    .sort((a, b) => a.lastSentAt - b.lastSentAt);
  const taken: Taken[] = [];
  while (room > 0 && jobs.length > 0) {
    const share = Math.max(1, Math.floor(room / jobs.length));
    const stillWaiting: typeof jobs = [];
    for (const job of jobs) {
      if (room <= 0) break;
      const rows = work.take(job.id, Math.min(share, room), now);
      room -= rows.length;
      if (rows.length > 0) store.touchSent(job.id, now);
      for (const row of rows) {
        taken.push({
          jobId: job.id,
          sentAt: now,
          message: {
            kind: "video",
            jobId: job.id,
            userId: job.userId,
            listId: job.listId,
            videoId: row.videoId,
            youtubeId: row.youtubeId,
          },
        });
      }
      if (rows.length === share) stillWaiting.push(job);
    }
    jobs = stillWaiting;
  }
  return taken;
}

function untake(work: WorkList, unsent: Taken[]) {
  const byJob = new Map<string, { sentAt: number; ids: string[] }>();
  for (const item of unsent) {
    const entry = byJob.get(item.jobId) ?? { sentAt: item.sentAt, ids: [] };
    entry.ids.push(item.message.videoId);
    byJob.set(item.jobId, entry);
  }
  for (const [jobId, { sentAt, ids }] of byJob) work.untake(jobId, ids, sentAt);
}
