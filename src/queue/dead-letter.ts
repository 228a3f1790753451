/**
 * Messages that used up their retries land here. Each one's video is failed with the reason,
 * and counted, so no video stays `queued` and every job still ends.
 */
import { getDb } from "../db/client";
import { writeResults } from "../db/video-results";
import { hubFor } from "../durable/hub-client";
import type { Env } from "../env";
import { VideoMessage } from "../shared/messages";

export const GAVE_UP = "Gave up after repeated upstream errors; retry the job later";

export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env) {
  const bodies: VideoMessage[] = [];
  for (const msg of batch.messages) {
    const parsed = VideoMessage.safeParse(msg.body);
    if (parsed.success) bodies.push(parsed.data);
    else console.error(JSON.stringify({ message: "dropping malformed dead letter", id: msg.id }));
  }
  const written = await writeResults(
    getDb(env.DB),
    [],
    bodies.map((body) => ({ id: body.videoId, jobId: body.jobId, error: GAVE_UP })),
  );
  const byJob = new Map<string, { userId: string; videoIds: string[] }>();
  for (const body of bodies) {
    if (!written.has(body.videoId)) continue;
    const entry = byJob.get(body.jobId) ?? { userId: body.userId, videoIds: [] };
    entry.videoIds.push(body.videoId);
    byJob.set(body.jobId, entry);
  }
  await Promise.all(
    [...byJob].map(([jobId, { userId, videoIds }]) =>
      hubFor(env, userId).report(
        jobId,
        videoIds.map((videoId) => ({ videoId, status: "failed" as const, error: GAVE_UP })),
      ),
    ),
  );
  batch.ackAll();
}
