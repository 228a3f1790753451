/**
 * The upstream half of processing a batch: YouTube metadata for every video (one `videos.list`
 * call per 50 ids with a key, oEmbed per video without), then AI extraction for each list's
 * videos, K per call (domain/extraction). Every video gets exactly one verdict, handed to
 * `onSettled` as soon as its part is done, so results are written and counted per AI call, not
 * at the end of the batch. It writes nothing itself.
 */
import { batchSizeFor } from "../domain/extraction/batch-size";
import { extractGroup, type ItemOutcome } from "../domain/extraction/run";
import type { VideoMetadata } from "../domain/video-metadata";
import { MustWait } from "../durable/governor-client";
import { isUpstreamError } from "../providers/upstream-error";
import { MAX_IDS_PER_CALL } from "../providers/youtube";
import type { Field, FieldValues } from "../shared/schemas/fields";
import type { AiUpstream, Upstreams } from "./upstreams";

export interface WorkItem {
  videoId: string;
  youtubeId: string;
  jobId: string;
  userId: string;
  listId: string;
  fields: Field[];
  /** Delivery attempt of the message, 1-based: the last ones give up on AI rather than retry again. */
  attempts: number;
}

export type Verdict =
  /** Metadata and fields (or no fields to fill): the video is processed at the current version. */
  | { kind: "completed"; metadata: VideoMetadata; fields: FieldValues; warnings: string[] }
  /** Not processed. With metadata, the AI part did not happen; the metadata is still worth keeping. */
  | { kind: "failed"; error: string; metadata?: VideoMetadata }
  | { kind: "retry"; delaySeconds: number; reason: string }
  /** The job must wait (rate limit or daily quota) until `resumesAt`; the video stays claimed. */
  | { kind: "park"; reason: "rate_limit" | "quota"; resumesAt: number; message: string }
  /** Every further call fails alike (bad key, model gone): the job fails. */
  | { kind: "fatal"; message: string };

export interface Usage {
  youtubeUnits: number;
  aiCalls: number;
  inputTokens: number;
  outputTokens: number;
  thinkingTokens: number;
}
export const noUsage = (): Usage => ({
  youtubeUnits: 0,
  aiCalls: 0,
  inputTokens: 0,
  outputTokens: 0,
  thinkingTokens: 0,
});

export interface Settled {
  verdicts: Map<string, Verdict>;
  /** Upstream spend of this part, by job. */
  usage: Map<string, Usage>;
}

/** Several settled parts as one: their verdicts (distinct videos) and their spend, added up per job. */
export function mergeSettled(parts: readonly Settled[]): Settled {
  const merged: Settled = { verdicts: new Map(), usage: new Map() };
  for (const part of parts) {
    for (const [videoId, verdict] of part.verdicts) merged.verdicts.set(videoId, verdict);
    for (const [jobId, usage] of part.usage) addUsage(merged.usage, jobId, usage);
  }
  return merged;
}

export const UNAVAILABLE = "Video unavailable or private";
const AI_NOT_FILLED = "AI fields not filled";
/** A Worker invocation keeps at most 6 outbound connections open; more would only queue. */
export const AI_CONCURRENCY = 6;
const OEMBED_CONCURRENCY = 6;
/** From this delivery on, a transient AI failure fails the video (metadata kept) instead of retrying. */
export const LAST_AI_ATTEMPT = 4;

export const backoffSeconds = (attempts: number, retryAfter?: number) =>
  Math.min(600, Math.max(retryAfter ?? 0, 5 * 2 ** Math.max(0, attempts - 1)));

/**
 * What a failed call means for one video. `metadata` is set for AI calls: then a call that will
 * not succeed (permanently refused, or transient on the last attempts) still keeps the metadata.
 */
function verdictForError(error: unknown, item: WorkItem, metadata?: VideoMetadata): Verdict {
  if (error instanceof MustWait) {
    return { kind: "park", reason: error.reason, resumesAt: error.resumesAt, message: error.message };
  }
  if (!isUpstreamError(error)) throw error;
  if (error.kind === "fatal") return { kind: "fatal", message: error.message };
  const giveUp = error.kind === "permanent" || (metadata !== undefined && item.attempts >= LAST_AI_ATTEMPT);
  if (giveUp)
    return { kind: "failed", error: metadata ? `${AI_NOT_FILLED}: ${error.message}` : error.message, metadata };
  return {
    kind: "retry",
    delaySeconds: backoffSeconds(item.attempts, error.retryAfterSeconds),
    reason: error.message,
  };
}

/** Once one call says the job must wait or fail, calls not yet started would only hear it again. */
const stopsTheBatch = (verdict: Verdict) => verdict.kind === "park" || verdict.kind === "fatal";

export async function runVideoWork(
  items: WorkItem[],
  upstreams: Upstreams,
  onSettled: (settled: Settled) => Promise<void>,
): Promise<void> {
  const metadataSettled: Settled = { verdicts: new Map(), usage: new Map() };
  const metadata = await fetchMetadata(items, upstreams, metadataSettled);
  const stop = [...metadataSettled.verdicts.values()].find(stopsTheBatch) ?? null;
  const ready = items.filter((item) => !metadataSettled.verdicts.has(item.videoId));
  if (stop) for (const item of ready) metadataSettled.verdicts.set(item.videoId, stop);
  const metadataPart =
    metadataSettled.verdicts.size > 0 || metadataSettled.usage.size > 0 ? onSettled(metadataSettled) : null;
  if (stop) {
    await metadataPart;
    return;
  }
  // The videos that failed before AI are written while the others' AI calls run.
  await Promise.all([
    metadataPart,
    extractAll(
      ready.map((item) => ({ item, metadata: metadata.get(item.youtubeId) as VideoMetadata })),
      upstreams.ai,
      onSettled,
    ),
  ]);
}

