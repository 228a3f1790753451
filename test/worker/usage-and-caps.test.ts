/**
 * GET /api/usage and the per-user caps, as a user meets them: today's usage grows with the work
 * the consumer does (a duplicate delivery adds no processed video), and a request over a cap is
 * refused with 422 `limit_reached` `{limit, max}` and changes nothing. Caps are set low per test
 * through their environment overrides.
 */
import { describe, expect, it } from "vitest";
import { CAPS } from "../../src/domain/caps";
import { type CallOptions, call, callJson, createList, expectErrorResponse, signUp, ytId } from "./helpers";
import { useFakeUpstream } from "./support/fake-upstream-fetch";
import { deliver, startJobWithoutSending, until } from "./support/jobs";

const upstream = useFakeUpstream();

/** Calls the Worker as `call` does, with these bindings instead of the default ones. */
const callWith = (bindings: Partial<Cloudflare.Env>, path: string, options: CallOptions = {}) =>
  call(path, { ...options, bindings });

async function expectLimit(response: Response, limit: string, max: number) {
  const error = await expectErrorResponse(response, 422, "limit_reached");
  expect(error.details).toEqual({ limit, max });
  expect(error.message).toMatch(new RegExp(`limit of ${max}`));
}

const FIELDS = [{ key: "level", label: "Level", type: "enum", options: ["easy", "hard"] }];

/** The list's only job, as its owner reads it. */
async function jobUsage(token: string, listId: string) {
  const { items } = await callJson(`/api/jobs?listId=${listId}`, { token, expect: 200 });
  return { job: await callJson(`/api/jobs/${items[0].id}`, { token, expect: 200 }) };
}

describe("GET /api/usage", () => {
  it("starts the day at zero, with every cap's default and use", async () => {
    const { token } = await signUp("usage");
    const usage = await callJson("/api/usage", { token, expect: 200 });
    const today = new Date().toISOString().slice(0, 10);
    expect(usage).toEqual({
      day: { start: `${today}T00:00:00.000Z`, end: expect.stringMatching(/T00:00:00\.000Z$/) },
      videosProcessed: 0,
      aiCalls: 0,
      inputTokens: 0,
      outputTokens: 0,
      thinkingTokens: 0,
      youtubeUnits: 0,
      limits: {
        lists: { max: CAPS.lists.fallback, used: 0 },
        videosPerList: { max: CAPS.videosPerList.fallback, used: 0 },
        videosPerUser: { max: CAPS.videosPerUser.fallback, used: 0 },
        apiTokens: { max: CAPS.apiTokens.fallback, used: 0 },
        activeJobs: { max: CAPS.activeJobs.fallback, used: 0 },
        videosProcessedPerDay: { max: CAPS.videosProcessedPerDay.fallback, used: 0 },
        subscriptions: { max: CAPS.subscriptions.fallback, used: 0 },
        webhooks: { max: CAPS.webhooks.fallback, used: 0 },
      },
    });
    expect(Date.parse(usage.day.end) - Date.parse(usage.day.start)).toBe(86_400_000);
  });

  it("counts the day's processed videos, AI calls, tokens and YouTube units; a redelivery adds only what it spent", async () => {
    const { token, userId } = await signUp("usage");
    const list = await createList(token, { name: "Counted", fields: FIELDS });
    await callJson(`/api/lists/${list.id}/videos/bulk`, {
      token,
      body: { urls: Array.from({ length: 12 }, (_, i) => ytId(700 + i)) },
      expect: 200,
    });
    upstream().missing.add(ytId(700));
    upstream().model.thoughts = true; // a model that thinks reports thoughtsTokenCount apart
    const { messages } = await startJobWithoutSending(userId, list.id);
    await deliver(messages);

    const usage = await callJson("/api/usage", { token, expect: 200 });
    expect(usage).toMatchObject({ videosProcessed: 11, aiCalls: 1, youtubeUnits: 1 });
    expect(usage.inputTokens).toBeGreaterThan(0);
    expect(usage.outputTokens).toBeGreaterThan(0);
    expect(usage.thinkingTokens).toBe(40 + 25 * 11);
    expect(usage.limits).toMatchObject({
      lists: { used: 1 },
      videosPerList: { used: 12 },
      videosPerUser: { used: 12 },
      activeJobs: { used: 0 },
    });
    expect(usage.limits.videosProcessedPerDay.used).toBe(11);

    // The job carries the same spend, reported to its hub with each settled part.
    await until("the job's usage written", async () => (await jobUsage(token, list.id)).job.usage.aiCalls === 1);
    expect((await jobUsage(token, list.id)).job.usage).toEqual({
      youtubeUnits: 1,
      aiCalls: 1,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      thinkingTokens: usage.thinkingTokens,
    });

    await deliver(messages); // every video is done: nothing is processed or spent again
    expect(await callJson("/api/usage", { token, expect: 200 })).toMatchObject({ videosProcessed: 11, aiCalls: 1 });
  });

  it("is the user's own", async () => {
    const { token } = await signUp("usage");
    await createList(token, { name: "Mine" });
    const other = await signUp("usage");
    expect((await callJson("/api/usage", { token: other.token, expect: 200 })).limits.lists.used).toBe(0);
  });
});

