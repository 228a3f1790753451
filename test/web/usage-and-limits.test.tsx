import { cleanup, render, screen } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError, ok } from "../../web/src/api/client";
import { errorMessage } from "../../web/src/components/states";
import { JobUsage } from "../../web/src/features/jobs/job-usage";

/** What the hc client hands `ok()`: a Response with the contract's error envelope. */
const answer = (status: number, error: object) =>
  Promise.resolve(new Response(JSON.stringify({ error }), { status, headers: { "Content-Type": "application/json" } }));

describe("limit_reached", () => {
  it("reads as a sentence naming the limit, its maximum and what to do", async () => {
    const failure = await ok(
      answer(422, {
        code: "limit_reached",
        message: "You have reached the limit of 5 running or paused jobs",
        details: { limit: "activeJobs", max: 5 },
      }) as never,
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(errorMessage(failure)).toBe(
      "At most 5 jobs can be running or paused at once. Wait for one to finish, or cancel one, then try again.",
    );
  });

  it("names the daily processing cap with its number, and a cap it does not know keeps the server's words", async () => {
    const daily = await ok(
      answer(422, {
        code: "limit_reached",
        message: "x",
        details: { limit: "videosProcessedPerDay", max: 50_000 },
      }) as never,
    ).catch((error: unknown) => error);
    expect(errorMessage(daily)).toMatch(/^You can process 50,000 videos a day \(UTC\)/);
    const unknown = await ok(
      answer(422, {
        code: "limit_reached",
        message: "A list has at most 3 widgets",
        details: { limit: "widgets", max: 3 },
      }) as never,
    ).catch((error: unknown) => error);
    expect(errorMessage(unknown)).toBe("A list has at most 3 widgets");
  });
});

describe("JobUsage", () => {
  afterEach(cleanup);

  it("shows a job's YouTube units, AI calls and tokens with thinking apart", () => {
    render(
      <dl>
        <JobUsage
          usage={{ youtubeUnits: 3, aiCalls: 12, inputTokens: 48_000, outputTokens: 6_100, thinkingTokens: 900 }}
        />
      </dl>,
    );
    expect(screen.getByText("YouTube units").nextElementSibling?.textContent).toBe("3");
    expect(screen.getByText("AI calls").nextElementSibling?.textContent).toBe("12");
    expect(screen.getByText("Tokens").nextElementSibling?.textContent).toBe("48,000 in · 6,100 out · 900 thinking");
  });
});
