import { describe, expect, it } from "vitest";
import { parseSourceUrl } from "../../src/domain/source-url";

const CHANNEL = "UC_x5XG1OV2P6uZZ5FSM9Ttw";
const PLAYLIST = "PLOU2XLYxmsIKC8eODk_RNCWv3fBcLvMMy";

describe("parseSourceUrl: every documented source form", () => {
  it.each<[string, unknown]>([
    [`https://www.youtube.com/playlist?list=${PLAYLIST}`, { kind: "playlist", playlistId: PLAYLIST }],
    [`youtube.com/playlist?list=${PLAYLIST}&si=abc`, { kind: "playlist", playlistId: PLAYLIST }],
    [`https://m.youtube.com/playlist?list=${PLAYLIST}`, { kind: "playlist", playlistId: PLAYLIST }],
    [`https://music.youtube.com/playlist?list=${PLAYLIST}`, { kind: "playlist", playlistId: PLAYLIST }],
    [
      `https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=${PLAYLIST}&index=3`,
      { kind: "playlist", playlistId: PLAYLIST },
    ],
    [`https://youtu.be/dQw4w9WgXcQ?list=${PLAYLIST}`, { kind: "playlist", playlistId: PLAYLIST }],
    [`https://www.youtube.com/embed/videoseries?list=${PLAYLIST}`, { kind: "playlist", playlistId: PLAYLIST }],
    [PLAYLIST, { kind: "playlist", playlistId: PLAYLIST }],
    [`https://www.youtube.com/channel/${CHANNEL}`, { kind: "channel", lookup: { by: "id", value: CHANNEL } }],
    [`https://www.youtube.com/channel/${CHANNEL}/videos`, { kind: "channel", lookup: { by: "id", value: CHANNEL } }],
    [CHANNEL, { kind: "channel", lookup: { by: "id", value: CHANNEL } }],
    ["@GoogleDevelopers", { kind: "channel", lookup: { by: "handle", value: "@GoogleDevelopers" } }],
    [
      "https://www.youtube.com/@GoogleDevelopers",
      { kind: "channel", lookup: { by: "handle", value: "@GoogleDevelopers" } },
    ],
    ["youtube.com/@fire.ship-1/videos", { kind: "channel", lookup: { by: "handle", value: "@fire.ship-1" } }],
    [
      "https://www.youtube.com/@%E3%81%93%E3%82%93%E3%81%AB%E3%81%A1%E3%81%AF",
      {
        kind: "channel",
        lookup: { by: "handle", value: "@こんにちは" },
      },
    ],
    [
      "https://www.youtube.com/user/GoogleDevelopers",
      { kind: "channel", lookup: { by: "username", value: "GoogleDevelopers" } },
    ],
    ["https://www.youtube.com/c/Fireship", { kind: "channel", lookup: { by: "custom", value: "Fireship" } }],
    ["https://www.youtube.com/c/Fireship/featured", { kind: "channel", lookup: { by: "custom", value: "Fireship" } }],
  ])("%s", (input, expected) => {
    expect(parseSourceUrl(input)).toEqual({ ok: true, ...(expected as object) });
  });
});

describe("parseSourceUrl refuses what is not a playlist or channel", () => {
  it.each([
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://youtu.be/dQw4w9WgXcQ",
    "https://www.youtube.com/shorts/dQw4w9WgXcQ",
    "dQw4w9WgXcQ",
  ])("a single video points to the videos route: %s", (input) => {
    const parsed = parseSourceUrl(input);
    expect(parsed).toMatchObject({ ok: false, isVideo: true });
    expect(parsed.ok === false && parsed.reason).toContain("/videos");
  });

  it.each([
    "",
    "   ",
    "https://vimeo.com/channels/staffpicks",
    "https://www.youtube.com/results?search_query=rust",
    "https://www.youtube.com/channel/not-a-channel-id",
    "https://www.youtube.com/@ab",
    "https://www.youtube.com/@name/videos/extra",
    "https://www.youtube.com/playlist?list=a&list=b",
    "https://www.youtube.com/playlist?list=",
    "https://user:pw@www.youtube.com/@name",
    "https://www.youtube.com:8443/@name",
    "ftp://www.youtube.com/@name",
    "https://www.youtube.com/@na me",
    "javascript:alert(1)",
    "x".repeat(3000),
  ])("%s", (input) => {
    expect(parseSourceUrl(input)).toMatchObject({ ok: false, reason: expect.any(String) });
  });
});