describe("caps", () => {
  it("lists: the one over the cap is refused and not created", async () => {
    const { token } = await signUp("caps");
    const caps = { LIMIT_LISTS: "2" };
    for (const name of ["One", "Two"])
      expect((await callWith(caps, "/api/lists", { token, body: { name } })).status).toBe(201);
    await expectLimit(await callWith(caps, "/api/lists", { token, body: { name: "Three" } }), "lists", 2);
    expect((await callJson("/api/lists", { token, expect: 200 })).items).toHaveLength(2);
  });

  it("videos per list: a bulk add that would pass the cap adds nothing; duplicates do not count", async () => {
    const { token } = await signUp("caps");
    const list = await createList(token, { name: "Small" });
    const caps = { LIMIT_VIDEOS_PER_LIST: "5" };
    const bulk = (urls: string[]) => callWith(caps, `/api/lists/${list.id}/videos/bulk`, { token, body: { urls } });
    expect((await bulk([ytId(1), ytId(2), ytId(3)])).status).toBe(200);
    await expectLimit(await bulk([ytId(4), ytId(5), ytId(6)]), "videosPerList", 5);
    expect((await callJson(`/api/lists/${list.id}`, { token, expect: 200 })).videoCount).toBe(3);
    const mixed = await bulk([ytId(1), ytId(2), ytId(3), ytId(4), ytId(5)]);
    expect(mixed.status).toBe(200);
    expect((await mixed.json<any>()).added).toHaveLength(2);
    await expectLimit(
      await callWith(caps, `/api/lists/${list.id}/videos`, { token, body: { url: ytId(9) } }),
      "videosPerList",
      5,
    );
  });

  it("API tokens: the one over the cap is refused and not created", async () => {
    const { token } = await signUp("caps");
    const caps = { LIMIT_API_TOKENS: "1" };
    expect((await callWith(caps, "/api/tokens", { token, body: { name: "ci" } })).status).toBe(201);
    await expectLimit(await callWith(caps, "/api/tokens", { token, body: { name: "laptop" } }), "apiTokens", 1);
    expect((await callJson("/api/tokens", { token, expect: 200 })).items).toHaveLength(1);
  });

  it("active jobs: a second running job is refused, and its list stays free", async () => {
    const { token } = await signUp("caps");
    const caps = { LIMIT_ACTIVE_JOBS: "1" };
    const lists = [await createList(token, { name: "A" }), await createList(token, { name: "B" })];
    for (const [i, list] of lists.entries()) {
      await callJson(`/api/lists/${list.id}/videos`, { token, body: { url: ytId(800 + i) }, expect: 201 });
    }
    upstream().override("videos", () => new Promise(() => {})); // keep the first job running
    expect((await callWith(caps, `/api/lists/${lists[0]!.id}/process`, { token, body: {} })).status).toBe(201);
    await expectLimit(await callWith(caps, `/api/lists/${lists[1]!.id}/process`, { token, body: {} }), "activeJobs", 1);
    expect(await callJson(`/api/lists/${lists[1]!.id}/processing-status`, { token, expect: 200 })).toMatchObject({
      new: 1,
      active: 0,
      activeJobId: null,
    });
  });

  it("videos processed per day: a job that would pass it is refused; a narrower one fits", async () => {
    const { token } = await signUp("caps");
    const caps = { LIMIT_VIDEOS_PER_DAY: "3" };
    const list = await createList(token, { name: "Daily" });
    const added = await callJson(`/api/lists/${list.id}/videos/bulk`, {
      token,
      body: { urls: [ytId(850), ytId(851), ytId(852), ytId(853)] },
      expect: 200,
    });
    await expectLimit(
      await callWith(caps, `/api/lists/${list.id}/process`, { token, body: {} }),
      "videosProcessedPerDay",
      3,
    );
    expect((await callJson("/api/jobs", { token, expect: 200 })).items).toHaveLength(0);
    const narrowed = { videoIds: added.added.slice(0, 3).map((video: { id: string }) => video.id) };
    expect((await callWith(caps, `/api/lists/${list.id}/process`, { token, body: narrowed })).status).toBe(201);
  });
});
