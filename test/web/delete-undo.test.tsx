import { act, cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { FoundVideo } from "../../web/src/api/endpoints";
import { LiveRegion } from "../../web/src/components/live-region";
import { Toasts, toast } from "../../web/src/components/toasts";
import { deleteVideoWithUndo, UNDO_MS } from "../../web/src/features/bulk/pending-deletes";
import { KeyboardShortcuts } from "../../web/src/features/shortcuts/keyboard-shortcuts";
import { VideoTable } from "../../web/src/features/videos/video-table";
import { announcement } from "../../web/src/lib/announce";
import { hiddenVideos, lists } from "../../web/src/store/server-state";
import { list, video } from "./fixtures";

const deleteVideos = vi.hoisted(() => vi.fn());
vi.mock("../../web/src/api/endpoints", () => ({ api: { deleteVideos } }));

const VIDEOS = ["Alpha", "Bravo", "Charlie"].map(
  (title, i) => video({ id: `vid_${i}`, youtubeId: `yt${i}`, title, status: "completed" }) as FoundVideo,
);

/** The list page's wiring of a single delete, around the real table, shortcuts, toasts and live region. */
function Page() {
  const hidden = hiddenVideos.value;
  return (
    <>
      <VideoTable
        videos={VIDEOS.filter((v) => !hidden.has(v.id))}
        columns={[]}
        pipelineVersion={null}
        hasMore={false}
        loadingMore={false}
        loadMoreFailed={false}
        onLoadMore={() => {}}
        onOpen={() => {}}
        onDelete={deleteVideoWithUndo}
        selectedId={null}
        checked={{ has: () => false, toggle: () => {}, setLoaded: () => {}, count: 0 }}
      />
      <KeyboardShortcuts />
      <Toasts />
      <LiveRegion />
    </>
  );
}

const rowTitles = () => [...document.querySelectorAll("tr.vtable__row .vtable__open")].map((b) => b.textContent);
const row = (index: number) => document.querySelector<HTMLElement>(`tr[data-index="${index}"]`) as HTMLElement;

describe("delete one video, with undo", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    deleteVideos.mockReset();
    deleteVideos.mockImplementation(async (_list: string, ids: string[]) => ({ deleted: ids.length }));
    hiddenVideos.value = new Set();
    lists.value = { list_1: list({ videoCount: 3 }) };
  });
  afterEach(async () => {
    // Toasts are the tab's, not the test's: let this test's expire before the next one starts.
    await act(async () => {
      await vi.advanceTimersByTimeAsync(UNDO_MS + 1);
    });
    cleanup();
    vi.useRealTimers();
  });

  it("Delete on a row hides it at once without asking, keeps focus in the table, and Z brings it back", () => {
    render(<Page />);
    row(0).focus();
    act(() => {
      fireEvent.keyDown(row(0), { key: "Delete" });
    });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(rowTitles()).toEqual(["Bravo", "Charlie"]);
    expect(lists.value.list_1?.videoCount).toBe(2);
    expect(document.activeElement).toBe(row(0));
    expect(row(0).textContent).toContain("Bravo");
    // Heard once, through the one live region, with the way to undo from the keyboard.
    expect(document.querySelectorAll('[aria-live="polite"]')).toHaveLength(1);
    expect(screen.getByRole("status").textContent).toBe(
      "“Alpha” deleted. Press Z to undo, or use Undo in the notifications.",
    );
    expect(screen.getByRole("region", { name: "Notifications" }).textContent).toContain("“Alpha” deleted");

    act(() => {
      fireEvent.keyDown(document.activeElement as HTMLElement, { key: "z" });
    });
    expect(rowTitles()).toEqual(["Alpha", "Bravo", "Charlie"]);
    expect(lists.value.list_1?.videoCount).toBe(3);
    expect(screen.queryByRole("button", { name: "Undo" })).toBeNull();
    expect(announcement.value.text).toBe("Deletion undone: “Alpha” kept");
    act(() => {
      vi.advanceTimersByTime(UNDO_MS + 1);
    });
    expect(deleteVideos).not.toHaveBeenCalled();
  });

  it("the row's delete button and the toast's Undo button do the same", () => {
    render(<Page />);
    act(() => {
      fireEvent.click(screen.getByRole("button", { name: "Delete Charlie" }));
    });
    expect(rowTitles()).toEqual(["Alpha", "Bravo"]);
    act(() => {
      fireEvent.click(screen.getByRole("button", { name: "Undo" }));
    });
    expect(rowTitles()).toEqual(["Alpha", "Bravo", "Charlie"]);
  });

  it("without Undo the video is deleted when the toast expires, and Z then does nothing", async () => {
    render(<Page />);
    act(() => {
      fireEvent.keyDown(row(1), { key: "Delete" });
    });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(UNDO_MS);
    });
    expect(deleteVideos).toHaveBeenCalledWith("list_1", ["vid_1"]);
    expect(screen.queryByRole("button", { name: "Undo" })).toBeNull();
    act(() => {
      fireEvent.keyDown(document.body, { key: "z" });
    });
    expect(rowTitles()).toEqual(["Alpha", "Charlie"]);
  });

  it("the Undo toast's clock stops while focus is in the notifications, and goes on with what was left", async () => {
    render(<Page />);
    act(() => {
      fireEvent.keyDown(row(0), { key: "Delete" });
    });
    const undo = screen.getByRole("button", { name: "Undo" });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(UNDO_MS / 2);
      fireEvent.focusIn(undo);
      await vi.advanceTimersByTimeAsync(UNDO_MS * 3);
    });
    expect(deleteVideos).not.toHaveBeenCalled();

    await act(async () => {
      fireEvent.focusOut(undo, { relatedTarget: document.body });
      await vi.advanceTimersByTimeAsync(UNDO_MS / 2 - 100);
    });
    expect(deleteVideos).not.toHaveBeenCalled();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(200);
    });
    expect(deleteVideos).toHaveBeenCalledWith("list_1", ["vid_0"]);
  });

  it("focus gone with a toast's button does not hold the next toast", async () => {
    render(<Page />);
    act(() => {
      fireEvent.keyDown(row(0), { key: "Delete" });
    });
    const undo = screen.getByRole("button", { name: "Undo" });
    act(() => {
      undo.focus();
      fireEvent.focusIn(undo);
      fireEvent.click(undo);
    });
    // The stack re-renders without the button (focus falls to the body), then the hold is rechecked.
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1);
    });
    expect(rowTitles()).toEqual(["Alpha", "Bravo", "Charlie"]);
    act(() => {
      fireEvent.keyDown(row(1), { key: "Delete" });
    });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(UNDO_MS);
    });
    expect(deleteVideos).toHaveBeenCalledWith("list_1", ["vid_1"]);
  });

  it("closing the toast with × deletes now; a toast pushed out by newer ones deletes too", async () => {
    render(<Page />);
    act(() => {
      fireEvent.click(screen.getByRole("button", { name: "Delete Alpha" }));
    });
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Dismiss: “Alpha” deleted" }));
    });
    expect(deleteVideos).toHaveBeenCalledWith("list_1", ["vid_0"]);

    act(() => {
      fireEvent.click(screen.getByRole("button", { name: "Delete Bravo" }));
    });
    await act(async () => {
      for (const n of [1, 2, 3, 4]) toast("info", `Newer ${n}`);
    });
    expect(screen.queryByRole("button", { name: "Undo" })).toBeNull();
    expect(deleteVideos).toHaveBeenLastCalledWith("list_1", ["vid_1"]);
    expect(rowTitles()).toEqual(["Charlie"]);
  });
});
