import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { GAVE_UP } from "../../src/queue/dead-letter";
import { addVideos, createList, signUp, ytId } from "./helpers";
import { useFakeUpstream } from "./support/fake-upstream-fetch";
import { deliver, jobRow, startJobWithoutSending, videoStatuses } from "./support/jobs";

useFakeUpstream();

describe("dead-lettered messages", () => {
  it("fail their videos with a reason and still end the job with exact counts", async () => {
    const { token, userId } = await signUp();
    const list = await createList(token, { name: "Flaky" });
    await addVideos(
      token,
      list.id,
      Array.from({ length: 10 }, (_, i) => ytId(i)),
    );
    const { job, messages } = await startJobWithoutSending(userId, list.id);

    await deliver(messages.slice(0, 7));
    const result = await deliver(messages.slice(7), 6, env, "videos-dlq");
    expect(result.ackAll).toBe(true);

    expect(await jobRow(job.id)).toMatchObject({ status: "completed_with_errors", total: 10, processed: 7, failed: 3 });
    expect(await videoStatuses(job.id)).toEqual({ completed: 7, failed: 3 });
    const { results } = await env.DB.prepare("SELECT DISTINCT error FROM videos WHERE job_id = ? AND status = 'failed'")
      .bind(job.id)
      .all<{ error: string }>();
    expect(results).toEqual([{ error: GAVE_UP }]);
  });

  it("do not overwrite a video that finished after all, nor count it twice", async () => {
    const { token, userId } = await signUp();
    const list = await createList(token, { name: "Late" });
    await addVideos(token, list.id, [ytId(1), ytId(2)]);
    const { job, messages } = await startJobWithoutSending(userId, list.id);
    await deliver(messages);
    await deliver(messages, 6, env, "videos-dlq");
    expect(await jobRow(job.id)).toMatchObject({ status: "completed", processed: 2, failed: 0 });
    expect(await videoStatuses(job.id)).toEqual({ completed: 2 });
  });
});
