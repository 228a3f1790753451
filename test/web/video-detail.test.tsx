import { cleanup, render } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { VideoDetail } from "../../web/src/features/videos/video-detail";
import { video } from "./fixtures";

vi.mock("../../web/src/api/endpoints", () => ({ api: { video: () => new Promise(() => {}) } }));

function metaOf(shown: ReturnType<typeof video>): string[] {
  render(
    <VideoDetail
      video={shown}
      fields={[]}
      pipelineVersion={null}
      onClose={() => {}}
      onDelete={() => {}}
      onFresh={() => {}}
    />,
  );
  const meta = document.querySelector(".detail__meta");
  return [...(meta?.children ?? [])].map((part) => part.textContent ?? "");
}

describe("VideoDetail's meta line", () => {
  afterEach(cleanup);

  it("says only what is known of a video not processed yet, no dashes", () => {
    const parts = metaOf(video({ status: "queued" }));
    expect(parts.join(" ")).not.toMatch(/—|views/);
  });

  it("shows the metadata of a processed video", () => {
    const parts = metaOf(
      video({
        status: "completed",
        channelTitle: "Synth Corner",
        durationSeconds: 1797,
        viewCount: 4424307,
        likeCount: 110607,
        publishedAt: "2023-10-13T00:00:00.000Z",
      }),
    );
    expect(parts.slice(1)).toEqual([
      "Synth Corner",
      "29:57",
      `${(4424307).toLocaleString()} views`,
      `${(110607).toLocaleString()} likes`,
      expect.stringMatching(/2023/),
    ]);
  });
});
