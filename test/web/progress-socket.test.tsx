import { act, cleanup, render, screen } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConnectionBanner } from "../../web/src/components/connection-banner";
import { BACKOFF_CAP_MS, backoffDelay } from "../../web/src/live/backoff";
import { clearJobs, jobsStore, onProgressEvent } from "../../web/src/live/jobs-store";
import { useProgressSocket } from "../../web/src/live/use-progress-socket";
import { createFakeSocket, FakeWebSocket } from "./fake-websocket";
import { job, progress } from "./fixtures";

function Harness({ random = () => 0 }: { random?: () => number }) {
  const connection = useProgressSocket({ token: "tok_secret", createSocket: createFakeSocket, random });
  return (
    <>
      <ConnectionBanner connection={connection} />
      <output data-testid="state">{connection.state}</output>
    </>
  );
}

const banner = () => screen.queryByText(/Reconnecting…/);

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

  it("connects once with the token and no `after`, then applies the snapshot", () => {
    render(<Harness />);
    expect(FakeWebSocket.instances).toHaveLength(1);
    const socket = FakeWebSocket.latest();
    expect(new URL(socket.url).pathname).toBe("/api/ws/progress");
    expect(new URL(socket.url).searchParams.get("token")).toBe("tok_secret");
    expect(socket.after).toBeNull();

    act(() => {
      socket.open();
      socket.receive({ type: "snapshot", jobs: [job({ processed: 3, progress: 30 })] });
    });
    expect(jobsStore.get().job_1?.processed).toBe(3);
    expect(screen.getByTestId("state").textContent).toBe("open");
    expect(banner()).toBeNull();
  });

  it("drops events it has already seen (de-duplication by seq)", () => {
    render(<Harness />);
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
    expect(jobsStore.get().job_1?.processed).toBe(3);
  });

  it("shows the banner, backs off, and reconnects with after=<last seq>", () => {
    render(<Harness />);
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
    act(() => {
      vi.advanceTimersByTime(999);
    });
    expect(FakeWebSocket.instances).toHaveLength(1);
    act(() => {
      vi.advanceTimersByTime(1);
    });
    expect(FakeWebSocket.instances).toHaveLength(2);
    const second = FakeWebSocket.latest();
    expect(second.after).toBe("5");

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
    expect(jobsStore.get().job_1?.processed).toBe(6);
    expect(banner()).toBeNull();
  });

  it("doubles the wait after every failed attempt, capped at 30 s", () => {
    render(<Harness />);
    act(() => FakeWebSocket.latest().drop());
    const waits: number[] = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      const before = FakeWebSocket.instances.length;
      let waited = 0;
      while (FakeWebSocket.instances.length === before) {
        act(() => {
          vi.advanceTimersByTime(500);
        });
        waited += 500;
      }
      waits.push(waited);
      expect(banner()).not.toBeNull();
      act(() => FakeWebSocket.latest().drop()); // this attempt fails too
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it("starts the backoff between 1 and 3 s and resets it after a successful connection", () => {
    expect(backoffDelay(0, () => 0)).toBe(1_000);
    expect(backoffDelay(0, () => 1)).toBe(3_000);
    expect(backoffDelay(1, () => 0.5)).toBe(4_000);
    expect(backoffDelay(10, () => 0.5)).toBe(BACKOFF_CAP_MS);

    render(<Harness />);
    act(() => FakeWebSocket.latest().drop());
    act(() => {
      vi.advanceTimersByTime(1_000);
    });
    act(() => FakeWebSocket.latest().drop());
    act(() => {
      vi.advanceTimersByTime(2_000);
    });
    act(() => FakeWebSocket.latest().open());
    expect(banner()).toBeNull();
    act(() => FakeWebSocket.latest().drop());
    const before = FakeWebSocket.instances.length;
    act(() => {
      vi.advanceTimersByTime(1_000);
    });
    expect(FakeWebSocket.instances.length).toBe(before + 1);
  });

  it("closes the socket on unmount and does not reconnect", () => {
    const { unmount } = render(<Harness />);
    const socket = FakeWebSocket.latest();
    act(() => socket.open());
    unmount();
    act(() => {
      vi.advanceTimersByTime(60_000);
    });
    expect(FakeWebSocket.instances).toHaveLength(1);
  });
});
