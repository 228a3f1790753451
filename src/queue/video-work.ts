/**
 * The upstream half of processing a batch: YouTube metadata for every video (one `videos.list`
 * call per 50 ids with a key, oEmbed per video without), then AI field extraction with bounded
 * concurrency with the configured provider (Gemini over `fetcher`, or Workers AI over the `AI`
 * binding). Returns one verdict per video; it writes nothing.
 */
import type { Config } from "../env";
import { type ExtractionInput, type ExtractionResult, extractFields } from "../providers/gemini";
import { isUpstreamError, UpstreamError } from "../providers/upstream-error";
import { extractFieldsWithWorkersAi } from "../providers/workers-ai";
import { fetchOEmbedMetadata, fetchVideoMetadata, type VideoMetadata } from "../providers/youtube";
import type { Field, FieldValues } from "../shared/schemas/fields";

export interface WorkItem {
  videoId: string;
  youtubeId: string;
  fields: Field[];
  /** Delivery attempt of the message, 1-based: the last ones give up on AI rather than the video. */
  attempts: number;
}

export type Verdict =
  | { kind: "completed"; metadata: VideoMetadata; fields: FieldValues; warnings: string[] }
  | { kind: "failed"; error: string }
  | { kind: "retry"; delaySeconds: number; reason: string };

export class JobFatalError extends Error {}

export const UNAVAILABLE = "Video unavailable or private";
/** A Worker invocation keeps at most 6 outbound connections open; more would only queue. */
export const AI_CONCURRENCY = 6;
const OEMBED_CONCURRENCY = 6;
/** After this many deliveries, a video completes without AI fields rather than retrying again. */
export const LAST_AI_ATTEMPT = 4;

export const backoffSeconds = (attempts: number, retryAfter?: number) =>
  Math.min(600, Math.max(retryAfter ?? 0, 5 * 2 ** Math.max(0, attempts - 1)));

export async function runVideoWork(
  items: WorkItem[],
  config: Config,
  fetcher: typeof fetch,
  ai?: Ai,
): Promise<Map<string, Verdict>> {
  const verdicts = new Map<string, Verdict>();
  const metadata = await fetchMetadata(items, config, fetcher, verdicts);
  const extractor = chooseExtractor(config, fetcher, ai);
  await mapLimit(
    items.filter((item) => !verdicts.has(item.videoId)),
    AI_CONCURRENCY,
    async (item) => {
      const found = metadata.get(item.youtubeId);
      if (!found) return void verdicts.set(item.videoId, { kind: "failed", error: UNAVAILABLE });
      verdicts.set(item.videoId, await extract(item, found, extractor));
    },
  );
  return verdicts;
}

/** Metadata by YouTube id. Batch-wide transient failures become a retry verdict for every item. */
async function fetchMetadata(
  items: WorkItem[],
  config: Config,
  fetcher: typeof fetch,
  verdicts: Map<string, Verdict>,
): Promise<Map<string, VideoMetadata | null>> {
  const { apiKey, apiBase, oembedUrl } = config.youtube;
  if (apiKey) {
    try {
      return await fetchVideoMetadata(
        items.map((item) => item.youtubeId),
        { apiKey, apiBase, fetch: fetcher },
      );
    } catch (error) {
      if (isUpstreamError(error) && error.kind === "fatal") throw new JobFatalError(error.message);
      for (const item of items) verdicts.set(item.videoId, retryVerdict(item, error));
      return new Map();
    }
  }
  const found = new Map<string, VideoMetadata | null>();
  await mapLimit(items, OEMBED_CONCURRENCY, async (item) => {
    try {
      found.set(item.youtubeId, await fetchOEmbedMetadata(item.youtubeId, { oembedUrl, fetch: fetcher }));
    } catch (error) {
      if (isUpstreamError(error) && error.kind === "fatal") throw new JobFatalError(error.message);
      if (isUpstreamError(error) && error.kind === "permanent")
        verdicts.set(item.videoId, { kind: "failed", error: error.message });
      else verdicts.set(item.videoId, retryVerdict(item, error));
    }
  });
  return found;
}

function retryVerdict(item: WorkItem, error: unknown): Verdict {
  const retryAfter = isUpstreamError(error) ? error.retryAfterSeconds : undefined;
  return {
    kind: "retry",
    delaySeconds: backoffSeconds(item.attempts, retryAfter),
    reason: String((error as Error)?.message ?? error),
  };
}

type Extractor = (input: ExtractionInput, fields: Field[]) => Promise<ExtractionResult>;

/** The configured provider's extraction call, or null when extraction is off or cannot run. */
function chooseExtractor(config: Config, fetcher: typeof fetch, ai: Ai | undefined): Extractor | null {
  const { provider, geminiKey, geminiBase, geminiModel, workersAiModel } = config.ai;
  switch (provider) {
    case "none":
      return null;
    case "gemini":
      if (!geminiKey) return null;
      return (input, fields) =>
        extractFields(input, fields, { apiKey: geminiKey, apiBase: geminiBase, model: geminiModel, fetch: fetcher });
    case "workers-ai":
      if (!ai) return null;
      return (input, fields) => extractFieldsWithWorkersAi(input, fields, { ai, model: workersAiModel });
  }
}

/**
 * AI fields for one video. A model answer that is not the JSON asked for is tried once more;
 * after that, and on the last deliveries for rate limits, the video completes with its
 * metadata and a warning instead of failing: the metadata is worth keeping.
 */
async function extract(item: WorkItem, metadata: VideoMetadata, extractor: Extractor | null): Promise<Verdict> {
  if (item.fields.length === 0 || !extractor) {
    return { kind: "completed", metadata, fields: {}, warnings: [] };
  }
  const call = () => extractor(metadata, item.fields);
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await call();
      return { kind: "completed", metadata, fields: result.values, warnings: result.warnings };
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      if (error.kind === "fatal") throw new JobFatalError(error.message);
      if (error.code === "bad_ai_output" && attempt < 2) continue;
      if (error.code === "bad_ai_output" || error.kind === "permanent" || item.attempts >= LAST_AI_ATTEMPT) {
        return { kind: "completed", metadata, fields: {}, warnings: [`AI fields left empty: ${error.message}`] };
      }
      return retryVerdict(item, error);
    }
  }
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function mapLimit<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await task(items[next++] as T);
  });
  await Promise.all(workers);
}
