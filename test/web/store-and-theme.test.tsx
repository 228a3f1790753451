import { afterEach, describe, expect, it } from "vitest";
import { shownStatus } from "../../src/shared/job-outcome";
import { listName } from "../../web/src/features/lists/list-names";
import { followTheme, theme } from "../../web/src/lib/theme";
import { applyEvent, applySnapshot, clearJobs, onJobTransition, upsertJob } from "../../web/src/live/jobs-store";
import { dropList, forgetServerState, jobs, lists, patchList, putLists } from "../../web/src/store/server-state";
import { job, progress } from "./fixtures";

const list = (id: string, name: string) => ({
  id,
  name,
  description: "",
  fields: [],
  videoCount: 0,
  createdAt: "2026-11-23T10:00:00.000Z",
  updatedAt: "2026-11-23T10:00:00.000Z",
});

describe("server-state store", () => {
  afterEach(() => {
    forgetServerState();
    clearJobs();
  });

  it("holds one copy of each list: a rename or count change shows wherever the list is read", () => {
    putLists([list("l1", "Talks"), list("l2", "Recipes")]);
    expect(listName("l1")).toBe("Talks");
    patchList("l1", (l) => ({ ...l, name: "Conference talks", videoCount: 3 }));
    expect(lists.value.l1).toMatchObject({ name: "Conference talks", videoCount: 3 });
    dropList("l2");
    expect(listName("l2")).toBe("a list");
  });

  it("merges socket and REST copies of a job: newer counts win, replayed older events do not", () => {
    applySnapshot([job({ processed: 4, progress: 40, updatedAt: "2026-11-23T10:00:05.000Z" })]);
    applyEvent(progress(3, { processed: 3, progress: 30, at: "2026-11-23T10:00:03.000Z" }));
    expect(jobs.value.job_1?.processed).toBe(4);
    applyEvent(progress(6, { processed: 6, progress: 60, title: "A talk" }));
    expect(jobs.value.job_1).toMatchObject({ processed: 6, currentTitle: "A talk" });
    upsertJob(job({ processed: 2, updatedAt: "2026-11-23T10:00:01.000Z" }));
    expect(jobs.value.job_1?.processed).toBe(6);
  });

  it("tells each transition once: started, then finished", () => {
    const seen: string[] = [];
    const stop = onJobTransition(({ kind, job }) => seen.push(`${kind}:${job.status}`));
    applyEvent(progress(1));
    applyEvent(progress(2));
    applyEvent(progress(10, { status: "completed", processed: 10, progress: 100 }));
    applyEvent(progress(11, { status: "completed", processed: 10, progress: 100 }));
    stop();
    expect(seen).toEqual(["started:running", "finished:completed"]);
  });

  it("a job in which every video failed reads as failed, not completed with errors", () => {
    expect(shownStatus(job({ status: "completed_with_errors", processed: 0, failed: 10 }))).toBe("failed");
    expect(shownStatus(job({ status: "completed_with_errors", processed: 9, failed: 1 }))).toBe(
      "completed_with_errors",
    );
  });
});

describe("theme", () => {
  afterEach(() => {
    theme.value = "system";
    localStorage.clear();
  });

  it("applies the chosen scheme to <html> and remembers it; system leaves it to the media query", () => {
    const stop = followTheme();
    theme.value = "dark";
    expect(document.documentElement.dataset.theme).toBe("dark");
    expect(localStorage.getItem("tubelist.theme")).toBe("dark");
    theme.value = "system";
    expect(document.documentElement.dataset.theme).toBeUndefined();
    expect(localStorage.getItem("tubelist.theme")).toBeNull();
    stop();
  });
});
