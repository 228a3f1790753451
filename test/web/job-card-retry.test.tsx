import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { JobFailures as Failures } from "../../src/shared/schemas/job-failures";
import type { Job } from "../../src/shared/schemas/jobs";
import { JobCard } from "../../web/src/features/jobs/job-card";
import { JobFailures } from "../../web/src/features/jobs/job-failures";
import { useJobFailures } from "../../web/src/features/jobs/use-job-failures";
import { lists, videosVersion } from "../../web/src/store/server-state";
import { job, list } from "./fixtures";

const jobFailures = vi.hoisted(() => vi.fn());
const jobAction = vi.hoisted(() => vi.fn());
const removeFailedVideos = vi.hoisted(() => vi.fn());
vi.mock("../../web/src/api/endpoints", () => ({ api: { jobFailures, jobAction } }));
vi.mock("../../web/src/features/jobs/remove-failed", () => ({ removeFailedVideos }));

const PRIVATE = { reason: "Video unavailable or private", retryable: false };
const GAVE_UP = { reason: "Gave up after repeated upstream errors; retry the job later", retryable: true };
const failures = (...groups: { reason: string; retryable: boolean; count: number }[]): Failures => ({
  failed: groups.reduce((n, g) => n + g.count, 0),
  retryable: groups.filter((g) => g.retryable).reduce((n, g) => n + g.count, 0),
  groups: groups.map((g) => ({ ...g, videos: [] })),
});

/** A card's job: the REST copy plus what the socket's last event said (nothing here). */
const card = (overrides: Partial<Job>) => ({ ...job(overrides), currentTitle: null, lastMessage: null });
const finished = card({ status: "completed_with_errors", total: 5, processed: 2, failed: 3, progress: 100 });

/** The drawer's failures section, beside the card, as when both show the same job. */
function DrawerFailures({ job }: { job: Job }) {
  return <JobFailures job={job} failures={useJobFailures(job)} onClose={() => {}} />;
}

const retryButton = () => screen.queryByRole("button", { name: /^Retry/ });

describe("a job card's Retry", () => {
  beforeEach(() => {
    jobFailures.mockReset();
    jobAction.mockReset();
    removeFailedVideos.mockReset();
    lists.value = { list_1: list() };
    videosVersion.value = {};
  });
  afterEach(cleanup);

  it("is not offered when every failure is one a retry cannot fix", async () => {
    jobFailures.mockResolvedValue(failures({ ...PRIVATE, count: 3 }));
    render(<JobCard job={finished} />);
    await waitFor(() => expect(jobFailures).toHaveBeenCalledWith("job_1"));
    await act(async () => {});
    expect(retryButton()).toBeNull();
    expect(screen.getByRole("link", { name: "Details" })).toBeTruthy();
  });

  it("names how many failures it can fix, as the drawer does", async () => {
    jobFailures.mockResolvedValue(failures({ ...PRIVATE, count: 1 }, { ...GAVE_UP, count: 2 }));
    render(<JobCard job={finished} />);
    expect(await screen.findByRole("button", { name: "Retry 2 fixable videos" })).toBeTruthy();
  });

  it("goes away once the drawer removes the failed videos", async () => {
    jobFailures.mockResolvedValue(failures({ ...GAVE_UP, count: 3 }));
    removeFailedVideos.mockResolvedValue({ deleted: 3, notDone: 0, error: null });
    render(
      <>
        <JobCard job={finished} />
        <DrawerFailures job={finished} />
      </>,
    );
    expect(await screen.findByRole("button", { name: "Retry 3 fixable videos" })).toBeTruthy();

    jobFailures.mockResolvedValue(failures());
    fireEvent.click(screen.getByRole("button", { name: "Remove failed videos" }));
    const dialog = await screen.findByRole("dialog");
    fireEvent.click([...dialog.querySelectorAll("button")].find((b) => b.textContent === "Remove failed videos")!);
    await waitFor(() => expect(removeFailedVideos).toHaveBeenCalledWith("list_1"));
    await waitFor(() => expect(retryButton()).toBeNull());
  });

  it("goes away once it has run: the failed videos belong to the new job", async () => {
    jobFailures.mockResolvedValue(failures({ ...GAVE_UP, count: 3 }));
    jobAction.mockResolvedValue(job({ id: "job_2", status: "running", total: 3, processed: 0, failed: 0 }));
    render(<JobCard job={finished} />);
    const retry = await screen.findByRole("button", { name: "Retry 3 fixable videos" });
    jobFailures.mockResolvedValue(failures());
    fireEvent.click(retry);
    await waitFor(() => expect(jobAction).toHaveBeenCalledWith("job_1", "retry"));
    await waitFor(() => expect(retryButton()).toBeNull());
  });

  it("asks nothing while the job runs", async () => {
    render(<JobCard job={card({ status: "running", failed: 2, processed: 1 })} />);
    await screen.findByRole("button", { name: "Pause" });
    expect(jobFailures).not.toHaveBeenCalled();
    expect(retryButton()).toBeNull();
  });
});
