import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { BulkAddResult } from "../../src/shared/schemas/videos";
import { ImportReport } from "../../web/src/features/add-videos/import-report";
import { PasteBox } from "../../web/src/features/add-videos/paste-box";
import { video } from "./fixtures";

const pending = (id: string, youtubeId: string) =>
  video({ id, youtubeId, url: `https://www.youtube.com/watch?v=${youtubeId}`, status: "pending" });

const bulkResult: BulkAddResult = {
  added: [pending("v1", "dQw4w9WgXcQ"), pending("v2", "9bZkp7q19f0")],
  duplicates: [{ input: "https://youtu.be/dQw4w9WgXcQ", line: 3, videoId: "v1" }],
  invalid: [
    { input: "https://vimeo.com/123", line: 5, reason: "Not a YouTube URL" },
    { input: "hello", line: 4, reason: "Not a video id" },
  ],
};

describe("ImportReport", () => {
  afterEach(cleanup);

  it("summarises added, duplicate and invalid counts", () => {
    render(<ImportReport {...bulkResult} />);
    expect(screen.getByText("2 added")).toBeTruthy();
    expect(screen.getByText("1 duplicate")).toBeTruthy();
    expect(screen.getByText("2 invalid")).toBeTruthy();
  });

  it("lists every rejected line with its input and reason, in line order", () => {
    render(<ImportReport {...bulkResult} />);
    const lines = screen.getAllByText(/^Line \d+$/).map((el) => el.textContent);
    expect(lines).toEqual(["Line 4", "Line 5", "Line 3"]); // invalid first (sorted), then duplicates
    expect(screen.getByText("https://vimeo.com/123")).toBeTruthy();
    expect(screen.getByText("Not a YouTube URL")).toBeTruthy();
    expect(screen.getByText("Not a video id")).toBeTruthy();
    expect(screen.getByText("Already in this list")).toBeTruthy();
  });

  it("reports CSV imports, which return counts, the same way", () => {
    render(
      <ImportReport added={120} duplicates={4} invalid={[{ input: "nope", line: 17, reason: "Not a YouTube URL" }]} />,
    );
    expect(screen.getByText("120 added")).toBeTruthy();
    expect(screen.getByText("4 duplicates")).toBeTruthy();
    expect(screen.getByText("Line 17")).toBeTruthy();
  });
});

describe("PasteBox", () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it("asks for input instead of sending an empty paste", () => {
    const fetchMock = vi.fn();
    vi.stubGlobal("fetch", fetchMock);
    render(<PasteBox listId="list_1" onAdded={() => {}} />);
    fireEvent.click(screen.getByRole("button", { name: "Add videos" }));
    expect(screen.getByText("Paste at least one YouTube link or video id.")).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("sends the pasted text, shows the per-line report and keeps only the invalid lines", async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify(bulkResult), { status: 200 }));
    vi.stubGlobal("fetch", fetchMock);
    const onAdded = vi.fn();
    render(<PasteBox listId="list_1" onAdded={onAdded} />);
    const box = screen.getByLabelText("YouTube links, one per line") as HTMLTextAreaElement;
    const text = "dQw4w9WgXcQ\n9bZkp7q19f0\nhttps://youtu.be/dQw4w9WgXcQ\nhello\nhttps://vimeo.com/123";
    fireEvent.input(box, { target: { value: text } });
    fireEvent.click(screen.getByRole("button", { name: "Add videos" }));

    await waitFor(() => expect(screen.getByText("2 added")).toBeTruthy());
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/api/lists/list_1/videos/bulk");
    expect(JSON.parse(String(init.body))).toEqual({ text });
    expect(onAdded).toHaveBeenCalledWith(2);
    expect(box.value).toBe("hello\nhttps://vimeo.com/123");
    expect(screen.getByText("Not a video id")).toBeTruthy();
  });
});
