import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { LocationProvider } from "preact-iso";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearJobs, upsertJob } from "../../web/src/live/jobs-store";
import { JobsPage } from "../../web/src/pages/jobs-page";
import { lists } from "../../web/src/store/server-state";
import { job, list } from "./fixtures";

const jobs = vi.hoisted(() => vi.fn());
const jobFailures = vi.hoisted(() => vi.fn());
vi.mock("../../web/src/api/endpoints", () => ({ api: { jobs, jobFailures } }));

const finished = { status: "completed_with_errors" as const, total: 4, progress: 100 };
/** Every video failed: the API says completed_with_errors, the badge says Failed. */
const allFailed = job({ ...finished, id: "job_all", processed: 0, failed: 4 });
const someFailed = job({ ...finished, id: "job_some", processed: 3, failed: 1 });

const badges = () => [...document.querySelectorAll(".job-row .badge")].map((badge) => badge.textContent);

function renderAt(url: string) {
  window.history.replaceState(null, "", url);
  return render(
    <LocationProvider>
      <JobsPage />
    </LocationProvider>,
  );
}

describe("the Jobs page's status chips", () => {
  beforeEach(() => {
    clearJobs();
    jobs.mockReset();
    jobs.mockResolvedValue({ items: [], nextCursor: null });
    jobFailures.mockResolvedValue({ failed: 0, retryable: 0, groups: [] });
    lists.value = { list_1: list() };
  });
  afterEach(cleanup);

  it("Failed asks for the jobs that read as failed, and lists the one whose every video failed", async () => {
    jobs.mockResolvedValue({ items: [allFailed], nextCursor: null });
    renderAt("/jobs?status=failed");
    await waitFor(() => expect(jobs).toHaveBeenCalled());
    expect(jobs.mock.calls[0]?.[0]).toEqual({ outcome: "failed", listId: undefined });
    await screen.findByRole("link", { name: "Talks" });
    expect(badges()).toEqual(["Failed"]);
    expect(screen.queryByText("No failed jobs")).toBeNull();
  });

  it("files jobs the socket tells of under the chip their badge names", async () => {
    upsertJob(allFailed);
    upsertJob(someFailed);
    renderAt("/jobs?status=failed");
    await screen.findByRole("link", { name: "Talks" });
    expect(badges()).toEqual(["Failed"]);

    fireEvent.click(screen.getByRole("button", { name: "Completed with errors" }));
    await waitFor(() => expect(jobs).toHaveBeenLastCalledWith({ outcome: "completed_with_errors" }, undefined, 50));
    await waitFor(() => expect(badges()).toEqual(["Completed with errors"]));
  });
});
