/**
 * The values the OpenAPI examples share, so that they tell one story: Ada's list of conference
 * talks, the videos in it, the job that processed them. Ids have the shape `lib/ids.ts` gives them,
 * times the shape D1's clock gives them; a schema's own example sits on the schema, in its file.
 */
export const EXAMPLE_IDS = {
  user: "usr_1k8pmar1b00004VFUtexoDHva2HZH",
  session: "tok_1k8pmas0n0000ptO8q2tmZAbBwavk",
  apiToken: "tok_1k8pmb6ox0000Lk3vQ9_2cTnRAe7W",
  list: "lst_1k8pmat040000q9GfGSTCGTJHfhPF",
  otherList: "lst_1k8pmb7n70000Hq2ZxN0bVwUe4sYd",
  videos: [
    "vid_1k8pmatve0000CSmB9mP7M52QCeKM",
    "vid_1k8pmauuo0000cWue07452mVuiFWI",
    "vid_1k8pmavu30000GeabQYbvhg8A_dV4",
  ],
  job: "job_1k8pmb0td0000ggBK5O1n8oitMUwO",
  view: "viw_1k8pmb2s10000V1cPOwjzAtZMViGo",
  subscription: "sub_1k8pmb3rb0000-fTYN0vNCTaeCgvw",
  webhook: "whk_1k8pmb4ql0000XbYB9-JghaTMYuJd",
  delivery: "msg_1k8pmb5pv0000_045A0rsRBQOWuiy",
  /** A share link's slug: 128 random bits, base64url. */
  shareSlug: "cJYQb0xQ9ZdjlNLD4sYBLg",
} as const;

export const EXAMPLE_TIMES = {
  created: "2026-11-23T09:12:44.318Z",
  updated: "2026-11-23T10:00:00.000Z",
  finished: "2026-11-23T10:03:27.905Z",
} as const;

/** A next-page cursor as the API mints it (lib/cursor.ts): opaque to clients. */
export const EXAMPLE_CURSOR =
  "eyJrIjoiMjAyNi0xMS0yM1QwOToxMjo0NC4zMThaIiwiaWQiOiJ2aWRfMWs4cG1hdnUzMDAwMEdlYWJRWWJ2aGc4QV9kVjQifQ";

/** The job's and the video's `processedVersion`: PIPELINE_VERSION and a hash of the list's fields. */
export const EXAMPLE_PIPELINE_VERSION = "p1-3fa9c02b7d14";
