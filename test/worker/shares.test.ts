/**
 * Share links from both sides: the owner publishes and unpublishes a list; anyone with the link
 * reads its processed videos (filtered and searched like the videos route) and its Atom feed,
 * never the owner's data, and gets 404 the moment the link is removed.
 */
import { env } from "cloudflare:test";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it, vi } from "vitest";
import { addVideos, call, callJson, createList, expectErrorResponse, setVideoColumns, signUp, ytId } from "./helpers";

// Each test signs up (PBKDF2) and seeds a list first.
vi.setConfig({ testTimeout: 15_000 });

const FIELDS = [{ key: "level", label: "Level", type: "enum", options: ["easy", "hard"] }];

async function sharedListWithVideos() {
  const owner = await signUp("sharer");
  const list = await createList(owner.token, { name: "Talks & <Tricks>", description: "Best of 2026", fields: FIELDS });
  const [a, b, c, d] = await addVideos(owner.token, list.id, [ytId(1), ytId(2), ytId(3), ytId(4)]);
  await setVideoColumns([
    {
      id: a!.id,
      set: {
        status: "completed",
        title: 'Rust & <WebAssembly> \u0001 at "scale"',
        channel_title: "Conf",
        description: "Deep dive ]]> into things",
        fields: { level: "hard" },
        processed_at: "2026-11-20T10:00:00.000Z",
      },
    },
    {
      id: b!.id,
      set: { status: "completed", title: "Intro to Hono", channel_title: "Conf", fields: { level: "easy" } },
    },
    { id: c!.id, set: { status: "failed", error: "Gemini 500 at worker consumer.ts:120 key=abc" } },
    { id: d!.id, set: { status: "queued", job_id: "job_secret" } },
  ]);
  const link = await callJson(`/api/lists/${list.id}/share`, { token: owner.token, method: "POST", expect: 200 });
  return { owner, list, link, videos: { a: a!, b: b!, c: c!, d: d! } };
}

describe("owner", () => {
  it("gets one unguessable link per list, however often it asks", async () => {
    const { owner, list, link } = await sharedListWithVideos();
    expect(link.slug).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    // 22 base64url characters carry 132 bits; the slug holds 128 random ones.
    expect(link.slug.length * 6).toBeGreaterThanOrEqual(96);
    expect(link.url).toBe(`https://tubelist.test/s/${link.slug}`);
    const again = await callJson(`/api/lists/${list.id}/share`, { token: owner.token, method: "POST", expect: 200 });
    expect(again).toEqual(link);
    expect(await callJson(`/api/lists/${list.id}/share`, { token: owner.token, expect: 200 })).toEqual(link);
  });

  it("answers 404 for another user's list on every share route, and a read token may not share", async () => {
    const { list } = await sharedListWithVideos();
    const other = await signUp("other");
    for (const method of ["POST", "GET", "DELETE"]) {
      await expectErrorResponse(
        await call(`/api/lists/${list.id}/share`, { method, token: other.token }),
        404,
        "not_found",
      );
    }
    const { token: readToken } = await callJson("/api/tokens", {
      token: other.token,
      body: { name: "r", scope: "read" },
      expect: 201,
    });
    const own = await createList(other.token);
    await expectErrorResponse(
      await call(`/api/lists/${own.id}/share`, { method: "POST", token: readToken }),
      403,
      "forbidden",
    );
  });
});

