/**
 * A script that calls every operation of the API through a client generated from its OpenAPI
 * document (openapi-typescript → ./api.d.ts, written by openapi.test.ts; openapi-fetch). It is
 * only type-checked, never run: if the document loses an operation's parameters, body or response
 * types, or an operation is added without a call here, the contract test fails.
 */
import createClient from "openapi-fetch";
import type { components, paths } from "./api";

type Job = components["schemas"]["Job"];

export async function callEveryOperation(baseUrl: string, token: string) {
  const api = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
  const id = { params: { path: { id: "x" } } };

  const health = await api.GET("/health", { params: { query: { deep: "true" } } });
  const version: string | undefined = health.data?.version;

  const registered = await api.POST("/auth/register", { body: { email: "ada@example.com", password: "pw" } });
  const signedIn = await api.POST("/auth/login", { body: { email: "ada@example.com", password: "pw" } });
  const userId: string | undefined = registered.data?.user.id ?? signedIn.data?.user.id;
  await api.POST("/auth/logout");
  const me = await api.GET("/me");
  await api.POST("/auth/password", { body: { currentPassword: "old", newPassword: "new password" } });

  const sessions = await api.GET("/sessions");
  const current: boolean | undefined = sessions.data?.items[0]?.current;
  await api.DELETE("/sessions/{id}", id);

  const tokens = await api.GET("/tokens");
  const created = await api.POST("/tokens", { body: { name: "script", scope: "read" } });
  const secret: string | undefined = created.data?.token;
  await api.DELETE("/tokens/{id}", id);

  const lists = await api.GET("/lists", { params: { query: { limit: 10 } } });
  const nextCursor: string | null | undefined = lists.data?.nextCursor;
  const list = await api.POST("/lists", {
    body: { name: "Talks", fields: [{ key: "level", label: "Level", type: "enum", options: ["intro", "deep"] }] },
  });
  await api.GET("/lists/{id}", id);
  await api.PATCH("/lists/{id}", { ...id, body: { name: "Talks 2" } });
  await api.DELETE("/lists/{id}", id);

  const added = await api.POST("/lists/{id}/videos", { ...id, body: { url: "https://youtu.be/dQw4w9WgXcQ" } });
  const bulk = await api.POST("/lists/{id}/videos/bulk", { ...id, body: { urls: ["dQw4w9WgXcQ"] } });
  await api.POST("/lists/{id}/videos/import", {
    ...id,
    body: "url\nhttps://youtu.be/dQw4w9WgXcQ\n",
    headers: { "Content-Type": "text/csv" },
    bodySerializer: String,
  });
  const videos = await api.GET("/lists/{id}/videos", { params: { path: { id: "x" }, query: { sort: "title" } } });
  await api.GET("/lists/{id}/videos/export", {
    params: { path: { id: "x" }, query: { format: "csv" } },
    parseAs: "text",
  });
  const video = await api.GET("/videos/{id}", id);
  await api.DELETE("/videos/{id}", id);
  const facets = await api.GET("/lists/{id}/facets", { params: { path: { id: "x" }, query: { q: "talk" } } });
  const hits = await api.GET("/search", { params: { query: { q: "workers", limit: 20 } } });
  const corrected = await api.PATCH("/videos/{id}", { ...id, body: { fields: { level: "deep" } } });
  const deleted = await api.POST("/lists/{id}/videos/delete", { ...id, body: { videoIds: ["vid_1"] } });
  const moved = await api.POST("/lists/{id}/videos/move", {
    ...id,
    body: { videoIds: ["vid_1"], toListId: "lst_2", copy: true },
  });

  const views = await api.GET("/lists/{id}/views", id);
  const view = await api.POST("/lists/{id}/views", { ...id, body: { name: "Hard ones", query: "field.level=deep" } });
  await api.PATCH("/views/{id}", { ...id, body: { name: "Deep ones" } });
  await api.DELETE("/views/{id}", id);

  const status = await api.GET("/lists/{id}/processing-status", id);
  const started = await api.POST("/lists/{id}/process", {
    params: { path: { id: "x" }, header: { "idempotency-key": "first-run" } },
    body: { force: true },
  });
  if (started.error?.error.code === "job_active") {
    const activeJobId: string = started.error.error.details.jobId;
    void activeJobId;
  }
  const jobs = await api.GET("/jobs", { params: { query: { status: "running" } } });
  const job = await api.GET("/jobs/{id}", id);
  const paused: Job | undefined = (await api.POST("/jobs/{id}/pause", id)).data;
  await api.POST("/jobs/{id}/resume", id);
  await api.POST("/jobs/{id}/cancel", id);
  await api.POST("/jobs/{id}/retry", { params: { path: { id: "x" }, header: { "idempotency-key": "retry-1" } } });
  const history = await api.GET("/jobs/{id}/progress-history", { params: { path: { id: "x" }, query: { after: 0 } } });
  const failures = await api.GET("/jobs/{id}/failures", id);
  await api.POST("/jobs/{id}/retry", {
    params: { path: { id: "x" }, header: { "idempotency-key": "retry-2" }, query: { only: "retryable" } },
  });
  const usage = await api.GET("/usage");

  const source = await api.POST("/lists/{id}/sources/preview", { ...id, body: { url: "@GoogleDevelopers" } });
  const imported = await api.POST("/lists/{id}/sources/import", {
    ...id,
    body: { url: "https://www.youtube.com/playlist?list=PL0123456789", limit: 100 },
  });
  const subscription = await api.POST("/lists/{id}/subscriptions", {
    ...id,
    body: { url: "@GoogleDevelopers", autoProcess: true, filters: { excludeShorts: true } },
  });
  await api.GET("/lists/{id}/subscriptions", { params: { path: { id: "x" }, query: { limit: 10 } } });
  const checked = await api.POST("/subscriptions/{id}/check", id);
  await api.DELETE("/subscriptions/{id}", id);

  const webhook = await api.POST("/webhooks", {
    body: { url: "https://example.com/hooks", events: ["job.finished", "subscription.added"] },
  });
  await api.GET("/webhooks");
  const queued = await api.POST("/webhooks/{id}/test", id);
  const deliveries = await api.GET("/webhooks/{id}/deliveries", { params: { path: { id: "x" }, query: {} } });
  await api.DELETE("/webhooks/{id}", id);

  const shared = await api.POST("/lists/{id}/share", id);
  const shareState = await api.GET("/lists/{id}/share", id);
  await api.DELETE("/lists/{id}/share", id);
  const slug = { params: { path: { slug: "s" } } };
  const publicList = await api.GET("/public/lists/{slug}", { params: { path: { slug: "s" }, query: { q: "talk" } } });
  await api.GET("/public/lists/{slug}/feed.xml", { ...slug, parseAs: "text" });
  const ticket = await api.POST("/ws/ticket");

  return {
    version,
    userId,
    me: me.data?.user.email,
    current,
    tokens: tokens.data?.items.length,
    secret,
    nextCursor,
    fields: list.data?.fields,
    added: added.data?.status,
    duplicates: bulk.data?.duplicates.length,
    videos: videos.data?.items.map((item) => item.youtubeId),
    title: video.data?.title,
    needsRerun: status.data?.needsRerun,
    jobs: jobs.data?.items.length,
    progress: job.data?.videos.completed,
    paused: paused?.pausedReason,
    lastSeq: history.data?.nextAfter,
    ticket: ticket.data?.ticket,
    facetTotal: facets.data?.total,
    hitList: hits.data?.items[0]?.listId,
    fieldSources: corrected.data?.fieldSources,
    deleted: deleted.data?.deleted,
    moved: moved.data?.moved,
    views: views.data?.items.length,
    viewQuery: view.data?.query,
    retryable: failures.data?.retryable,
    usedLists: usage.data?.limits.lists.used,
    sourceKind: source.data?.kind,
    importedTotal: imported.data?.total,
    autoProcess: subscription.data?.autoProcess,
    checkedJob: checked.data?.jobId,
    webhookSecret: webhook.data?.secret,
    deliveryId: queued.data?.deliveryId,
    deliveries: deliveries.data?.items.length,
    shareUrl: shared.data?.url,
    shareSlug: shareState.data?.slug,
    publicCount: publicList.data?.list.videoCount,
  };
}
