import { act, cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Toasts } from "../../web/src/components/toasts";
import { deleteWithUndo, UNDO_MS } from "../../web/src/features/bulk/pending-deletes";
import { type Selection, useSelection } from "../../web/src/features/bulk/use-selection";
import { announcement } from "../../web/src/lib/announce";
import { hiddenVideos, lists } from "../../web/src/store/server-state";
import { list } from "./fixtures";

const deleteVideos = vi.hoisted(() => vi.fn());
vi.mock("../../web/src/api/endpoints", () => ({ api: { deleteVideos } }));

const IDS = ["a", "b", "c", "d", "e"];

function Harness({ resetKey, onSelection }: { resetKey: string; onSelection: (s: Selection) => void }) {
  onSelection(useSelection(IDS, resetKey, 40));
  return null;
}

function renderSelection() {
  let current: Selection | undefined;
  const view = render(<Harness resetKey="q1" onSelection={(s) => (current = s)} />);
  const selection = () => current as Selection;
  const ticked = () => IDS.filter((id) => selection().has(id));
  const rerender = (resetKey: string) =>
    view.rerender(<Harness resetKey={resetKey} onSelection={(s) => (current = s)} />);
  return { selection, ticked, rerender };
}

describe("row selection", () => {
  afterEach(cleanup);

  it("ticks one row, then a shift-click ticks the range from it, and says how many are selected", () => {
    const { selection, ticked } = renderSelection();
    act(() => selection().toggle(1, false));
    act(() => selection().toggle(3, true));
    expect(ticked()).toEqual(["b", "c", "d"]);
    expect(announcement.value.text).toBe("3 videos selected");
    act(() => selection().toggle(2, false));
    expect(ticked()).toEqual(["b", "d"]);
  });

  it("selects every loaded row, then every matching video; unticking one keeps the loaded rest", () => {
    const { selection, ticked } = renderSelection();
    act(() => selection().setLoaded(true));
    expect(ticked()).toEqual(IDS);
    act(() => selection().selectAllMatching());
    expect(selection().allMatching).toBe(true);
    expect(announcement.value.text).toBe("40 videos selected");
    act(() => selection().toggle(0, false));
    expect(selection().allMatching).toBe(false);
    expect(ticked()).toEqual(["b", "c", "d", "e"]);
  });

  it("starts from nothing when the query changes", () => {
    const { selection, ticked, rerender } = renderSelection();
    act(() => selection().toggle(0, false));
    rerender("q2");
    expect(ticked()).toEqual([]);
  });
});

describe("delete with undo", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    deleteVideos.mockReset();
    deleteVideos.mockImplementation(async (_list: string, ids: string[]) => ({ deleted: ids.length }));
    hiddenVideos.value = new Set();
    lists.value = { list_1: list({ videoCount: 5 }) };
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it("hides the rows at once and Undo brings them back without a request", () => {
    render(<Toasts />);
    act(() => deleteWithUndo("list_1", ["a", "b"]));
    expect([...hiddenVideos.value]).toEqual(["a", "b"]);
    expect(lists.value.list_1?.videoCount).toBe(3);
    fireEvent.click(screen.getByRole("button", { name: "Undo" }));
    expect(hiddenVideos.value.size).toBe(0);
    expect(lists.value.list_1?.videoCount).toBe(5);
    act(() => {
      vi.advanceTimersByTime(UNDO_MS + 1);
    });
    expect(deleteVideos).not.toHaveBeenCalled();
    expect(announcement.value.text).toBe("Deletion undone: 2 videos kept");
  });

  it("sends the deletion when the Undo toast expires, and the rows stay hidden", async () => {
    render(<Toasts />);
    act(() => deleteWithUndo("list_1", ["c"]));
    expect(screen.getByText("1 video deleted")).toBeTruthy();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(UNDO_MS);
    });
    expect(deleteVideos).toHaveBeenCalledWith("list_1", ["c"]);
    expect(screen.queryByRole("button", { name: "Undo" })).toBeNull();
    expect([...hiddenVideos.value]).toEqual(["c"]);
  });

  it("shows again what the server refused to delete, and says why", async () => {
    deleteVideos.mockRejectedValue(new Error("Some of these videos are not in this list"));
    render(<Toasts />);
    act(() => deleteWithUndo("list_1", ["d", "e"]));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(UNDO_MS);
    });
    expect(hiddenVideos.value.size).toBe(0);
    expect(lists.value.list_1?.videoCount).toBe(5);
    expect(screen.getByText("Couldn't delete 2 videos")).toBeTruthy();
  });
});
