/**
 * The upstream calls one consumer invocation may make, each through the governor of its
 * credential (durable/governor-client.ts): YouTube `videos.list` with a key or oEmbed without,
 * and the configured AI provider as an `Extractor`. Built once per batch from the config.
 */
import type { Extractor } from "../domain/extraction/extractor";
import type { VideoMetadata } from "../domain/video-metadata";
import { type Governor, governed, governorFor } from "../durable/governor-client";
import type { Pace } from "../durable/pacing";
import type { Config, Env } from "../env";
import { WORKERS_AI_MAX_TOKENS } from "../env";
import { geminiExtractor } from "../providers/gemini";
import { workersAiExtractor } from "../providers/workers-ai";
import { fetchOEmbedMetadata, fetchVideoMetadata } from "../providers/youtube";

/**
 * The longest a call waits for a permit inside the invocation. Past it the job parks (and is
 * re-sent when the wait is over) rather than holding the batch or spending a queue retry.
 */
export const MAX_INLINE_WAIT_MS = 30_000;

export interface AiUpstream {
  provider: "gemini" | "workers-ai";
  extractor: Extractor;
  /** The most output tokens one call may ask for. */
  outputCeiling: number;
  /** The most videos one call may carry (AI_BATCH_SIZE). */
  batchCap: number;
}

export interface Upstreams {
  /** `videos.list` for up to 50 ids; null without a YouTube API key. */
  videosList: ((youtubeIds: string[]) => Promise<Map<string, VideoMetadata | null>>) | null;
  oembed: (youtubeId: string) => Promise<VideoMetadata | null>;
  /** Null when extraction is off (no provider, no key, no binding). */
  ai: AiUpstream | null;
}

function governedExtractor(inner: Extractor, governor: Governor, pace: Pace): Extractor {
  return {
    extract: (request) =>
      governed(() => inner.extract(request), {
        governor,
        pace,
        cost: { tokens: request.estimatedInputTokens },
        maxWaitMs: MAX_INLINE_WAIT_MS,
        tokensOf: (answer) => answer.usage.inputTokens || request.estimatedInputTokens,
      }),
  };
}

async function aiUpstream(config: Config, env: Env, fetcher: typeof fetch): Promise<AiUpstream | null> {
  const { provider, geminiKey, geminiBase, geminiModel, geminiMaxOutputTokens, workersAiModel, batchCap } = config.ai;
  if (provider === "gemini" && geminiKey) {
    const extractor = geminiExtractor({ apiKey: geminiKey, apiBase: geminiBase, model: geminiModel, fetch: fetcher });
    const governor = await governorFor(env, "gemini", geminiKey);
    return {
      provider,
      extractor: governedExtractor(extractor, governor, config.pace.gemini),
      outputCeiling: geminiMaxOutputTokens,
      batchCap,
    };
  }
  if (provider === "workers-ai" && env.AI) {
    const extractor = workersAiExtractor({ ai: env.AI, model: workersAiModel });
    // Workers AI limits are per account, and the binding carries the account.
    const governor = await governorFor(env, "workers-ai", "account");
    return {
      provider,
      extractor: governedExtractor(extractor, governor, config.pace.workersAi),
      outputCeiling: WORKERS_AI_MAX_TOKENS,
      batchCap,
    };
  }
  return null;
}

export async function upstreamsFor(config: Config, env: Env, fetcher: typeof fetch): Promise<Upstreams> {
  const { apiKey, apiBase, oembedUrl } = config.youtube;
  const pace = config.pace.youtube;
  const maxWaitMs = MAX_INLINE_WAIT_MS;
  const youtube = apiKey ? await governorFor(env, "youtube", apiKey) : null;
  const oembed = await governorFor(env, "oembed", oembedUrl);
  return {
    videosList:
      apiKey && youtube
        ? (ids) =>
            governed(() => fetchVideoMetadata(ids, { apiKey, apiBase, fetch: fetcher }), {
              governor: youtube,
              pace,
              maxWaitMs,
            })
        : null,
    oembed: (id) =>
      governed(() => fetchOEmbedMetadata(id, { oembedUrl, fetch: fetcher }), { governor: oembed, pace, maxWaitMs }),
    ai: await aiUpstream(config, env, fetcher),
  };
}
