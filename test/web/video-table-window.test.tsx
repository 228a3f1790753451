import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { useRef, useState } from "preact/hooks";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { FoundVideo } from "../../web/src/api/endpoints";
import { Dialog } from "../../web/src/components/dialog";
import { VideoTable } from "../../web/src/features/videos/video-table";
import { type CursorPagesOptions, useCursorPages } from "../../web/src/lib/use-cursor-pages";
import { useFixedRows } from "../../web/src/lib/use-fixed-rows";
import { video } from "./fixtures";

/** The table's row height at desktop width (video-table.tsx), and a view three rows tall. */
const ROW = 68;
const VIEW = 3 * ROW;

const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "clientHeight");

beforeEach(() => {
  // happy-dom lays nothing out: give the scrollers and the screen a height to window rows by.
  Object.defineProperty(HTMLElement.prototype, "clientHeight", {
    configurable: true,
    get(this: HTMLElement) {
      return this.dataset.scroller === undefined && !this.classList.contains("vtable") ? 0 : VIEW;
    },
  });
  Object.defineProperty(window.screen, "height", { configurable: true, value: VIEW });
});
afterEach(() => {
  cleanup();
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, "clientHeight", clientHeight);
  delete (window.screen as { height?: number }).height;
});

function Rows({ drawn }: { drawn: number[][] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const { rows } = useFixedRows(scrollRef, bodyRef, { count: 100, rowHeight: ROW, overscan: 4 });
  drawn.push(rows.map((row) => row.index));
  return (
    <div ref={scrollRef} data-scroller>
      <div ref={bodyRef}>
        {rows.map((row) => (
          <p key={row.index}>Row {row.index}</p>
        ))}
      </div>
    </div>
  );
}

describe("the video table draws the rows in view first, the rest after", () => {
  it("the window fills a few rows per frame, the rows in view first, and then follows a scroll at once", async () => {
    const drawn: number[][] = [];
    const { container } = render(<Rows drawn={drawn} />);
    // Two rows a frame (the default): the four in view, then the four of the margin below.
    expect(drawn.at(-1)).toEqual([0, 1]);
    await waitFor(() => expect(drawn.at(-1)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]));
    const sizes = [...new Set(drawn.map((rows) => rows.length))];
    expect(sizes).toEqual([2, 4, 6, 8]);
    for (const rows of drawn) expect(rows).toEqual(Array.from({ length: rows.length }, (_, i) => i));

    const scroller = container.querySelector<HTMLElement>("[data-scroller]") as HTMLElement;
    act(() => {
      scroller.scrollTop = 20 * ROW;
      fireEvent.scroll(scroller);
    });
    expect(drawn.at(-1)).toEqual(Array.from({ length: 12 }, (_, i) => 16 + i));
  });

  const VIDEOS = Array.from(
    { length: 40 },
    (_, i) => video({ id: `vid_${i}`, youtubeId: `yt${i}`, title: `Video ${i}`, status: "completed" }) as FoundVideo,
  );

  /** The list page's table with its detail dialog, and a reload that draws the table anew (its spinner between). */
  function Page() {
    const [open, setOpen] = useState<FoundVideo | null>(null);
    const [reloading, setReloading] = useState(false);
    return (
      <>
        <button type="button" onClick={() => setReloading((r) => !r)}>
          Reload
        </button>
        {reloading ? (
          <p>Loading videos…</p>
        ) : (
          <VideoTable
            videos={VIDEOS}
            columns={[]}
            pipelineVersion={null}
            hasMore={false}
            loadingMore={false}
            loadMoreFailed={false}
            onLoadMore={() => {}}
            onOpen={setOpen}
            onDelete={() => {}}
            selectedId={open?.id ?? null}
            checked={{ has: () => false, toggle: () => {}, setLoaded: () => {}, count: 0 }}
          />
        )}
        {open && (
          <Dialog title={open.title ?? ""} onClose={() => setOpen(null)}>
            <p>Details</p>
          </Dialog>
        )}
      </>
    );
  }
  const row = (index: number) => document.querySelector<HTMLElement>(`tr[data-index="${index}"]`);

  it("every row of the view and its margin is there once drawn, each reachable from the keyboard", async () => {
    render(<Page />);
    // Three rows a frame at desktop width: rows 0–3 in view, then 4–11, the margin below it.
    expect(document.querySelectorAll("tr.vtable__row")).toHaveLength(3);
    await waitFor(() => expect(document.querySelectorAll("tr.vtable__row")).toHaveLength(12));
    expect([...document.querySelectorAll("tr.vtable__row")].map((tr) => tr.id)).toEqual(
      VIDEOS.slice(0, 12).map((v) => `video-row-${v.id}`),
    );
    (row(0) as HTMLElement).focus();
    for (let i = 0; i < 9; i++) fireEvent.keyDown(document.activeElement as HTMLElement, { key: "ArrowDown" });
    expect(document.activeElement).toBe(row(9));
    expect(row(9)?.textContent).toContain("Video 9");
  });

  it("focus goes back to a row of the margin when the table was drawn anew while its video was open", async () => {
    render(<Page />);
    await waitFor(() => expect(row(11)).not.toBeNull());
    (row(0) as HTMLElement).focus();
    for (let i = 0; i < 6; i++) fireEvent.keyDown(document.activeElement as HTMLElement, { key: "ArrowDown" });
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: "Enter" });
    expect(screen.getByRole("dialog").textContent).toContain("Video 6");
    const opener = row(6);
    act(() => {
      screen.getByRole("button", { name: "Reload", hidden: true }).click();
    });
    act(() => {
      screen.getByRole("button", { name: "Reload", hidden: true }).click();
    });
    expect(opener?.isConnected).toBe(false);
    await waitFor(() => expect(row(6)).not.toBeNull());
    fireEvent.keyDown(document, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement?.id).toBe("video-row-vid_6");
    expect(document.activeElement).toBe(row(6));
  });

  /** The list page's wiring of the table to its pages (list-page.tsx), over a fake API. */
  function PagedTable({ fetchPage }: { fetchPage: CursorPagesOptions<FoundVideo>["fetchPage"] }) {
    const pages = useCursorPages({ key: "list", fetchPage, id: (v) => v.id });
    return (
      <VideoTable
        videos={pages.items}
        columns={[]}
        pipelineVersion={null}
        hasMore={pages.hasMore}
        loadingMore={pages.loadingMore}
        loadMoreFailed={!!pages.error && !pages.loadingMore}
        onLoadMore={pages.loadMore}
        onOpen={() => {}}
        onDelete={() => {}}
        selectedId={null}
        checked={{ has: () => false, toggle: () => {}, setLoaded: () => {}, count: 0 }}
      />
    );
  }

  it("a next page that fails is asked for once, then offered as Try again, not asked for in a loop", async () => {
    let down = true;
    const fetchPage = vi.fn(async (cursor: string | undefined) => {
      if (!cursor) return { items: VIDEOS.slice(0, 5), nextCursor: "c1" };
      if (down) throw new Error("offline");
      return { items: VIDEOS.slice(5, 10), nextCursor: null };
    });
    render(<PagedTable fetchPage={fetchPage} />);
    const retry = await screen.findByRole("button", { name: "Try again" });
    expect(screen.getByText(/Couldn't load more videos/)).toBeTruthy();
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(fetchPage.mock.calls.filter(([cursor]) => cursor === "c1")).toHaveLength(1);

    down = false;
    fireEvent.click(retry);
    await waitFor(() => expect(row(9)?.textContent).toContain("Video 9"));
    expect(screen.queryByRole("button", { name: "Try again" })).toBeNull();
  });
});
