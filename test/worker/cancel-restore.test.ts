/**
 * A job that stops early gives each video it did not finish back as it was before the job took
 * it: pending if never processed, completed or failed with its previous values and error, and
 * belonging to the job that last finished it. The table, processing-status and the Process
 * preview then agree. Cancel and a job-level failure behave alike.
 */
import { env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { hubFor } from "../../src/durable/hub-client";
import type { Video } from "../../src/shared/schemas/videos";
import { addVideos, allVideos, callJson, createList, signUp, ytId } from "./helpers";
import { useFakeUpstream } from "./support/fake-upstream-fetch";
import {
  deliver,
  expectHubAndD1Agree,
  getJob,
  releaseHubSends,
  startJobWithoutSending,
  waitForJob,
} from "./support/jobs";

const upstream = useFakeUpstream();
vi.setConfig({ testTimeout: 30_000 });

const FIELDS = [{ key: "topic", label: "Topic", type: "text" }];
const byYoutubeId = (videos: Video[]) => new Map(videos.map((video) => [video.youtubeId, video]));
/** A video as a user sees it, without the time of its last change. */
const shown = ({ updatedAt: _updatedAt, ...video }: Video) => video;

/** A list whose first job completed 6 videos and failed 2, plus 2 videos added since (pending). */
async function processedList() {
  const { token, userId } = await signUp("restore");
  const list = await createList(token, { name: "Restore", fields: FIELDS });
  await addVideos(
    token,
    list.id,
    Array.from({ length: 8 }, (_, i) => ytId(i)),
  );
  upstream().missing.add(ytId(2)).add(ytId(5));
  const first = await callJson(`/api/lists/${list.id}/process`, { token, body: {}, expect: 201 });
  expect(await waitForJob(token, first.id)).toMatchObject({ status: "completed_with_errors", processed: 6, failed: 2 });
  upstream().missing.clear();
  await addVideos(token, list.id, [ytId(8), ytId(9)]);
  return { token, userId, listId: list.id, firstJobId: first.id, before: byYoutubeId(await allVideos(token, list.id)) };
}

/** Every video the stopped job did not finish is exactly as it was before it; the counts agree. */
async function expectRestored(token: string, listId: string, before: Map<string, Video>, finishedByJob: string[]) {
  const after = byYoutubeId(await allVideos(token, listId));
  for (const [youtubeId, video] of before) {
    if (finishedByJob.includes(youtubeId)) continue;
    expect(shown(after.get(youtubeId)!), youtubeId).toEqual(shown(video));
  }
  const byStatus: Record<string, number> = {};
  for (const video of after.values()) byStatus[video.status] = (byStatus[video.status] ?? 0) + 1;
  const status = await callJson(`/api/lists/${listId}/processing-status`, { token, expect: 200 });
  // The table and the preview say the same: 7 done, 2 failed as before, 1 never processed.
  expect(byStatus).toEqual({ completed: 7, failed: 2, pending: 1 });
  expect(status).toMatchObject({ total: 10, processed: 7, failed: 2, new: 1, needsRerun: 0, active: 0 });
  return status;
}

describe("what a job that stops early gives back", () => {
  it("cancel: previously completed and failed videos keep their values and errors, new ones are pending", async () => {
    const { token, userId, listId, firstJobId, before } = await processedList();
    expect(before.get(ytId(2))).toMatchObject({ status: "failed", error: expect.stringMatching(/unavailable/i) });
    expect(before.get(ytId(1))).toMatchObject({ status: "completed", fields: { topic: expect.any(String) } });

    // "Reprocess every video", cancelled after two of them.
    const { job, messages } = await startJobWithoutSending(userId, listId);
    expect(job.total).toBe(10);
    const early = messages.filter((m) => m.youtubeId === ytId(0) || m.youtubeId === ytId(8));
    await deliver(early);
    expect(await hubFor(env, userId).cancelJob(job.id)).toMatchObject({ ok: true, job: { processed: 2 } });
    expect(await expectHubAndD1Agree(userId, job.id)).toMatchObject({ status: "cancelled", processed: 2 });

    await expectRestored(token, listId, before, [ytId(0), ytId(8)]);
    // The cancelled job holds only what it finished; the first job has its videos back.
    expect((await getJob(token, job.id)).videos).toEqual({
      pending: 0,
      queued: 0,
      processing: 0,
      completed: 2,
      failed: 0,
    });
    expect((await getJob(token, firstJobId)).videos).toMatchObject({ completed: 5, failed: 2 });

    // Process takes exactly what the preview promised: the two failed and the one never processed.
    await releaseHubSends(userId);
    const next = await callJson(`/api/lists/${listId}/process`, { token, body: {}, expect: 201 });
    expect(next.total).toBe(3);
    expect(await waitForJob(token, next.id)).toMatchObject({ status: "completed", processed: 3 });
  });

  it("a job-level failure gives the videos back the same way", async () => {
    const { token, userId, listId, before } = await processedList();
    const { job, messages } = await startJobWithoutSending(userId, listId);
    await deliver(messages.filter((m) => m.youtubeId === ytId(0) || m.youtubeId === ytId(8)));
    const failed = await hubFor(env, userId).failJob(job.id, "The Gemini API key was rejected; check GEMINI_API_KEY");
    expect(failed).toMatchObject({
      ok: true,
      job: { status: "failed", errorMessage: expect.stringMatching(/GEMINI/) },
    });
    expect(await expectHubAndD1Agree(userId, job.id)).toMatchObject({ status: "failed", processed: 2 });
    await expectRestored(token, listId, before, [ytId(0), ytId(8)]);
  });
});
