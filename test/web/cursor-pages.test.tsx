import { act, cleanup, render } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { type CursorPage, type CursorPages, useCursorPages } from "../../web/src/lib/use-cursor-pages";
import { connection } from "../../web/src/live/connection";

interface Item {
  id: string;
  n: number;
}

/** A fake paged API over `total` items with controllable answers. */
function pagedApi(total: number) {
  const all = Array.from({ length: total }, (_, i) => ({ id: `i${i}`, n: i }));
  const pending: { resolve: () => void; cursor: string | undefined }[] = [];
  const fetchPage = (cursor: string | undefined, limit: number) =>
    new Promise<CursorPage<Item>>((resolve) => {
      const start = cursor ? Number(cursor) : 0;
      const items = all.slice(start, start + limit);
      const next = start + limit < total ? String(start + limit) : null;
      pending.push({ cursor, resolve: () => resolve({ items, nextCursor: next }) });
    });
  return { all, fetchPage, pending };
}

let pages: CursorPages<Item>;
function Harness(props: {
  queryKey: string;
  fetchPage: (c: string | undefined, l: number) => Promise<CursorPage<Item>>;
}) {
  pages = useCursorPages<Item>({ key: props.queryKey, fetchPage: props.fetchPage, id: (i) => i.id, pageSize: 10 });
  return null;
}

const flush = async (pending: { resolve: () => void }[]) => {
  await act(async () => {
    for (const p of pending.splice(0)) p.resolve();
  });
};

describe("useCursorPages", () => {
  afterEach(cleanup);

  it("loads the first page, then the next by cursor, without duplicates, until the cursor is null", async () => {
    const server = pagedApi(25);
    render(<Harness queryKey="a" fetchPage={server.fetchPage} />);
    expect(pages.loading).toBe(true);
    await flush(server.pending);
    expect(pages.items.map((i) => i.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(pages.hasMore).toBe(true);

    act(() => pages.loadMore());
    act(() => pages.loadMore()); // a second press while loading asks nothing more
    expect(server.pending).toHaveLength(1);
    await flush(server.pending);
    act(() => pages.loadMore());
    await flush(server.pending);
    expect(pages.items).toHaveLength(25);
    expect(new Set(pages.items.map((i) => i.id)).size).toBe(25);
    expect(pages.hasMore).toBe(false);
  });

  it("drops an answer for the previous query when the key changes meanwhile", async () => {
    const first = pagedApi(5);
    const second = pagedApi(3);
    const { rerender } = render(<Harness queryKey="old" fetchPage={first.fetchPage} />);
    rerender(<Harness queryKey="new" fetchPage={second.fetchPage} />);
    await flush(second.pending);
    await flush(first.pending);
    expect(pages.items.map((i) => i.n)).toEqual([0, 1, 2]);
  });

  it("keeps the rows on screen while the same query reloads, and patches and removes in place", async () => {
    const server = pagedApi(4);
    render(<Harness queryKey="a" fetchPage={server.fetchPage} />);
    await flush(server.pending);
    act(() => pages.reload());
    expect(pages.items).toHaveLength(4);
    expect(pages.loading).toBe(false);
    await flush(server.pending);

    act(() => pages.patch({ id: "i1", n: 100 }));
    act(() => pages.remove("i2"));
    expect(pages.items.map((i) => i.n)).toEqual([0, 100, 3]);
  });

  it("refreshLoaded re-reads as many rows as are loaded, across pages", async () => {
    const server = pagedApi(30);
    render(<Harness queryKey="a" fetchPage={server.fetchPage} />);
    await flush(server.pending);
    act(() => pages.loadMore());
    await flush(server.pending);
    expect(pages.items).toHaveLength(20);
    act(() => pages.refreshLoaded());
    await flush(server.pending);
    expect(pages.items).toHaveLength(20);
    expect(pages.hasMore).toBe(true);
  });

  it("a first page that failed while the server was away loads again when the live socket is back", async () => {
    let up = false;
    let calls = 0;
    const fetchPage = async () => {
      calls++;
      if (!up) throw new Error("Can't reach the server.");
      return { items: [{ id: "i0", n: 0 }], nextCursor: null };
    };
    connection.value = { state: "open", retryInMs: null };
    render(<Harness queryKey="a" fetchPage={fetchPage} />);
    await act(async () => {});
    expect(pages.error).toBeTruthy();
    act(() => {
      connection.value = { state: "reconnecting", retryInMs: 2000 };
    });
    expect(calls).toBe(1);

    up = true;
    act(() => {
      connection.value = { state: "open", retryInMs: null };
    });
    // Loading (the screen's spinner), not an empty list, while the retry is in flight.
    expect(pages.loading).toBe(true);
    await act(async () => {});
    expect(calls).toBe(2);
    expect(pages.error).toBeNull();
    expect(pages.items.map((i) => i.n)).toEqual([0]);

    // Back again with nothing failed: nothing is asked for.
    act(() => {
      connection.value = { state: "reconnecting", retryInMs: 1000 };
    });
    act(() => {
      connection.value = { state: "open", retryInMs: null };
    });
    expect(calls).toBe(2);
    connection.value = { state: "stopped", retryInMs: null };
  });
});
