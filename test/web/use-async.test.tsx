import { act, cleanup, render } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { type AsyncState, useAsync } from "../../web/src/lib/use-async";
import { connection } from "../../web/src/live/connection";

/** A server whose answers the test releases one by one, in the order it chooses. */
function deferredServer() {
  const answers: Array<(items: string[]) => void> = [];
  return {
    load: () => new Promise<string[]>((resolve) => answers.push(resolve)),
    answer: async (n: number, items: string[]) => {
      await act(async () => answers[n]?.(items));
    },
    get calls() {
      return answers.length;
    },
  };
}

function mount(load: () => Promise<string[]>) {
  const state: { current?: AsyncState<string[]> } = {};
  function Probe() {
    state.current = useAsync(load, []);
    return null;
  }
  render(<Probe />);
  return state;
}

describe("useAsync", () => {
  afterEach(cleanup);

  it("keeps a local edit made while the first load is in flight: it loads again, and the stale answer is dropped", async () => {
    const server = deferredServer();
    const state = mount(server.load);
    act(() => state.current?.setData((items) => ["created", ...(items ?? [])]));
    expect(state.current?.data).toEqual(["created"]);
    expect(server.calls).toBe(2);
    await server.answer(0, ["older"]); // left before the creation
    expect(state.current?.data).toEqual(["created"]);
    await server.answer(1, ["created", "older"]);
    expect(state.current?.data).toEqual(["created", "older"]);
    expect(state.current?.loading).toBe(false);
  });

  it("applies an edit after the load locally, with no other round trip", async () => {
    const server = deferredServer();
    const state = mount(server.load);
    await server.answer(0, ["older"]);
    act(() => state.current?.setData((items) => ["created", ...(items ?? [])]));
    expect(state.current?.data).toEqual(["created", "older"]);
    expect(server.calls).toBe(1);
  });

  it("a load that failed while the server was away runs again when the live socket is back, not on its first open", async () => {
    let up = false;
    let calls = 0;
    const state = mount(async () => {
      calls++;
      if (!up) throw new Error("Can't reach the server.");
      return ["list"];
    });
    await act(async () => {});
    expect(state.current?.error).toBeTruthy();
    // The session's first connection is not a comeback.
    act(() => {
      connection.value = { state: "connecting", retryInMs: null };
    });
    act(() => {
      connection.value = { state: "open", retryInMs: null };
    });
    expect(calls).toBe(1);

    act(() => {
      connection.value = { state: "reconnecting", retryInMs: 2000 };
    });
    up = true;
    act(() => {
      connection.value = { state: "open", retryInMs: null };
    });
    await act(async () => {});
    expect(calls).toBe(2);
    expect(state.current?.error).toBeNull();
    expect(state.current?.data).toEqual(["list"]);
    connection.value = { state: "stopped", retryInMs: null };
  });
});
