import { cleanup, render, screen } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { JobPace } from "../../web/src/features/jobs/job-pace";
import { forgetProgress, noteProgress, paceOf } from "../../web/src/live/job-rate";
import { job } from "./fixtures";

const T0 = Date.parse("2026-11-23T10:00:00.000Z");

describe("job pace", () => {
  afterEach(() => {
    cleanup();
    forgetProgress("job_1");
  });

  it("measures videos per minute over recent progress and the time left at that pace", () => {
    noteProgress("job_1", T0, 0);
    noteProgress("job_1", T0 + 30_000, 50);
    noteProgress("job_1", T0 + 60_000, 100);
    const pace = paceOf("job_1", 1_000, 100);
    expect(pace?.perMinute).toBeCloseTo(100);
    expect(pace?.remainingMs).toBeCloseTo(9 * 60_000);
  });

  it("says nothing until there is enough history", () => {
    noteProgress("job_1", T0, 0);
    noteProgress("job_1", T0 + 1_000, 3);
    expect(paceOf("job_1", 1_000, 3)).toBeNull();
  });

  it("follows the recent pace, not the whole run's", () => {
    noteProgress("job_1", T0, 0);
    noteProgress("job_1", T0 + 60_000, 600); // fast start
    for (let minute = 2; minute <= 6; minute++) noteProgress("job_1", T0 + minute * 60_000, 600 + (minute - 1) * 10);
    expect(paceOf("job_1", 2_000, 650)?.perMinute).toBeCloseTo(10);
  });

  it("shows on a big running job's card and not on a small one", () => {
    noteProgress("job_1", T0, 0);
    noteProgress("job_1", T0 + 60_000, 120);
    const live = { ...job({ total: 600, processed: 120 }), currentTitle: null, lastMessage: null };
    render(<JobPace job={live} />);
    expect(screen.getByText("120 videos/min · about 4 min left")).toBeTruthy();
    cleanup();
    const { container } = render(<JobPace job={{ ...live, total: 20 }} />);
    expect(container.textContent).toBe("");
  });
});
