/**
 * Share links. The owner's side (`/lists/:id/share`) makes, reads and removes a list's slug;
 * the public side (`/public/lists/:slug`, no credential) answers the list and its processed
 * videos, or 404 the moment the link is removed. Public answers may be cached for 60 s
 * (`Cache-Control: public, max-age=60`): that is how long an unshared list can still be seen
 * from a cache; a 404 is never cached.
 */
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import {
  countPublicVideos,
  deleteShare,
  ensureShare,
  findSharedList,
  findShareOfList,
  newestPublicVideos,
} from "../db/shares";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { base64Url } from "../lib/ids";
import { atomFeed, FEED_ENTRIES } from "../services/share-feed";
import { findVideos } from "../services/video-find";
import { EXAMPLE_IDS } from "../shared/schemas/examples";
import { PublicList, type PublicVideo, ShareLink, ShareState } from "../shared/schemas/shares";
import { type Video, VideoQuery } from "../shared/schemas/videos";
import { apiRoute, jsonContent } from "./openapi";
import { ownList } from "./ownership";
import { newRouter } from "./router";

const owner = { tag: "Sharing", access: "user" } as const;
const ListParams = z.object({ id: z.string().meta({ example: EXAMPLE_IDS.list }) });
const SlugParams = z.object({ slug: z.string().max(64).meta({ example: EXAMPLE_IDS.shareSlug }) });
export const PUBLIC_CACHE = "public, max-age=60";

const share = apiRoute({
  ...owner,
  method: "post",
  path: "/lists/{id}/share",
  operationId: "shareList",
  summary: "Publish a read-only view of the list; idempotent",
  description:
    "Answers the list's link, the same one every time until it is unshared. Anyone with the link sees the list's name, description, fields and processed videos at /s/<slug>, as JSON at /api/public/lists/<slug> and as an Atom feed; never the owner.",
  request: { params: ListParams },
  responses: { 200: jsonContent(ShareLink, "The link") },
});

const shareStatus = apiRoute({
  ...owner,
  method: "get",
  path: "/lists/{id}/share",
  operationId: "getListShare",
  summary: "The list's link, or nulls when it is not shared",
  description: "Not being shared is not an error: the answer is `{slug: null, url: null}`.",
  request: { params: ListParams },
  responses: { 200: jsonContent(ShareState, "The link or nulls") },
});

const unshare = apiRoute({
  ...owner,
  method: "delete",
  path: "/lists/{id}/share",
  operationId: "unshareList",
  summary: "Remove the list's link",
  description: "The page, its JSON and its feed answer 404 from now on (caches may keep a copy for up to 60 s).",
  request: { params: ListParams },
  responses: { 204: { description: "Not shared any more" } },
});

const publicList = apiRoute({
  method: "get",
  path: "/public/lists/{slug}",
  operationId: "getPublicList",
  tag: "Sharing",
  access: "public",
  summary: "A shared list and a page of its processed videos; needs no token",
  description:
    "The same q, sort, order, limit and cursor as the videos route. No owner data. `Cache-Control: public, max-age=60`.",
  request: { params: SlugParams, query: VideoQuery.omit({ status: true }) },
  responses: { 200: jsonContent(PublicList, "The list") },
});

const publicFeed = apiRoute({
  method: "get",
  path: "/public/lists/{slug}/feed.xml",
  operationId: "getPublicListFeed",
  tag: "Sharing",
  access: "public",
  summary: "Atom feed of a shared list's newest videos; needs no token",
  description: `The ${FEED_ENTRIES} most recently added processed videos. \`Cache-Control: public, max-age=60\`.`,
  request: { params: SlugParams },
  responses: {
    200: { description: "Atom 1.0", content: { "application/atom+xml": { schema: z.string() } } },
  },
});

const linkOf = (c: Context<AppEnv>, slug: string) => ({ slug, url: `${new URL(c.req.url).origin}/s/${slug}` });

const notShared = () =>
  new ApiError("not_found", "No shared list has this link", undefined, { "Cache-Control": "no-store" });

async function sharedList(c: Context<AppEnv>, slug: string) {
  const list = await findSharedList(c.var.db, slug);
  if (!list) throw notShared();
  return list;
}

const toPublicVideo = ({ listId: _l, error: _e, processedVersion: _p, ...video }: Video): PublicVideo => video;

export const shareRoutes = newRouter()
  .openapi(share, async (c) => {
    const list = await ownList(c, c.req.valid("param").id);
    // 128 random bits: links cannot be guessed or enumerated.
    const slug = await ensureShare(
      c.var.db,
      c.var.user.id,
      list.id,
      base64Url(crypto.getRandomValues(new Uint8Array(16))),
    );
    return c.json(linkOf(c, slug), 200);
  })
  .openapi(shareStatus, async (c) => {
    const list = await ownList(c, c.req.valid("param").id);
    const found = await findShareOfList(c.var.db, c.var.user.id, list.id);
    return c.json(found ? linkOf(c, found.slug) : { slug: null, url: null }, 200);
  })
  .openapi(unshare, async (c) => {
    const list = await ownList(c, c.req.valid("param").id);
    await deleteShare(c.var.db, c.var.user.id, list.id);
    return c.body(null, 204);
  });

export const publicRoutes = newRouter()
  .openapi(publicList, async (c) => {
    const list = await sharedList(c, c.req.valid("param").slug);
    const params = new URL(c.req.url).searchParams;
    params.set("status", "completed");
    const [page, videoCount] = await Promise.all([
      findVideos(c.var.db, list, params),
      countPublicVideos(c.var.db, list.id),
    ]);
    c.header("Cache-Control", PUBLIC_CACHE);
    return c.json(
      {
        list: { name: list.name, description: list.description, fields: list.fields, videoCount },
        videos: { items: page.items.map(toPublicVideo), nextCursor: page.nextCursor },
      },
      200,
    );
  })
  .openapi(publicFeed, async (c) => {
    const { slug } = c.req.valid("param");
    const list = await sharedList(c, slug);
    const xml = atomFeed({
      slug,
      name: list.name,
      description: list.description,
      origin: new URL(c.req.url).origin,
      updatedAt: list.updatedAt,
      videos: await newestPublicVideos(c.var.db, list.id, FEED_ENTRIES),
    });
    return c.body(xml, 200, {
      "Content-Type": "application/atom+xml; charset=utf-8",
      "Cache-Control": PUBLIC_CACHE,
    }) as never;
  });
