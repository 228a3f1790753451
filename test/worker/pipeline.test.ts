import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { addVideos, callJson, createList, signUp, ytId } from "./helpers";
import { useFakeUpstream } from "./support/fake-upstream-fetch";
import { deliver, getJob, hubJob, startJobWithoutSending, until } from "./support/jobs";

const upstream = useFakeUpstream();

async function waitForJob(
  token: string,
  jobId: string,
  done = (job: any) => !["running", "paused"].includes(job.status),
) {
  for (let i = 0; i < 400; i++) {
    const job = await callJson(`/api/jobs/${jobId}`, { token, expect: 200 });
    if (done(job)) return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${jobId} did not finish`);
}

describe("processing a list end to end (real queue, D1 and Durable Object)", () => {
  // 250 videos through the local runtime take a few seconds, more on a busy machine.
  it("runs a 250-video job to completed with exact counts and every video's metadata", {
    timeout: 60_000,
  }, async () => {
    const { token } = await signUp();
    const list = await createList(token, {
      name: "Course",
      fields: [
        { key: "level", label: "Level", type: "enum", options: ["easy", "medium", "hard"] },
        { key: "has_code", label: "Has code", type: "boolean" },
      ],
    });
    const ids = Array.from({ length: 250 }, (_, i) => ytId(i));
    await addVideos(token, list.id, ids);

    const preview = await callJson(`/api/lists/${list.id}/processing-status`, { token, expect: 200 });
    expect(preview).toMatchObject({
      total: 250,
      new: 250,
      processed: 0,
      needsRerun: 0,
      failed: 0,
      active: 0,
      activeJobId: null,
    });

    const job = await callJson(`/api/lists/${list.id}/process`, { token, body: {}, expect: 201 });
    expect(job).toMatchObject({ status: "running", total: 250, processed: 0, failed: 0, progress: 0 });

    const finished = await waitForJob(token, job.id);
    expect(finished).toMatchObject({ status: "completed", total: 250, processed: 250, failed: 0, progress: 100 });
    expect(finished.videos).toEqual({ pending: 0, queued: 0, processing: 0, completed: 250, failed: 0 });
    expect(finished.finishedAt).toEqual(expect.any(String));

    const { results } = await env.DB.prepare(
      "SELECT title, channel_title, duration_seconds, thumbnail_url, fields, processed_version FROM videos WHERE list_id = ?",
    )
      .bind(list.id)
      .all<Record<string, any>>();
    for (const row of results) {
      expect(row.title).toEqual(expect.any(String));
      expect(row.channel_title).toEqual(expect.any(String));
      expect(row.thumbnail_url).toMatch(/^https:\/\/i\.ytimg\.com\//);
      expect(Object.keys(JSON.parse(row.fields)).sort()).toEqual(["has_code", "level"]);
      expect(row.processed_version).toBe(preview.pipelineVersion);
    }
    // Batches of 100 messages, one videos.list per 50 ids: 250 videos cost 5 quota units.
    expect(upstream().videoIdsPerCall.map((call) => call.length)).toEqual([50, 50, 50, 50, 50]);
    // Up to 20 videos per generateContent call (13 calls for 250, one more per queue batch whose
    // size is not a multiple of 20), each video asked about exactly once, the field schema sent
    // once per call, not once per video.
    expect(upstream().calls.generateContent).toBeGreaterThanOrEqual(13);
    expect(upstream().calls.generateContent).toBeLessThanOrEqual(15);
    expect(Math.max(...upstream().geminiRequests.map((request) => request.youtubeIds.length))).toBe(20);
    const asked = upstream().geminiRequests.flatMap((request) => request.youtubeIds);
    expect(asked.sort()).toEqual([...ids].sort());
    for (const { body } of upstream().geminiRequests) {
      const item = (body.generationConfig as any).responseSchema.properties.videos.items;
      expect(Object.keys(item.properties)).toEqual(["_ref", "level", "has_code"]);
    }

    const after = await callJson(`/api/lists/${list.id}/processing-status`, { token, expect: 200 });
    expect(after).toMatchObject({ total: 250, new: 0, processed: 250, needsRerun: 0, failed: 0 });
    const again = await callJson(`/api/lists/${list.id}/process`, { token, body: {}, expect: 400 });
    expect(again.error.code).toBe("nothing_to_process");
  });
});

describe("a batch's results are written and counted per AI call, not at the end of the batch", () => {
  it("while one call of a batch is still out, the videos another call answered are completed and counted", async () => {
    const { token, userId } = await signUp();
    const list = await createList(token, {
      name: "Small job",
      fields: [{ key: "level", label: "Level", type: "enum", options: ["easy", "medium", "hard"] }],
    });
    const ids = Array.from({ length: 10 }, (_, i) => ytId(i));
    await addVideos(token, list.id, ids);
    const { job, messages } = await startJobWithoutSending(userId, list.id);

    // Five videos per call: one batch of ten makes two calls. The call carrying the last five is
    // held until the first five are completed in D1 and counted by the hub (or the wait gives up).
    const early = new Set(ids.slice(0, 5));
    let seenWhileHeld: { completed: number; counted: number } | null = null;
    upstream().override("generateContent", async () => {
      const asked = upstream().geminiRequests.at(-1)?.youtubeIds ?? [];
      if (asked.some((id) => id !== null && early.has(id))) return undefined;
      const read = async () => {
        const row = await env.DB.prepare(
          "SELECT count(*) AS n FROM videos WHERE job_id = ? AND status = 'completed' AND processed_version IS NOT NULL",
        )
          .bind(job.id)
          .first<{ n: number }>();
        seenWhileHeld = { completed: row?.n ?? 0, counted: (await hubJob(userId, job.id))?.processed ?? 0 };
        return seenWhileHeld.completed === 5 && seenWhileHeld.counted === 5;
      };
      await until("the first call's videos", read, 5_000).catch(() => {});
      return undefined;
    });

    await deliver(messages, 1, { ...env, AI_BATCH_SIZE: "5" });
    expect(upstream().geminiRequests.map((request) => request.youtubeIds.length)).toEqual([5, 5]);
    expect(seenWhileHeld).toEqual({ completed: 5, counted: 5 });
    const done = await getJob(token, job.id);
    expect(done).toMatchObject({ processed: 10, failed: 0 });
  });
});
