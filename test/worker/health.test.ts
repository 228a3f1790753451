import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("GET /api/health", () => {
  it("answers ok with the version", async () => {
    const res = await exports.default.fetch("https://tubelist.test/api/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, version: expect.any(String) });
  });

  it("with deep=true also asks D1, and refuses a deep value it does not know", async () => {
    const deep = await exports.default.fetch("https://tubelist.test/api/health?deep=true");
    expect(deep.status).toBe(200);
    expect(await deep.json()).toEqual({ ok: true, version: expect.any(String) });
    const bad = await exports.default.fetch("https://tubelist.test/api/health?deep=yes");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "bad_request", details: [{ path: "deep" }] } });
  });
});
