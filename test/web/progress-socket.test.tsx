import { act, cleanup, render, screen } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConnectionBanner } from "../../web/src/components/connection-banner";
import { BACKOFF_CAP_MS, backoffDelay } from "../../web/src/live/backoff";
import { clearJobs, onProgressEvent } from "../../web/src/live/jobs-store";
import { useProgressSocket } from "../../web/src/live/use-progress-socket";
import { jobs } from "../../web/src/store/server-state";
import { createFakeSocket, FakeWebSocket } from "./fake-websocket";
import { job, progress } from "./fixtures";

/** Tickets as the server hands them out: a new one for every attempt. */
let ticketsIssued = 0;
const fetchTicket = async () => `wst_ticket_${++ticketsIssued}`;

function Harness({ random = () => 0 }: { random?: () => number }) {
  const connection = useProgressSocket({ token: "tok_secret", createSocket: createFakeSocket, fetchTicket, random });
  return (
    <>
      <ConnectionBanner connection={connection} />
      <output data-testid="state">{connection.state}</output>
    </>
  );
}

const banner = () => screen.queryByText(/Reconnecting…/);
/** Lets fake time pass, and the ticket requests it starts settle. */
const wait = (ms: number) =>
  act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
/** Renders the harness and lets its first ticket arrive. */
async function renderHarness(props: { random?: () => number } = {}) {
  const result = render(<Harness {...props} />);
  await wait(0);
  return result;
}

describe("useProgressSocket", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeWebSocket.instances = [];
    clearJobs();
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it("connects once with a fresh ticket, never the token, and no `after`, then applies the snapshot", async () => {
    await renderHarness();
    expect(FakeWebSocket.instances).toHaveLength(1);
    const socket = FakeWebSocket.latest();
    expect(new URL(socket.url).pathname).toBe("/api/ws/progress");
    expect(new URL(socket.url).searchParams.get("ticket")).toBe(`wst_ticket_${ticketsIssued}`);
    expect(socket.url).not.toContain("tok_secret");
    expect(new URL(socket.url).searchParams.has("token")).toBe(false);
    expect(socket.after).toBeNull();

    act(() => {
      socket.open();
      socket.receive({ type: "snapshot", jobs: [job({ processed: 3, progress: 30 })] });
    });
    expect(jobs.value.job_1?.processed).toBe(3);
    expect(screen.getByTestId("state").textContent).toBe("open");
    expect(banner()).toBeNull();
  });

  it("drops events it has already seen (de-duplication by seq)", async () => {
    await renderHarness();
    const seen: number[] = [];
    const stop = onProgressEvent((event) => seen.push(event.seq));
    const socket = FakeWebSocket.latest();
    act(() => {
      socket.open();
      socket.receive(progress(1));
      socket.receive(progress(2));
      socket.receive(progress(2));
      socket.receive(progress(1));
      socket.receive(progress(3));
    });
    stop();
    expect(seen).toEqual([1, 2, 3]);
    expect(jobs.value.job_1?.processed).toBe(3);
  });

  it("shows the banner, backs off, and reconnects with after=<last seq>", async () => {
    await renderHarness();
    const first = FakeWebSocket.latest();
    act(() => {
      first.open();
      first.receive({ type: "snapshot", jobs: [] });
      first.receive(progress(4));
      first.receive(progress(5));
    });

    act(() => first.drop());
    expect(banner()).not.toBeNull();
    expect(screen.getByTestId("state").textContent).toBe("reconnecting");

    // random() = 0 → the first wait is exactly 1 s.
    await wait(999);
    expect(FakeWebSocket.instances).toHaveLength(1);
    await wait(1);
    expect(FakeWebSocket.instances).toHaveLength(2);
    const second = FakeWebSocket.latest();
    expect(second.after).toBe("5");
    // A ticket works once: the reconnect brought a new one.
    expect(new URL(second.url).searchParams.get("ticket")).not.toBe(new URL(first.url).searchParams.get("ticket"));

    // The replay may repeat what we already have; only the new event gets through.
    const seen: number[] = [];
    const stop = onProgressEvent((event) => seen.push(event.seq));
    act(() => {
      second.open();
      second.receive({
        type: "snapshot",
        jobs: [job({ processed: 5, progress: 50, updatedAt: "2026-11-23T10:00:05.000Z" })],
      });
      second.receive(progress(5));
      second.receive(progress(6));
    });
    stop();
    expect(seen).toEqual([6]);
    expect(jobs.value.job_1?.processed).toBe(6);
    expect(banner()).toBeNull();
  });

  it("doubles the wait after every failed attempt, capped at 30 s", async () => {
    await renderHarness();
    act(() => FakeWebSocket.latest().drop());
    const waits: number[] = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      const before = FakeWebSocket.instances.length;
      let waited = 0;
      while (FakeWebSocket.instances.length === before) {
        await wait(500);
        waited += 500;
      }
      waits.push(waited);
      expect(banner()).not.toBeNull();
      act(() => FakeWebSocket.latest().drop()); // this attempt fails too
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it("starts the backoff between 1 and 3 s and resets it after a successful connection", async () => {
    expect(backoffDelay(0, () => 0)).toBe(1_000);
    expect(backoffDelay(0, () => 1)).toBe(3_000);
    expect(backoffDelay(1, () => 0.5)).toBe(4_000);
    expect(backoffDelay(10, () => 0.5)).toBe(BACKOFF_CAP_MS);

    await renderHarness();
    act(() => FakeWebSocket.latest().drop());
    await wait(1_000);
    act(() => FakeWebSocket.latest().drop());
    await wait(2_000);
    act(() => FakeWebSocket.latest().open());
    expect(banner()).toBeNull();
    act(() => FakeWebSocket.latest().drop());
    const before = FakeWebSocket.instances.length;
    await wait(1_000);
    expect(FakeWebSocket.instances.length).toBe(before + 1);
  });

  it("treats a failed ticket request as a failed attempt: backs off and tries again", async () => {
    let fail = true;
    const failing = async () => {
      if (fail) throw new Error("401");
      return "wst_after_all";
    };
    function FailingHarness() {
      const connection = useProgressSocket({
        token: "tok_secret",
        createSocket: createFakeSocket,
        fetchTicket: failing,
        random: () => 0,
      });
      return <output data-testid="state">{connection.state}</output>;
    }
    render(<FailingHarness />);
    await wait(0);
    expect(FakeWebSocket.instances).toHaveLength(0);
    expect(screen.getByTestId("state").textContent).toBe("reconnecting");
    fail = false;
    await wait(1_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(new URL(FakeWebSocket.latest().url).searchParams.get("ticket")).toBe("wst_after_all");
  });

  it("closes the socket on unmount and does not reconnect", async () => {
    const { unmount } = await renderHarness();
    const socket = FakeWebSocket.latest();
    act(() => socket.open());
    unmount();
    await wait(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });
});