function addUsage(usage: Map<string, Usage>, jobId: string, delta: Partial<Usage>) {
  const entry = usage.get(jobId) ?? noUsage();
  for (const [key, value] of Object.entries(delta) as [keyof Usage, number][]) entry[key] += value;
  usage.set(jobId, entry);
}

/** Metadata by YouTube id; items that cannot go on get their verdict in `settled`. */
async function fetchMetadata(
  items: WorkItem[],
  upstreams: Upstreams,
  settled: Settled,
): Promise<Map<string, VideoMetadata>> {
  const found = new Map<string, VideoMetadata>();
  const byYoutubeId = new Map<string, WorkItem[]>();
  // Ordered by job, so a call's 50 ids mostly belong to one job, which is charged its quota unit.
  for (const item of [...items].sort((a, b) => a.jobId.localeCompare(b.jobId))) {
    byYoutubeId.set(item.youtubeId, [...(byYoutubeId.get(item.youtubeId) ?? []), item]);
  }
  const ids = [...byYoutubeId.keys()];
  const place = (youtubeId: string, result: VideoMetadata | null) => {
    if (result) found.set(youtubeId, result);
    else for (const item of byYoutubeId.get(youtubeId) ?? []) settled.verdicts.set(item.videoId, failed(UNAVAILABLE));
  };
  const fail = (youtubeId: string, error: unknown) => {
    for (const item of byYoutubeId.get(youtubeId) ?? [])
      settled.verdicts.set(item.videoId, verdictForError(error, item));
  };

  const { videosList } = upstreams;
  if (videosList) {
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += MAX_IDS_PER_CALL) chunks.push(ids.slice(i, i + MAX_IDS_PER_CALL));
    await Promise.all(
      chunks.map(async (chunk) => {
        try {
          const answer = await videosList(chunk);
          for (const id of chunk) place(id, answer.get(id) ?? null);
          addUsage(settled.usage, majorityJob(chunk, byYoutubeId), { youtubeUnits: 1 });
        } catch (error) {
          for (const id of chunk) fail(id, error);
        }
      }),
    );
  } else {
    await mapLimit(ids, OEMBED_CONCURRENCY, async (id) => {
      try {
        place(id, await upstreams.oembed(id));
      } catch (error) {
        fail(id, error);
      }
    });
  }
  return found;
}

const failed = (error: string): Verdict => ({ kind: "failed", error });

function majorityJob(chunk: string[], byYoutubeId: Map<string, WorkItem[]>): string {
  const counts = new Map<string, number>();
  for (const id of chunk)
    for (const item of byYoutubeId.get(id) ?? []) counts.set(item.jobId, (counts.get(item.jobId) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "";
}

interface Ready {
  item: WorkItem;
  metadata: VideoMetadata;
}

/** Each list's videos in groups of K, a few groups at a time; each group settles on its own. */
async function extractAll(ready: Ready[], ai: AiUpstream | null, onSettled: (settled: Settled) => Promise<void>) {
  const skipped: Settled = { verdicts: new Map(), usage: new Map() };
  const groups: { fields: Field[]; members: Ready[] }[] = [];
  const byList = new Map<string, Ready[]>();
  for (const entry of ready) byList.set(entry.item.listId, [...(byList.get(entry.item.listId) ?? []), entry]);
  for (const members of byList.values()) {
    const fields = members[0]?.item.fields ?? [];
    if (!ai || fields.length === 0) {
      for (const { item, metadata } of members) {
        skipped.verdicts.set(item.videoId, { kind: "completed", metadata, fields: {}, warnings: [] });
      }
      continue;
    }
    const size = batchSizeFor(fields, { maxOutputTokens: ai.outputCeiling, cap: ai.batchCap });
    for (let i = 0; i < members.length; i += size) groups.push({ fields, members: members.slice(i, i + size) });
  }
  if (skipped.verdicts.size > 0) await onSettled(skipped);
  if (!ai) return;

  let stop: Verdict | null = null;
  await mapLimit(groups, AI_CONCURRENCY, async ({ fields, members }) => {
    const settled: Settled = { verdicts: new Map(), usage: new Map() };
    if (stop) {
      for (const { item } of members) settled.verdicts.set(item.videoId, stop);
    } else {
      const { outcomes, usage } = await extractGroup(
        members.map(({ item, metadata }) => ({ id: item.videoId, video: metadata })),
        fields,
        ai.extractor,
        { outputCeiling: ai.outputCeiling },
      );
      for (const { item, metadata } of members) {
        const verdict = verdictForOutcome(outcomes.get(item.videoId), item, metadata);
        settled.verdicts.set(item.videoId, verdict);
        if (stopsTheBatch(verdict)) stop ??= verdict;
      }
      const jobId = members[0]?.item.jobId ?? "";
      addUsage(settled.usage, jobId, {
        aiCalls: usage.calls,
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        thinkingTokens: usage.thinkingTokens,
      });
    }
    await onSettled(settled);
  });
}

function verdictForOutcome(outcome: ItemOutcome | undefined, item: WorkItem, metadata: VideoMetadata): Verdict {
  switch (outcome?.kind) {
    case "extracted":
      return { kind: "completed", metadata, fields: outcome.values, warnings: outcome.warnings };
    case "not_extracted":
      return { kind: "failed", error: `${AI_NOT_FILLED}: ${outcome.reason}`, metadata };
    case "error":
      return verdictForError(outcome.error, item, metadata);
    default:
      return { kind: "failed", error: `${AI_NOT_FILLED}: no answer for this video`, metadata };
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
