/**
 * A finished job's failures grouped by reason (GET /api/jobs/:id/failures), and a retry that
 * leaves out what retrying cannot fix (POST /api/jobs/:id/retry?only=retryable).
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { isRetryableFailure, modelDeclined } from "../../src/domain/failures";
import { GAVE_UP } from "../../src/queue/dead-letter";
import { UNAVAILABLE } from "../../src/queue/video-work";
import { addVideos, call, callJson, createList, expectErrorResponse, signUp, ytId } from "./helpers";
import { useFakeUpstream } from "./support/fake-upstream-fetch";
import { deliver, jobRow, startJobWithoutSending } from "./support/jobs";

const fake = useFakeUpstream();

/** A job over 10 videos: 5 done, 3 private (can never pass), 2 given up on after upstream errors. */
async function failureHeavyJob() {
  const { token, userId } = await signUp();
  const list = await createList(token, { name: "Mixed" });
  const ids = Array.from({ length: 10 }, (_, i) => ytId(i));
  for (const id of ids.slice(5, 8)) fake().missing.add(id);
  const videos = await addVideos(token, list.id, ids);
  const { job, messages } = await startJobWithoutSending(userId, list.id);
  await deliver(messages.slice(0, 8));
  await deliver(messages.slice(8), 6, env, "videos-dlq");
  expect(await jobRow(job.id)).toMatchObject({ status: "completed_with_errors", processed: 5, failed: 5 });
  const byYoutubeId = new Map(videos.map((v) => [v.youtubeId, v.id]));
  return {
    token,
    job,
    privateIds: ids.slice(5, 8).map((id) => byYoutubeId.get(id)),
    gaveUpIds: ids.slice(8).map((id) => byYoutubeId.get(id)),
  };
}

describe("job failures", { timeout: 30_000 }, () => {
  it("groups failed videos by reason, largest first, saying which a retry can fix", async () => {
    const { token, job, privateIds, gaveUpIds } = await failureHeavyJob();
    const failures = await callJson(`/api/jobs/${job.id}/failures`, { token, expect: 200 });
    expect(failures).toMatchObject({ failed: 5, retryable: 2 });
    expect(failures.groups.map((g: any) => [g.reason, g.retryable, g.count])).toEqual([
      [UNAVAILABLE, false, 3],
      [GAVE_UP, true, 2],
    ]);
    expect(failures.groups[0].videos.map((v: any) => v.id).sort()).toEqual([...privateIds].sort());
    expect(failures.groups[1].videos.map((v: any) => v.id).sort()).toEqual([...gaveUpIds].sort());
  });

  it("retry with only=retryable takes the fixable failures only; a plain retry takes them all", async () => {
    const { token, job, gaveUpIds } = await failureHeavyJob();
    const retried = await callJson(`/api/jobs/${job.id}/retry?only=retryable`, { token, method: "POST", expect: 201 });
    expect(retried).toMatchObject({ total: 2 });
    const { results } = await env.DB.prepare("SELECT id FROM videos WHERE job_id = ? ORDER BY id")
      .bind(retried.id)
      .all<{ id: string }>();
    expect(results.map((r) => r.id)).toEqual([...gaveUpIds].sort());

    const other = await failureHeavyJob();
    const all = await callJson(`/api/jobs/${other.job.id}/retry`, { token: other.token, method: "POST", expect: 201 });
    expect(all).toMatchObject({ total: 5 });
  });

  it("answers nothing_to_process when every failure is one a retry cannot fix", async () => {
    const { token, userId } = await signUp();
    const list = await createList(token, { name: "Private" });
    fake().missing.add(ytId(1));
    await addVideos(token, list.id, [ytId(1)]);
    const { job, messages } = await startJobWithoutSending(userId, list.id);
    await deliver(messages);
    await expectErrorResponse(
      await call(`/api/jobs/${job.id}/retry?only=retryable`, { token, method: "POST" }),
      400,
      "nothing_to_process",
    );
  });

  it("is the owner's only", async () => {
    const { job } = await failureHeavyJob();
    const stranger = await signUp("stranger");
    await expectErrorResponse(await call(`/api/jobs/${job.id}/failures`, { token: stranger.token }), 404, "not_found");
  });
});

describe("isRetryableFailure", () => {
  it.each([
    [UNAVAILABLE, false],
    ["Video was deleted", false],
    ["YouTube oEmbed refused the video (HTTP 401)", false],
    ["Its owner does not allow embedding, so YouTube shares no details of it without an API key", false],
    [GAVE_UP, true],
    ["YouTube oEmbed refused the video (HTTP 503)", true],
    [modelDeclined("Gemini API stopped: SAFETY"), false],
    ["the model's answer for this video did not fit the output limit", true],
    [null, true],
  ])("%s → %s", (reason, retryable) => {
    expect(isRetryableFailure(reason)).toBe(retryable);
  });
});