describe("public view", () => {
  it("shows the list and its processed videos, with no owner data, cacheable for 60 s", async () => {
    const { owner, list, link, videos } = await sharedListWithVideos();
    const res = await call(`/api/public/lists/${link.slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=60");
    const text = await res.text();
    const body = JSON.parse(text);
    expect(body.list).toEqual({ name: list.name, description: "Best of 2026", fields: FIELDS, videoCount: 2 });
    expect(body.videos.items.map((video: any) => video.id).sort()).toEqual([videos.a.id, videos.b.id].sort());
    for (const secret of [owner.email, owner.userId, owner.token, list.id, "job_secret", "consumer.ts"]) {
      expect(text).not.toContain(secret);
    }
    for (const video of body.videos.items) {
      expect(video).not.toHaveProperty("error");
      expect(video).not.toHaveProperty("listId");
    }
  });

  it("searches and pages like the videos route", async () => {
    const { link, videos } = await sharedListWithVideos();
    const found = await callJson(`/api/public/lists/${link.slug}?q=hono`, { expect: 200 });
    expect(found.videos.items.map((video: any) => video.id)).toEqual([videos.b.id]);
    const first = await callJson(`/api/public/lists/${link.slug}?limit=1&sort=title&order=asc`, { expect: 200 });
    expect(first.videos.items.map((video: any) => video.id)).toEqual([videos.b.id]);
    const second = await callJson(
      `/api/public/lists/${link.slug}?limit=1&sort=title&order=asc&cursor=${first.videos.nextCursor}`,
      { expect: 200 },
    );
    expect(second.videos.items.map((video: any) => video.id)).toEqual([videos.a.id]);
    await expectErrorResponse(await call(`/api/public/lists/${link.slug}?sort=owner`), 400, "bad_request");
  });

  it("has a valid Atom feed of the newest processed videos, every text escaped", async () => {
    const { list, link, videos } = await sharedListWithVideos();
    const res = await call(`/api/public/lists/${link.slug}/feed.xml`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=60");
    const xml = await res.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = new XMLParser({ ignoreAttributes: false }).parse(xml).feed;
    expect(feed.title).toBe(list.name);
    const entries = [feed.entry].flat();
    expect(entries).toHaveLength(2);
    const titles = entries.map((entry: any) => entry.title);
    expect(titles).toContain('Rust & <WebAssembly>  at "scale"');
    expect(entries.map((entry: any) => entry.link["@_href"])).toContain(videos.a.url);
    expect(xml).not.toContain("consumer.ts");
  });

  it("unknown slugs and unshared lists answer 404 at once, never cached", async () => {
    const { owner, list, link } = await sharedListWithVideos();
    expect((await call(`/api/public/lists/${link.slug}`)).status).toBe(200);
    expect((await call(`/api/lists/${list.id}/share`, { method: "DELETE", token: owner.token })).status).toBe(204);
    for (const path of [`/api/public/lists/${link.slug}`, `/api/public/lists/${link.slug}/feed.xml`]) {
      const res = await call(path);
      expect(res.headers.get("cache-control")).toBe("no-store");
      await expectErrorResponse(res, 404, "not_found");
    }
    expect(await callJson(`/api/lists/${list.id}/share`, { token: owner.token, expect: 200 })).toEqual({
      slug: null,
      url: null,
    });
    await expectErrorResponse(await call("/api/public/lists/nothing-here"), 404, "not_found");
    // Sharing again makes a new link; the old one stays dead.
    const fresh = await callJson(`/api/lists/${list.id}/share`, { token: owner.token, method: "POST", expect: 200 });
    expect(fresh.slug).not.toBe(link.slug);
    expect((await call(`/api/public/lists/${link.slug}`)).status).toBe(404);
  });

  it("a deleted list's link answers 404", async () => {
    const { owner, list, link } = await sharedListWithVideos();
    expect((await call(`/api/lists/${list.id}`, { method: "DELETE", token: owner.token })).status).toBe(204);
    await expectErrorResponse(await call(`/api/public/lists/${link.slug}`), 404, "not_found");
    expect(await env.DB.prepare("SELECT * FROM list_shares WHERE list_id = ?").bind(list.id).first()).toBeNull();
  });
});

describe("OpenAPI", () => {
  it("documents every integration route with an operationId and typed errors; public ones need no token", async () => {
    const doc: any = await callJson("/api/openapi.json", { expect: 200 });
    const ops = [
      ["post", "/webhooks"],
      ["get", "/webhooks"],
      ["delete", "/webhooks/{id}"],
      ["post", "/webhooks/{id}/test"],
      ["get", "/webhooks/{id}/deliveries"],
      ["post", "/lists/{id}/share"],
      ["get", "/lists/{id}/share"],
      ["delete", "/lists/{id}/share"],
      ["get", "/public/lists/{slug}"],
      ["get", "/public/lists/{slug}/feed.xml"],
    ] as const;
    for (const [method, path] of ops) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(op.operationId, `${method} ${path}`).toEqual(expect.any(String));
      expect(op.summary, `${method} ${path}`).toEqual(expect.any(String));
      expect(op.tags?.length, `${method} ${path}`).toBe(1);
      const errors = Object.keys(op.responses).filter((status) => status.startsWith("4"));
      expect(errors.length, `${method} ${path}`).toBeGreaterThan(0);
      expect(op.security, `${method} ${path}`).toEqual(path.startsWith("/public/") ? [] : [{ bearerAuth: [] }]);
    }
    expect(doc.paths["/webhooks"].post.description).toMatch(/webhook-signature/);
  });
});
