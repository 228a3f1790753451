/**
 * Webhook delivery latency: how long after a job ends its `job.finished` event reaches a
 * receiver on this machine. Each round processes a small list and times the event's arrival
 * against the job's `finishedAt` (D1's clock; workerd and the bench share the machine's clock).
 * The path measured: the hub's finish → delivery row + queue send → the `webhooks` consumer's
 * batch window (1 s) → signed POST.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { percentile, summarize } from "../lib/stats.ts";
import { envNumber, type Scenario } from "../scenario.ts";

export default {
  label: "12 webhook delivery",
  summary: "job end → job.finished at a local receiver (ms)",
  async run(ctx) {
    const rounds = envNumber("BENCH_WEBHOOK_ROUNDS", 10);
    const arrivals = new Map<string, number>();
    const server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => {
        body += chunk;
      });
      request.on("end", () => {
        const event = JSON.parse(body) as { type: string; data: { id: string } };
        if (event.type === "job.finished") arrivals.set(event.data.id, Date.now());
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const user = await ctx.newUser("webhooks");
      await user.api("POST", "/webhooks", { url, events: ["job.finished"] });
      const latencies: number[] = [];
      for (let round = 0; round < rounds; round++) {
        const list = await user.createList(`Bench: webhooks ${round}`);
        await user.importVideos(list.id, 3, `wh${round}`);
        const job = await user.process(list.id);
        const deadline = Date.now() + 60_000;
        while (!arrivals.has(job.id)) {
          if (Date.now() > deadline) throw new Error(`no job.finished for ${job.id} within 60 s`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const finished = await user.api<{ finishedAt: string }>("GET", `/jobs/${job.id}`);
        latencies.push((arrivals.get(job.id) as number) - Date.parse(finished.finishedAt));
      }
      ctx.add({
        metric: `job finishedAt → job.finished received (p50 / max, ${rounds} jobs)`,
        value: `${percentile(latencies, 50)} / ${Math.max(...latencies)} ms`,
        target: "< 5 s",
        met: Math.max(...latencies) < 5_000,
        how: "measured",
      });
      ctx.detail("latencyMs", summarize(latencies));
    } finally {
      server.close();
    }
  },
} satisfies Scenario;
