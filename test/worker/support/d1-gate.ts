/**
 * A gated D1 under a user's live hub: every `batch()` the hub makes (each write of a job's state
 * is one batch) is counted and, as the test decides, held until released, failed, or let
 * through. Held calls wait inside the hub's own request by polling a flag, so nothing crosses
 * request contexts, and the hub's input gate stays open while they wait, as during a real write.
 */
import { env } from "cloudflare:test";
import { patchHubEnv } from "./jobs";

type Mode = "hold" | "pass" | "fail";

export interface HeldWrite {
  release(): void;
  fail(): void;
  /** True once the held call has run (or thrown) inside the hub; poll it. */
  settled: boolean;
}

export interface D1Gate {
  /** Every batch call so far, in order: held ones and those let through or failed at once. */
  calls: number;
  held: HeldWrite[];
  /** What happens to calls from now on (calls already held stay held). */
  mode: Mode;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function gateHubD1(userId: string, mode: Mode = "hold"): Promise<D1Gate> {
  const gate: D1Gate = { calls: 0, held: [], mode };
  const real = env.DB;
  const db = new Proxy(real, {
    get(target, property) {
      if (property !== "batch") {
        const value = Reflect.get(target, property);
        return typeof value === "function" ? value.bind(target) : value;
      }
      return async (statements: D1PreparedStatement[]) => {
        gate.calls++;
        if (gate.mode === "pass") return target.batch(statements);
        if (gate.mode === "fail") throw new Error("D1_ERROR: simulated write failure");
        let state: "held" | "released" | "failed" = "held";
        const held: HeldWrite = {
          release: () => {
            state = "released";
          },
          fail: () => {
            state = "failed";
          },
          settled: false,
        };
        gate.held.push(held);
        try {
          while (state === "held") await sleep(5);
          if (state === "failed") throw new Error("D1_ERROR: simulated write failure");
          return await target.batch(statements);
        } finally {
          held.settled = true;
        }
      };
    },
  });
  await patchHubEnv(userId, { DB: db });
  return gate;
}
