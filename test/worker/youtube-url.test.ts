import { describe, expect, it } from "vitest";
import { canonicalVideoUrl, parseYouTubeVideo } from "../../src/shared/youtube-url";

const ID = "dQw4w9WgXcQ";
// Punctuation and mixed case in one id: both must survive untouched.
const ODD_ID = "a-B_c1D2e3F";

describe("parseYouTubeVideo accepts every documented form", () => {
  it.each<[string, string]>([
    [`https://www.youtube.com/watch?v=${ID}`, ID],
    [`http://www.youtube.com/watch?v=${ID}`, ID],
    [`https://youtube.com/watch?v=${ID}`, ID],
    [`https://m.youtube.com/watch?v=${ID}`, ID],
    [`https://music.youtube.com/watch?v=${ID}&si=abc`, ID],
    [`www.youtube.com/watch?v=${ID}`, ID],
    [`youtube.com/watch?v=${ID}`, ID],
    [`m.youtube.com/watch?v=${ID}`, ID],
    [`//www.youtube.com/watch?v=${ID}`, ID],
    [`https://www.youtube.com/watch?feature=share&v=${ID}&t=42s`, ID],
    [`https://www.youtube.com/watch?v=${ID}&list=PLabc&index=3`, ID],
    [`https://www.youtube.com/watch?v=${ID}#t=30`, ID],
    [`https://www.youtube.com/watch/?v=${ID}`, ID],
    [`HTTPS://WWW.YOUTUBE.COM/watch?v=${ID}`, ID],
    [`https://YouTube.com/watch?v=${ODD_ID}`, ODD_ID],
    [`https://youtu.be/${ID}`, ID],
    [`http://youtu.be/${ID}`, ID],
    [`youtu.be/${ID}?si=Xyz_123-abc`, ID],
    [`https://youtu.be/${ODD_ID}?t=42`, ODD_ID],
    [`https://www.youtube.com/shorts/${ID}`, ID],
    [`https://youtube.com/shorts/${ID}?feature=share`, ID],
    [`https://www.youtube.com/shorts/${ID}/`, ID],
    [`https://www.youtube.com/live/${ID}?si=abc`, ID],
    [`https://www.youtube.com/embed/${ID}`, ID],
    [`https://www.youtube.com/embed/${ID}?start=10&list=PLabc`, ID],
    [`https://www.youtube.com/v/${ID}`, ID],
    [`https://www.youtube-nocookie.com/embed/${ID}`, ID],
    [`https://youtube-nocookie.com/embed/${ID}?rel=0`, ID],
    [ID, ID],
    [ODD_ID, ODD_ID],
    [`  ${ID}\t`, ID],
    [`\n https://youtu.be/${ID} \r\n`, ID],
  ])("%j → %s", (input, youtubeId) => {
    expect(parseYouTubeVideo(input)).toEqual({
      ok: true,
      youtubeId,
      url: `https://www.youtube.com/watch?v=${youtubeId}`,
    });
  });
});

