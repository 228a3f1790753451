import { act, cleanup, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ActiveJobs, useDashboardSettled } from "../../web/src/features/jobs/active-jobs";
// Loaded with the page, as the list page loads it.
import "../../web/src/features/jobs/job-groups";
import { applyEvent, applySnapshot, clearJobs, onJobTransition } from "../../web/src/live/jobs-store";
import { learnRecentJobs } from "../../web/src/live/recent-jobs";
import { lists } from "../../web/src/store/server-state";
import { job, progress } from "./fixtures";

// The card asks for nothing while it only shows progress; a list name it lacks is fetched.
vi.mock("../../web/src/api/endpoints", () => ({ api: { list: () => new Promise(() => {}) } }));

/** What a list page does above its table: wait for the dashboard, then draw it and the content. */
function ListTop({ listId, knownHere }: { listId: string; knownHere: boolean }) {
  const settled = useDashboardSettled(listId, knownHere);
  if (!settled) return <p>Waiting for the dashboard</p>;
  return (
    <>
      <ActiveJobs listId={listId} />
      <p>The table</p>
    </>
  );
}

const now = new Date().toISOString();
const running = (overrides = {}) =>
  job({ listId: "list_1", total: 120, processed: 12, progress: 10, createdAt: now, updatedAt: now, ...overrides });

describe("the list page's job card from its first HTTP answers", () => {
  beforeEach(() => {
    clearJobs();
    lists.value = {};
  });
  afterEach(cleanup);

  it("draws from the jobs route's answer before any snapshot, then the socket updates the same card", async () => {
    learnRecentJobs([running()]);
    render(<ListTop listId="list_1" knownHere />);
    // The card and the content below it come together: nothing waits for the socket.
    expect(await screen.findByText("12 processed")).toBeTruthy();
    expect(screen.getByText("The table")).toBeTruthy();
    expect(screen.getAllByRole("article")).toHaveLength(1);

    act(() =>
      applySnapshot([running({ processed: 30, progress: 25, updatedAt: new Date(Date.now() + 1).toISOString() })]),
    );
    expect(screen.getByText("30 processed")).toBeTruthy();
    act(() =>
      applyEvent(
        progress(1, {
          jobId: "job_1",
          listId: "list_1",
          processed: 31,
          progress: 26,
          total: 120,
          at: new Date(Date.now() + 2).toISOString(),
        }),
      ),
    );
    expect(screen.getByText("31 processed")).toBeTruthy();
    // Still one card: the HTTP copy and the socket's are the same job.
    expect(screen.getAllByRole("article")).toHaveLength(1);
  });

  it("waits for the snapshot when the page does not know its jobs yet", async () => {
    render(<ListTop listId="list_1" knownHere={false} />);
    expect(screen.getByText("Waiting for the dashboard")).toBeTruthy();
    act(() => applySnapshot([running()]));
    await waitFor(() => expect(screen.getByText("The table")).toBeTruthy());
    expect(screen.getByText("12 processed")).toBeTruthy();
  });

  it("never overwrites what the socket said, and announces nothing", () => {
    const transitions = vi.fn();
    const stop = onJobTransition(transitions);
    applySnapshot([running({ processed: 50, progress: 42 })]);
    // An answer that left the server before the socket's news lands after it.
    learnRecentJobs([running({ processed: 12 }), running({ id: "job_0", status: "completed", finishedAt: now })]);
    render(<ListTop listId="list_1" knownHere />);
    return waitFor(() => {
      expect(screen.getByText("50 processed")).toBeTruthy();
      // The list's earlier job is counted, not drawn: one card per list.
      expect(screen.getByText(/1 earlier job/)).toBeTruthy();
      expect(transitions).not.toHaveBeenCalled();
      stop();
    });
  });

  it("leaves out jobs that finished more than five minutes ago", async () => {
    const long = new Date(Date.now() - 6 * 60_000).toISOString();
    learnRecentJobs([running({ status: "completed", finishedAt: long, updatedAt: long, createdAt: long })]);
    render(<ListTop listId="list_1" knownHere />);
    expect(await screen.findByText("The table")).toBeTruthy();
    expect(screen.queryByRole("article")).toBeNull();
  });
});
