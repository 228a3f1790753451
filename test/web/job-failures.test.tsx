import { cleanup, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Job } from "../../src/shared/schemas/jobs";
import { JobFailures } from "../../web/src/features/jobs/job-failures";
import { useJobFailures } from "../../web/src/features/jobs/use-job-failures";
import { job } from "./fixtures";

const jobFailures = vi.hoisted(() => vi.fn());
vi.mock("../../web/src/api/endpoints", () => ({ api: { jobFailures } }));

const PRIVATE = "Video unavailable or private";
const GAVE_UP = "Gave up after repeated upstream errors; retry the job later";

function Drawer({ job }: { job: Job }) {
  return <JobFailures job={job} failures={useJobFailures(job)} onClose={() => {}} />;
}

describe("JobFailures", () => {
  afterEach(cleanup);

  it("groups failed videos by reason with counts, links, and whether a retry can fix them", async () => {
    jobFailures.mockResolvedValue({
      failed: 25,
      retryable: 2,
      groups: [
        {
          reason: PRIVATE,
          retryable: false,
          count: 23,
          videos: Array.from({ length: 20 }, (_, i) => ({ id: `v${i}`, youtubeId: `yt${i}`, title: null })),
        },
        {
          reason: GAVE_UP,
          retryable: true,
          count: 2,
          videos: [{ id: "g1", youtubeId: "g1yt", title: "Kept erroring" }],
        },
      ],
    });
    render(<Drawer job={job({ status: "completed_with_errors", failed: 25 })} />);
    await screen.findByRole("heading", { name: "Failed videos (25)" });
    expect(screen.getByText(/2 videos may pass on a retry/)).toBeTruthy();
    expect(
      screen.getByText(
        /23 videos cannot: private, deleted, not embeddable or declined by the model, so Retry leaves them out/,
      ),
    ).toBeTruthy();
    expect(screen.getByText("Retry won't help")).toBeTruthy();
    expect(screen.getByText("Retry can fix")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Kept erroring" }).getAttribute("href")).toBe("/lists/list_1?video=g1");
    expect(screen.getByRole("link", { name: "yt0" }).getAttribute("href")).toBe("/lists/list_1?video=v0");
    expect(screen.getByRole("link", { name: "and 3 more in the list" }).getAttribute("href")).toBe(
      "/lists/list_1?status=failed",
    );
    expect(screen.getByRole("button", { name: "Remove failed videos" })).toBeTruthy();
  });

  it("asks nothing while no video of the job failed", async () => {
    jobFailures.mockReset();
    const { container } = render(<Drawer job={job({ failed: 0 })} />);
    await waitFor(() => expect(container.textContent).toBe(""));
    expect(jobFailures).not.toHaveBeenCalled();
  });

  it("shows nothing when no video of the job failed after all", async () => {
    jobFailures.mockResolvedValue({ failed: 0, retryable: 0, groups: [] });
    const { container } = render(<Drawer job={job({ failed: 1 })} />);
    await waitFor(() => expect(jobFailures).toHaveBeenCalled());
    await waitFor(() => expect(container.textContent).toBe(""));
  });
});