describe("parseYouTubeVideo rejects everything else with a reason", () => {
  it.each<[string, string]>([
    ["", "Empty input"],
    ["   \t ", "Empty input"],
    [`https://www.youtube.com/watch?v=${ID}&x=${"a".repeat(2048)}`, "longer than 2048"],
    // Look-alike and foreign hosts.
    [`https://youtube.com.evil.com/watch?v=${ID}`, "Not a YouTube URL"],
    [`https://evil-youtube.com/watch?v=${ID}`, "Not a YouTube URL"],
    [`https://youtube.co/watch?v=${ID}`, "Not a YouTube URL"],
    [`https://youtu.be.evil.com/${ID}`, "Not a YouTube URL"],
    [`https://notyoutube.com/watch?v=${ID}`, "Not a YouTube URL"],
    [`https://www.youtube.com.:443/watch?v=${ID}`, "Not a YouTube URL"],
    [`https://youtube.com./watch?v=${ID}`, "Not a YouTube URL"],
    [`https://www.youtube.com:8080/watch?v=${ID}`, "Not a YouTube URL"],
    [`https://you%74ube.com/watch?v=${ID}`, "Not a YouTube URL"],
    [`https://vimeo.com/${ID}`, "Not a YouTube URL"],
    [`https://music.youtube-nocookie.com/embed/${ID}`, "Not a YouTube URL"],
    // Unicode and homoglyph hosts: Cyrillic "о", full-width letters (which the URL parser folds to ASCII).
    [`https://www.y\u043eutube.com/watch?v=${ID}`, "Not a YouTube URL"],
    [`https://\uff59\uff4f\uff55\uff54\uff55\uff42\uff45.com/watch?v=${ID}`, "Not a YouTube URL"],
    [`https://youtu\u0431e/${ID}`, "Not a YouTube URL"],
    // Schemes other than http(s).
    [`javascript:alert(1)//youtube.com/watch?v=${ID}`, "Only http and https"],
    [`data:text/html,<script>location="https://youtu.be/${ID}"</script>`, "Only http and https"],
    [`ftp://www.youtube.com/watch?v=${ID}`, "Only http and https"],
    [`file:///watch?v=${ID}`, "Only http and https"],
    // Credentials, including the tricks where the real host comes after the "@".
    [`https://user@youtube.com/watch?v=${ID}`, "user name or password"],
    [`https://user:pass@www.youtube.com/watch?v=${ID}`, "user name or password"],
    [`https://@youtube.com/watch?v=${ID}`, "user name or password"],
    [`https://www.youtube.com@evil.com/watch?v=${ID}`, "user name or password"],
    // YouTube pages that are not a single video.
    ["https://www.youtube.com/playlist?list=PLrAXtmErZgOeiKm4sgNOknGvNjby9efdf", "Playlist URL without a video"],
    ["https://www.youtube.com/watch?list=PLrAXtmErZgOeiKm4sgNOknGvNjby9efdf", "Playlist URL without a video"],
    ["https://www.youtube.com/embed/videoseries?list=PLabc", "Playlist URL without a video"],
    ["https://www.youtube.com/watch", "no video id"],
    ["https://www.youtube.com/watch?v=", "no video id"],
    [`https://www.youtube.com/watch?v=${ID}&v=${ODD_ID}`, "more than one video"],
    ["https://www.youtube.com/channel/UCuAXFkgsw1L7xaCfnd5JJOw", "Channel page"],
    ["https://www.youtube.com/@veritasium", "Channel page"],
    ["https://www.youtube.com/user/someone", "Channel page"],
    ["https://www.youtube.com/c/SomeChannel", "Channel page"],
    ["https://www.youtube.com/results?search_query=cats", "Search page"],
    ["https://www.youtube.com/", "Not a video URL"],
    ["https://youtu.be/", "Not a video URL"],
    [`https://youtu.be/${ID}/extra`, "Not a video URL"],
    [`https://www.youtube.com/shorts/${ID}/extra`, "Not a video URL"],
    [`https://www.youtube-nocookie.com/watch?v=${ID}`, "Not a video URL"],
    // Ids of the wrong length or alphabet, bare and inside URLs.
    ["dQw4w9WgXc", "must be 11 characters"],
    ["dQw4w9WgXcQQ", "must be 11 characters"],
    [`https://www.youtube.com/watch?v=${ID}Q`, "must be 11 characters"],
    ["https://youtu.be/dQw4w9WgXc", "must be 11 characters"],
    ["dQw4w9WgXc!", "may only contain"],
    ["dQw4w9WgXc=", "may only contain"],
    ["https://www.youtube.com/shorts/dQw4w9WgX%2BQ", "may only contain"],
    ["dQw4w9WgXc\u0430", "may only contain"],
    [`https://www.youtube.com/watch?v=dQw4w9WgXc%D0%B0`, "may only contain"],
    ["dQw4w9WgXc\u{1F600}", "may only contain"],
    // Whitespace inside would be silently removed by the URL parser; it is refused instead.
    [`https://you\ttube.com/watch?v=${ID}`, "spaces or control characters"],
    [`dQw4w 9WgXcQ`, "spaces or control characters"],
    ["not a url at all", "spaces or control characters"],
    ["https://", "Not a YouTube URL"],
  ])("%j is rejected (%s)", (input, reasonPart) => {
    const result = parseYouTubeVideo(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toContain(reasonPart);
    // Reasons are shown per line in the UI: one short sentence, never the hostile input echoed back.
    expect(result.reason.length).toBeLessThan(80);
    expect(result.reason).not.toContain(input.trim() || "\u0000");
  });

  it("keeps ids case-sensitive instead of folding them like hosts", () => {
    const lower = parseYouTubeVideo("https://youtu.be/abcdefghijk");
    const upper = parseYouTubeVideo("https://youtu.be/ABCDEFGHIJK");
    expect(lower.ok && lower.youtubeId).toBe("abcdefghijk");
    expect(upper.ok && upper.youtubeId).toBe("ABCDEFGHIJK");
  });

  it("accepts input right at the 2048-character limit", () => {
    const input = `https://www.youtube.com/watch?v=${ID}&x=`;
    const padded = input + "a".repeat(2048 - input.length);
    expect(padded).toHaveLength(2048);
    expect(parseYouTubeVideo(padded)).toMatchObject({ ok: true, youtubeId: ID });
    expect(parseYouTubeVideo(`${padded}a`).ok).toBe(false);
  });
});

describe("canonicalVideoUrl", () => {
  it("builds the watch URL that every parsed form maps to", () => {
    expect(canonicalVideoUrl(ODD_ID)).toBe(`https://www.youtube.com/watch?v=${ODD_ID}`);
    const parsed = parseYouTubeVideo(canonicalVideoUrl(ODD_ID));
    expect(parsed).toEqual({ ok: true, youtubeId: ODD_ID, url: canonicalVideoUrl(ODD_ID) });
  });
});
