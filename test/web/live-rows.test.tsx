import { cleanup, render } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PROGRESS_VIDEOS_MAX } from "../../src/shared/constants";
import type { Video } from "../../src/shared/schemas/videos";
import { moveRow, planRows } from "../../web/src/features/videos/live-row-changes";
import { useLiveRows } from "../../web/src/features/videos/use-live-rows";
import type { VideoPages } from "../../web/src/features/videos/use-video-pages";
import { applyEvent, clearJobs, upsertJob } from "../../web/src/live/jobs-store";
import { job, progress, video } from "./fixtures";

const fetchVideo = vi.hoisted(() => vi.fn());
vi.mock("../../web/src/api/endpoints", () => ({ api: { video: fetchVideo } }));

describe("planRows", () => {
  const loaded = new Set(["a", "b"]);

  it("moves loaded rows, re-reads only completed ones, ignores rows not on screen", () => {
    const plan = planRows(
      progress(1, {
        videos: [
          { id: "a", status: "processing" },
          { id: "b", status: "completed" },
          { id: "elsewhere", status: "failed", error: "x" },
        ],
      }),
      loaded,
    );
    expect([...plan.moves.keys()]).toEqual(["a", "b"]);
    expect(plan.reread).toEqual(["b"]);
    expect(plan.refreshAll).toBe(false);
  });

  it("asks for a full re-read when the event's list may be cut short", () => {
    const videos = Array.from({ length: PROGRESS_VIDEOS_MAX }, (_, i) => ({ id: `v${i}`, status: "queued" as const }));
    expect(planRows(progress(1, { videos }), loaded).refreshAll).toBe(true);
  });

  it("falls back to re-reading the one video an older event names", () => {
    expect(planRows(progress(1, { videoId: "a" }), loaded).reread).toEqual(["a"]);
  });
});

describe("moveRow", () => {
  it("keeps a failure's reason and clears it on any other status", () => {
    const failed = moveRow(video(), { id: "vid_1", status: "failed", error: "Video unavailable or private" });
    expect(failed).toMatchObject({ status: "failed", error: "Video unavailable or private" });
    expect(moveRow(failed, { id: "vid_1", status: "queued" })).toMatchObject({ status: "queued", error: null });
  });

  it("returns the same row when nothing changes, so nothing re-renders", () => {
    const row = video({ status: "processing" });
    expect(moveRow(row, { id: row.id, status: "processing" })).toBe(row);
  });
});

describe("useLiveRows", () => {
  let rows: Video[];
  let pages: VideoPages;

  beforeEach(() => {
    vi.useFakeTimers();
    clearJobs();
    // The job is known before the table mounts, so its events are not a job "starting".
    upsertJob(job());
    fetchVideo.mockReset();
    rows = [video({ id: "a" }), video({ id: "b" }), video({ id: "c" })];
    pages = {
      get items() {
        return rows;
      },
      update: (change: (v: Video) => Video) => {
        rows = rows.map(change);
      },
      patch: (fresh: Video) => {
        rows = rows.map((v) => (v.id === fresh.id ? fresh : v));
      },
      refreshLoaded: vi.fn(),
    } as unknown as VideoPages;
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  function Harness() {
    useLiveRows("list_1", pages);
    return null;
  }

  it("moves rows queued → processing → failed from the events alone, with no request", async () => {
    render(<Harness />);
    applyEvent(progress(1, { processed: 0, videos: [{ id: "a", status: "processing" }] }));
    expect(rows.map((v) => v.status)).toEqual(["processing", "queued", "queued"]);
    applyEvent(progress(2, { processed: 0, failed: 1, videos: [{ id: "a", status: "failed", error: "Private" }] }));
    expect(rows[0]).toMatchObject({ status: "failed", error: "Private" });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fetchVideo).not.toHaveBeenCalled();
  });

  it("re-reads a completed row once to show its fields", async () => {
    fetchVideo.mockImplementation(async (id: string) => video({ id, status: "completed", title: "Fresh" }));
    render(<Harness />);
    applyEvent(progress(1, { processed: 1, videos: [{ id: "b", status: "completed" }] }));
    expect(rows[1]?.status).toBe("completed");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fetchVideo).toHaveBeenCalledTimes(1);
    expect(rows[1]?.title).toBe("Fresh");
    expect(pages.refreshLoaded).not.toHaveBeenCalled();
  });

  it("re-reads the loaded pages once, not row by row, when a job ends", async () => {
    render(<Harness />);
    applyEvent(
      progress(10, {
        status: "completed",
        processed: 10,
        progress: 100,
        videos: rows.map((v) => ({ id: v.id, status: "completed" as const })),
      }),
    );
    await vi.advanceTimersByTimeAsync(1_000);
    expect(pages.refreshLoaded).toHaveBeenCalledTimes(1);
    expect(fetchVideo).not.toHaveBeenCalled();
  });
});
