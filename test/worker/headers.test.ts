/** Security headers on every API answer, and the API reference served from the app itself. */
import { describe, expect, it } from "vitest";
import { call, signUp } from "./helpers";
import { connectProgressSocket } from "./support/progress-socket";

const API_HEADERS = {
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "strict-transport-security": "max-age=31536000; includeSubDomains",
  "cross-origin-resource-policy": "same-origin",
};

describe("API responses", () => {
  it.each([
    ["a public route", "/api/health", undefined, 200],
    ["a route needing a token, without one", "/api/lists", undefined, 401],
    ["an unknown route", "/api/nope", undefined, 404],
    ["the OpenAPI document", "/api/openapi.json", undefined, 200],
  ])("carry the secure headers: %s", async (_label, path, token, status) => {
    const res = await call(path, { token });
    expect(res.status).toBe(status);
    for (const [name, value] of Object.entries(API_HEADERS)) expect(res.headers.get(name), name).toBe(value);
    expect(res.headers.get("x-powered-by")).toBeNull();
    await res.body?.cancel();
  });

  it("carry them on authenticated answers and errors alike, and the socket still upgrades", async () => {
    const { token } = await signUp("headers");
    for (const res of [await call("/api/me", { token }), await call("/api/lists/nope", { token })]) {
      expect(res.headers.get("content-security-policy")).toBe(API_HEADERS["content-security-policy"]);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      await res.body?.cancel();
    }
    (await connectProgressSocket(token)).close();
  });
});

describe("/api/docs", () => {
  it("is a page loading Scalar from this app, with no inline script and a policy allowing scripts from here only", async () => {
    const res = await call("/api/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval|https?:)/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const html = await res.text();
    expect(html).not.toMatch(/https?:\/\//);
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map(([, attributes]) => /src="([^"]+)"/.exec(attributes ?? "")?.[1])).toEqual(["/api/docs/init.js"]);
    expect(scripts.every(([, , body]) => body?.trim() === "")).toBe(true);
  });

  it("starts the reference on this app's OpenAPI document, with web fonts and telemetry off", async () => {
    const res = await call("/api/docs/init.js");
    expect(res.headers.get("content-type")).toMatch(/^text\/javascript/);
    const script = await res.text();
    expect(script).toContain('script.src = "/vendor/scalar-api-reference.js"');
    expect(script).toContain('"url":"/api/openapi.json"');
    expect(script).toContain('"withDefaultFonts":false');
    expect(script).toContain('"telemetry":false');
    expect(script).not.toMatch(/https?:\/\//);
  });

  it("opens 'try it' with the document's bearer scheme already chosen", async () => {
    const doc = (await (await call("/api/openapi.json")).json()) as {
      components: { securitySchemes: Record<string, { scheme?: string }> };
    };
    const bearer = Object.entries(doc.components.securitySchemes).find(([, scheme]) => scheme.scheme === "bearer");
    expect(bearer).toBeDefined();
    const script = await (await call("/api/docs/init.js")).text();
    expect(script).toContain(`"authentication":{"preferredSecurityScheme":${JSON.stringify(bearer?.[0])}}`);
  });
});
