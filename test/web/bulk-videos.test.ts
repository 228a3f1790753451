import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../web/src/api/client";
import { deleteInBulk, matchingIds, moveInBulk } from "../../web/src/features/bulk/bulk-videos";

const api = vi.hoisted(() => ({ videos: vi.fn(), deleteVideos: vi.fn(), moveVideos: vi.fn() }));
vi.mock("../../web/src/api/endpoints", () => ({ api }));

const ids = (n: number) => Array.from({ length: n }, (_, i) => `vid_${i}`);

describe("bulk video actions", () => {
  beforeEach(() => vi.resetAllMocks());

  it("deletes 2,500 videos in chunks of at most 1,000 and counts what the server deleted", async () => {
    api.deleteVideos.mockImplementation(async (_list: string, chunk: string[]) => ({ deleted: chunk.length }));
    const outcome = await deleteInBulk("lst_1", ids(2_500));
    expect(api.deleteVideos.mock.calls.map(([, chunk]) => chunk.length)).toEqual([1_000, 1_000, 500]);
    expect(outcome).toEqual({ done: 2_500, notDone: 0, deleted: 2_500 });
  });

  it("stops at a refused chunk and says how many were left undone, and why", async () => {
    api.moveVideos
      .mockResolvedValueOnce({ moved: 990, duplicates: 10 })
      .mockRejectedValueOnce(new ApiError(409, "conflict", "A job is processing some of these videos"));
    const outcome = await moveInBulk("lst_1", ids(2_500), { toListId: "lst_2", copy: false });
    expect(api.moveVideos).toHaveBeenCalledTimes(2);
    expect(outcome).toEqual({
      done: 1_000,
      notDone: 1_500,
      moved: 990,
      duplicates: 10,
      error: "A job is processing some of these videos",
    });
  });

  it("reads every id a query matches, page after page, without its sort", async () => {
    api.videos
      .mockResolvedValueOnce({ items: [{ id: "a" }, { id: "b" }], nextCursor: "c1" })
      .mockResolvedValueOnce({ items: [{ id: "c" }], nextCursor: null });
    expect(await matchingIds("lst_1", { status: "failed", sort: "title", order: "asc" })).toEqual(["a", "b", "c"]);
    expect(api.videos.mock.calls[1]).toEqual(["lst_1", { status: "failed" }, "c1", 200]);
  });
});
