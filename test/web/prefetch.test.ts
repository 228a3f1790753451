import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api, prefetchFirstScreen } from "../../web/src/api/endpoints";
import { session } from "../../web/src/api/session";
import { RECENT_JOBS } from "../../web/src/lib/page-size";

/** Every request the client sends, answered with an empty JSON object. */
const sent = vi.fn((_url: string) => {});

beforeEach(() => {
  sent.mockClear();
  session.value = { token: "tok", user: null, endedBecause: null };
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL) => {
      sent(String(input));
      return new Response("{}", { status: 200, headers: { "Content-Type": "application/json" } });
    }),
  );
});
afterEach(() => {
  vi.unstubAllGlobals();
  session.value = { token: null, user: null, endedBecause: null };
});

describe("the first screen's data, asked for by the entry", () => {
  it("the lists page's own calls take the early answers instead of asking again", async () => {
    prefetchFirstScreen("/", "");
    expect(sent.mock.calls.map(([url]) => url).sort()).toEqual(["/api/lists?limit=100", "/api/me", "/api/ws/ticket"]);
    // What the shell (user, socket ticket) and the lists page (useCursorPages' first 100) call on mount.
    await Promise.all([api.me(), api.wsTicket(), api.lists(undefined, 100)]);
    expect(sent).toHaveBeenCalledTimes(3);
    // Taken once: a later reload of the page, or the socket's next ticket, asks the server again.
    await Promise.all([api.lists(undefined, 100), api.wsTicket()]);
    expect(sent).toHaveBeenCalledTimes(5);
  });

  it("a list page's list, processing status, views, first videos and recent jobs are asked once", async () => {
    prefetchFirstScreen("/lists/lst_1", "?video=vid_9");
    expect(sent).toHaveBeenCalledTimes(7);
    await Promise.all([
      api.me(),
      api.list("lst_1"),
      api.processingStatus("lst_1"),
      api.views("lst_1"),
      api.videos("lst_1", {}, undefined, 100),
      // What the list page asks for its job card before the socket's snapshot.
      api.jobs({ listId: "lst_1" }, undefined, RECENT_JOBS),
      api.wsTicket(),
    ]);
    expect(sent).toHaveBeenCalledTimes(7);
  });

  it("a list page with a search in its URL asks for its videos itself", async () => {
    prefetchFirstScreen("/lists/lst_1", "?q=bread");
    expect(sent.mock.calls.map(([url]) => url)).not.toContainEqual(expect.stringContaining("/videos"));
    await api.videos("lst_1", { q: "bread" }, undefined, 100);
    expect(sent).toHaveBeenLastCalledWith("/api/lists/lst_1/videos?q=bread&limit=100");
  });
});
