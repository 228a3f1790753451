import type { ProgressEvent } from "../../src/shared/protocol";
import type { Job } from "../../src/shared/schemas/jobs";
import type { List } from "../../src/shared/schemas/lists";
import type { Video } from "../../src/shared/schemas/videos";

export function job(overrides: Partial<Job> = {}): Job {
  return {
    id: "job_1",
    listId: "list_1",
    status: "running",
    total: 10,
    processed: 0,
    failed: 0,
    progress: 0,
    force: false,
    pipelineVersion: "v1",
    errorMessage: null,
    pausedReason: null,
    resumesAt: null,
    usage: { youtubeUnits: 0, aiCalls: 0, inputTokens: 0, outputTokens: 0, thinkingTokens: 0 },
    createdAt: "2026-11-23T10:00:00.000Z",
    startedAt: "2026-11-23T10:00:00.000Z",
    finishedAt: null,
    updatedAt: "2026-11-23T10:00:00.000Z",
    ...overrides,
  };
}

export function progress(seq: number, overrides: Partial<ProgressEvent> = {}): ProgressEvent {
  return {
    type: "progress",
    seq,
    jobId: "job_1",
    listId: "list_1",
    status: "running",
    total: 10,
    processed: seq,
    failed: 0,
    progress: seq * 10,
    message: `Processed video ${seq}`,
    at: `2026-11-23T10:00:${String(seq).padStart(2, "0")}.000Z`,
    ...overrides,
  };
}

/** A video row with every field empty; `overrides` sets what a test is about. */
export function video(overrides: Partial<Video> = {}): Video {
  return {
    fieldSources: {},
    id: "vid_1",
    listId: "list_1",
    youtubeId: "dQw4w9WgXcQ",
    url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    status: "queued",
    title: null,
    channelTitle: null,
    channelId: null,
    description: null,
    durationSeconds: null,
    viewCount: null,
    likeCount: null,
    publishedAt: null,
    thumbnailUrl: null,
    tags: null,
    chapters: null,
    fields: null,
    error: null,
    processedVersion: null,
    processedAt: null,
    createdAt: "2026-11-23T09:00:00.000Z",
    updatedAt: "2026-11-23T09:00:00.000Z",
    ...overrides,
  } as Video;
}

/** A list with no fields; `overrides` sets what a test is about. */
export function list(overrides: Partial<List> = {}): List {
  return {
    id: "list_1",
    name: "Talks",
    description: "",
    fields: [],
    videoCount: 0,
    createdAt: "2026-11-23T10:00:00.000Z",
    updatedAt: "2026-11-23T10:00:00.000Z",
    ...overrides,
  };
}
