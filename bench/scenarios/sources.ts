/**
 * Sources and subscriptions (issue 12), two measurements:
 * - importing a 5,000-video channel in one request (`sources/import`, limit 5,000): the client's
 *   time, and quota units per video from the fake's own call counts (channels.list + one
 *   playlistItems.list page per 50);
 * - one scheduled pass over BENCH_SUBSCRIPTIONS (1,000) subscriptions of one user (the app runs
 *   with LIMIT_SUBSCRIPTIONS raised: sign-ups are rate-limited, so 20 users at the cap of 50
 *   would take minutes to make), 200 per list, each channel with one new upload: from the Cron tick (wrangler dev's `/cdn-cgi/handler/scheduled`, so the app
 *   runs with SUBSCRIPTION_CHECK_MINUTES=1 to make them due a minute after creation) until every
 *   subscription says it was checked, polled every 500 ms through the API. Units are counted by
 *   the fake. D1 statements are derived from the code path, since D1 counts them inside the
 *   Worker only: the dispatcher's one claiming UPDATE per tick, then per check the subscription
 *   read, the two videos-cap counts (the list's and the user's, src/services/caps.ts), the insert
 *   of its new video (one statement, src/db/videos.ts), touching the list, recording the check
 *   (src/db/subscriptions.ts) and adding its units to the user's usage (src/db/usage.ts). Each
 *   YouTube call also costs a round trip to the key's governor (a Durable Object).
 */
import { round } from "../lib/stats.ts";
import { envNumber, type Scenario } from "../scenario.ts";

const PER_LIST = 200;
const IMPORT_SIZE = 5_000;
/** Per check that adds one video: read the row, two cap counts, insert, touch the list, record the check, usage. */
const STATEMENTS_PER_CHECK = 7;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

export default {
  label: "11 sources",
  summary: "a 5,000-video channel imported in one request; a scheduled pass over 1,000 subscriptions",
  async run(ctx) {
    const sourceCalls = () => ctx.fake.stats().sources.calls;

    // ─── Import ───────────────────────────────────────────────────────────────────────────
    const owner = await ctx.newUser("sources");
    const list = await owner.createList("Bench: channel archive", []);
    const callsBefore = sourceCalls();
    const start = performance.now();
    const imported = await owner.api<{ added: number; youtubeUnits: number }>(
      "POST",
      `/lists/${list.id}/sources/import`,
      { url: `@bench-archive-${IMPORT_SIZE}`, limit: IMPORT_SIZE },
    );
    const seconds = (performance.now() - start) / 1000;
    const units = sourceCalls() - callsBefore;
    if (imported.added !== IMPORT_SIZE) throw new Error(`import added ${imported.added}, expected ${IMPORT_SIZE}`);
    ctx.add({
      metric: `${IMPORT_SIZE.toLocaleString("en-US")}-video channel import, one request`,
      value: `${round(seconds, 2)} s, ${Math.round(IMPORT_SIZE / seconds)} videos/s`,
      how: "measured",
    });
    ctx.add({
      metric: "import: YouTube quota units per video",
      value: `${round(units / IMPORT_SIZE, 4)} (${units} calls: 1 channels.list + ${units - 1} pages of 50)`,
      target: "≤ 0.02 + 1 per import",
      met: units <= IMPORT_SIZE / 50 + 1,
      how: "measured",
    });

    // ─── Scheduled pass ───────────────────────────────────────────────────────────────────
    const total = envNumber("BENCH_SUBSCRIPTIONS", 1_000);
    const lists = Math.ceil(total / PER_LIST);
    ctx.log(`sources: ${total} subscriptions over ${lists} lists`);
    const follower = await ctx.newUser("subs");
    const followers = await Promise.all(
      Array.from({ length: lists }, async (_, l) => ({
        user: follower,
        listId: (await follower.createList(`Bench: follows ${l}`, [])).id,
      })),
    );
    const all = followers.flatMap((f, l) =>
      Array.from({ length: Math.min(PER_LIST, total - l * PER_LIST) }, (_, i) => ({
        f,
        handle: `@bench-sub-${l}-${i}-20`,
      })),
    );
    await inBatches(all, 20, ({ f, handle }) =>
      f.user.api("POST", `/lists/${f.listId}/subscriptions`, { url: handle }),
    );
    const created = Date.now();
    // One new upload per channel, so every check has something to add.
    await inBatches(all, 50, async ({ handle }) => {
      const answer = (await (
        await fetch(`${ctx.fake.url}/youtube/v3/channels?part=contentDetails&forHandle=${encodeURIComponent(handle)}`, {
          headers: { "X-Goog-Api-Key": "bench" },
        })
      ).json()) as { items: { contentDetails: { relatedPlaylists: { uploads: string } } }[] };
      const playlistId = answer.items[0]?.contentDetails.relatedPlaylists.uploads;
      await fetch(`${ctx.fake.url}/__sources/publish`, {
        method: "POST",
        body: JSON.stringify({ playlistId, count: 1 }),
      });
    });
    await sleep(Math.max(0, created + 62_000 - Date.now()));

    const before = ctx.fake.stats();
    const tick = performance.now();
    const scheduled = await fetch(
      `${ctx.server.url}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("* * * * *")}`,
    );
    if (!scheduled.ok) throw new Error(`the scheduled handler answered ${scheduled.status}`);
    let checked = 0;
    let added = 0;
    for (const deadline = Date.now() + 600_000; ; ) {
      const pages = await Promise.all(
        followers.map((f) =>
          f.user.api<{ items: { lastCheckedAt: string | null; lastAddedCount: number | null }[] }>(
            "GET",
            `/lists/${f.listId}/subscriptions?limit=200`,
          ),
        ),
      );
      const items = pages.flatMap((p) => p.items);
      checked = items.filter((s) => s.lastCheckedAt !== null).length;
      added = items.reduce((sum, s) => sum + (s.lastAddedCount ?? 0), 0);
      if (checked === all.length) break;
      if (Date.now() > deadline)
        throw new Error(`only ${checked} of ${all.length} subscriptions checked in 10 minutes`);
      await sleep(500);
    }
    const passSeconds = (performance.now() - tick) / 1000;
    const after = ctx.fake.stats();
    const passUnits = after.sources.calls - before.sources.calls + (after.calls.videos - before.calls.videos);
    ctx.add({
      metric: `scheduled pass: ${all.length.toLocaleString("en-US")} subscriptions, Cron tick → all checked`,
      value: `${round(passSeconds, 1)} s, ${Math.round(all.length / passSeconds)} checks/s, ${added} videos added`,
      how: "measured",
    });
    ctx.add({
      metric: "scheduled pass: YouTube quota units",
      value: `${passUnits} (${round(passUnits / all.length, 2)} per subscription)`,
      target: "1 per subscription without duration filters",
      met: passUnits === all.length,
      how: "measured",
    });
    ctx.add({
      metric: "scheduled pass: D1 statements (derived)",
      value: `${1 + STATEMENTS_PER_CHECK * all.length} (1 claim + ${STATEMENTS_PER_CHECK} per check)`,
      how: "derived",
    });
    ctx.detail("sources", {
      import: { videos: IMPORT_SIZE, seconds: round(seconds, 3), units },
      pass: { subscriptions: all.length, lists, seconds: round(passSeconds, 3), units: passUnits, added, checked },
    });
  },
} satisfies Scenario;
