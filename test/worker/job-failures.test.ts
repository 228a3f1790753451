/**
 * A finished job's failures grouped by reason (GET /api/jobs/:id/failures), a retry that
 * leaves out what retrying cannot fix (POST /api/jobs/:id/retry?only=retryable), and jobs listed
 * by how they read (GET /api/jobs?outcome=): one whose every video failed reads as failed.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { isRetryableFailure, modelDeclined } from "../../src/domain/failures";
import { hubFor } from "../../src/durable/hub-client";
import { GAVE_UP } from "../../src/queue/dead-letter";
import { UNAVAILABLE } from "../../src/queue/video-work";
import { JOB_STATUSES } from "../../src/shared/constants";
import { shownStatus } from "../../src/shared/job-outcome";
import type { Job } from "../../src/shared/schemas/jobs";
import { addVideos, call, callJson, createList, expectErrorResponse, signUp, walkPages, ytId } from "./helpers";
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

/** A finished job over `ok` videos that pass and `missing` private ones, in a list of its own. */
async function finishedJob(user: { token: string; userId: string }, ok: number, missing: number, from: number) {
  const list = await createList(user.token, { name: `Run ${from}` });
  const ids = Array.from({ length: ok + missing }, (_, i) => ytId(from + i));
  for (const id of ids.slice(ok)) fake().missing.add(id);
  await addVideos(user.token, list.id, ids);
  const { job, messages } = await startJobWithoutSending(user.userId, list.id);
  await deliver(messages);
  return job;
}

describe("listing jobs by the status a person reads", { timeout: 30_000 }, () => {
  it("outcome=failed takes job-level failures and jobs whose every video failed; status= keeps the stored status", async () => {
    const user = await signUp();
    const done = await finishedJob(user, 2, 0, 0);
    const someFailed = await finishedJob(user, 1, 1, 10);
    const allFailed = await finishedJob(user, 0, 2, 20);
    const list = await createList(user.token, { name: "Key rejected" });
    await addVideos(user.token, list.id, [ytId(30), ytId(31)]);
    const { job: aborted } = await startJobWithoutSending(user.userId, list.id);
    await hubFor(env, user.userId).failJob(aborted.id, "The Gemini API key was rejected; check GEMINI_API_KEY");
    expect(await jobRow(allFailed.id)).toMatchObject({ status: "completed_with_errors", processed: 0, failed: 2 });
    expect(await jobRow(someFailed.id)).toMatchObject({ status: "completed_with_errors", processed: 1, failed: 1 });
    expect(await jobRow(aborted.id)).toMatchObject({ status: "failed" });

    const ids = async (query: string) =>
      (await callJson<{ items: Job[] }>(`/api/jobs?${query}`, { token: user.token, expect: 200 })).items
        .map((job) => job.id)
        .sort();
    expect(await ids("outcome=failed")).toEqual([aborted.id, allFailed.id].sort());
    expect(await ids("outcome=completed_with_errors")).toEqual([someFailed.id]);
    expect(await ids("outcome=completed")).toEqual([done.id]);
    // What status= means to API clients is unchanged.
    expect(await ids("status=failed")).toEqual([aborted.id]);
    expect(await ids("status=completed_with_errors")).toEqual([someFailed.id, allFailed.id].sort());
    expect(await ids("status=completed_with_errors&outcome=failed")).toEqual([allFailed.id]);

    // Each job is listed under exactly the status its badge shows, the rule the web UI reads.
    const all = (await callJson<{ items: Job[] }>("/api/jobs", { token: user.token, expect: 200 })).items;
    for (const outcome of JOB_STATUSES) {
      const shown = all.filter((job) => shownStatus(job) === outcome).map((job) => job.id);
      expect(await ids(`outcome=${outcome}`), outcome).toEqual(shown.sort());
    }

    const pages = await walkPages<Job>("/api/jobs?outcome=failed", user.token, 1);
    expect(pages.map((page) => page.length)).toEqual([1, 1]);
    expect(
      pages
        .flat()
        .map((job) => job.id)
        .sort(),
    ).toEqual([aborted.id, allFailed.id].sort());

    await expectErrorResponse(await call("/api/jobs?outcome=done", { token: user.token }), 400, "bad_request");
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
