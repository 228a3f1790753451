/**
 * The app's own settings the bench computes with, read from where the app keeps them (its
 * wrangler config, through wrangler's reader, and exported constants of src/, loaded with Vite's
 * module runner since src/ uses extensionless imports Node cannot resolve). Nothing is copied:
 * change the consumer and the bench's bounds follow.
 */
import { join } from "node:path";
import { runnerImport } from "vite";
import { unstable_readConfig } from "wrangler";
import { BENCH_FIELDS } from "./api-client.ts";

export interface AppConstants {
  workerName: string;
  /** `max_batch_size` of the `videos` queue consumer. */
  batchSize: number;
  /** `max_batch_timeout` of the `videos` consumer, seconds: how long a part-filled batch waits. */
  batchTimeoutSeconds: number;
  /** Ids per YouTube `videos.list` call (src/providers/youtube.ts). */
  idsPerYoutubeCall: number;
  /** AI calls in flight per consumer invocation (src/queue/video-work.ts). */
  aiConcurrency: number;
  /** Videos of one user queued or in flight at once, the hub's default (src/env.ts `DEFAULT_HUB_WINDOW`). */
  hubWindow: number;
  /** Claimed videos the hub reads from D1 per page of a job's work list (src/durable/work-loader.ts). */
  hubLoadPage: number;
  /**
   * Videos per AI call (K) for the bench's fields under the app's default settings
   * (src/domain/extraction/batch-size.ts with the output limit and cap of src/env.ts).
   */
  aiBatchSize: number;
}

async function load<T>(dir: string, path: string): Promise<T> {
  const { module } = await runnerImport<T>(join(dir, path), { configFile: false, root: dir, logLevel: "error" });
  return module;
}

const positive = (value: unknown, what: string) => {
  if (typeof value !== "number" || !(value > 0)) throw new Error(`bench: could not read ${what} (got ${value})`);
  return value;
};

export async function readAppConstants(dir: string): Promise<AppConstants> {
  const config = unstable_readConfig({ config: join(dir, "wrangler.toml") });
  const consumer = config.queues.consumers?.find((c: { queue: string }) => c.queue === "videos");
  const youtube = await load<{ MAX_IDS_PER_CALL: number }>(dir, "src/providers/youtube.ts");
  const work = await load<{ AI_CONCURRENCY: number }>(dir, "src/queue/video-work.ts");
  const env = await load<{
    DEFAULT_HUB_WINDOW: number;
    readConfig(env: object): { ai: { geminiMaxOutputTokens: number; batchCap: number } };
  }>(dir, "src/env.ts");
  const extraction = await load<{
    batchSizeFor(fields: unknown[], limits: { maxOutputTokens: number; cap: number }): number;
  }>(dir, "src/domain/extraction/batch-size.ts");
  const ai = env.readConfig({}).ai;
  const loader = await load<{ LOAD_PAGE: number }>(dir, "src/durable/work-loader.ts");
  return {
    workerName: config.name ?? "worker",
    batchSize: positive(consumer?.max_batch_size, "max_batch_size of the videos consumer"),
    batchTimeoutSeconds: positive(consumer?.max_batch_timeout, "max_batch_timeout of the videos consumer"),
    idsPerYoutubeCall: positive(youtube.MAX_IDS_PER_CALL, "MAX_IDS_PER_CALL"),
    aiConcurrency: positive(work.AI_CONCURRENCY, "AI_CONCURRENCY"),
    hubWindow: positive(env.DEFAULT_HUB_WINDOW, "DEFAULT_HUB_WINDOW"),
    hubLoadPage: positive(loader.LOAD_PAGE, "LOAD_PAGE"),
    aiBatchSize: positive(
      extraction.batchSizeFor(BENCH_FIELDS, { maxOutputTokens: ai.geminiMaxOutputTokens, cap: ai.batchCap }),
      "the AI batch size",
    ),
  };
}
