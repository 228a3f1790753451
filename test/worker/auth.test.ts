import { env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { call, callJson, expectErrorResponse, signUp } from "./helpers";

const PASSWORD = "correct horse battery";
const uniqueEmail = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 12)}@example.com`;

const login = (email: string, password: string, headers?: Record<string, string>) =>
  call("/api/auth/login", { body: { email, password }, headers });

describe("register", () => {
  it("creates the account, answers 201 {user, token}, and the token signs in", async () => {
    const email = uniqueEmail("ada");
    const res = await call("/api/auth/register", { body: { email, password: PASSWORD } });
    expect(res.status).toBe(201);
    const body = await res.json<any>();
    expect(body).toEqual({
      user: {
        id: expect.any(String),
        email,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      },
      token: expect.any(String),
    });
    expect(await callJson("/api/me", { token: body.token, expect: 200 })).toEqual({ user: body.user });
  });

  it("stores the email lower-cased, so any capitalisation of it signs in and cannot register twice", async () => {
    const local = `Mixed-${crypto.randomUUID().slice(0, 8)}`;
    const body = await callJson("/api/auth/register", {
      body: { email: `${local}@Example.COM`, password: PASSWORD },
      expect: 201,
    });
    expect(body.user.email).toBe(`${local.toLowerCase()}@example.com`);
    expect((await login(`${local.toUpperCase()}@EXAMPLE.com`, PASSWORD)).status).toBe(200);
    expect((await login(` ${local.toLowerCase()}@example.com `, PASSWORD)).status).toBe(200);
  });

  it("rejects a password under 8 characters with 422 and details, creating nothing", async () => {
    const email = uniqueEmail("short");
    const error = await expectErrorResponse(
      await call("/api/auth/register", { body: { email, password: "1234567" } }),
      422,
      "validation_failed",
    );
    expect(error.details).toEqual([{ path: "password", message: expect.stringMatching(/8/) }]);
    await expectErrorResponse(await login(email, "1234567"), 401, "unauthorized");
    // Exactly 8 is enough, when they are not easy to guess.
    expect((await call("/api/auth/register", { body: { email, password: "Qz8#kV2m" } })).status).toBe(201);
  });

  it("rejects an address that is not an email with 422 naming the field", async () => {
    const error = await expectErrorResponse(
      await call("/api/auth/register", { body: { email: "not-an-email", password: PASSWORD } }),
      422,
      "validation_failed",
    );
    expect(error.details).toEqual([{ path: "email", message: expect.any(String) }]);
  });

  it("answers 409 conflict for an existing email, in any case, and keeps the first password", async () => {
    const { email } = await signUp("dup");
    await expectErrorResponse(
      await call("/api/auth/register", { body: { email: email.toUpperCase(), password: "another password" } }),
      409,
      "conflict",
    );
    expect((await login(email, PASSWORD)).status).toBe(200);
    await expectErrorResponse(await login(email, "another password"), 401, "unauthorized");
  });
});

describe("login and logout", () => {
  it("signs in with 200 {user, token}; each login is its own session", async () => {
    const { email, userId, token: first } = await signUp("login");
    const body = await callJson("/api/auth/login", { body: { email, password: PASSWORD }, expect: 200 });
    expect(body).toEqual({ user: { id: userId, email, createdAt: expect.any(String) }, token: expect.any(String) });
    expect(body.token).not.toBe(first);
    expect((await callJson("/api/me", { token: body.token, expect: 200 })).user.id).toBe(userId);
  });

  it("gives a wrong password and an unknown email the same 401 message", async () => {
    const { email } = await signUp("wrongpw");
    const wrong = await expectErrorResponse(await login(email, "wrong password"), 401, "unauthorized");
    const unknown = await expectErrorResponse(await login(uniqueEmail("nobody"), PASSWORD), 401, "unauthorized");
    expect(unknown.message).toBe(wrong.message);
    expect(wrong.details).toBeUndefined();
  });

  it("logout answers 204 and only that token stops working", async () => {
    const { email, token: first } = await signUp("logout");
    const { token: second } = await callJson("/api/auth/login", { body: { email, password: PASSWORD }, expect: 200 });
    const res = await call("/api/auth/logout", { token: first, method: "POST" });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    await expectErrorResponse(await call("/api/me", { token: first }), 401, "unauthorized");
    await expectErrorResponse(await call("/api/auth/logout", { token: first, method: "POST" }), 401, "unauthorized");
    expect((await call("/api/me", { token: second })).status).toBe(200);
  });
});

describe("authentication on protected routes", () => {
  it.each([
    ["no header", {}],
    ["a garbage bearer token", { authorization: "Bearer garbage" }],
    ["a well-formed but unknown token", { authorization: `Bearer tl_${"A".repeat(43)}` }],
    ["Basic credentials", { authorization: `Basic ${btoa("ada@example.com:correct horse battery")}` }],
    ["a bare token without scheme", { authorization: "tl_abc" }],
    ["an empty bearer", { authorization: "Bearer " }],
  ])("%s → 401 envelope", async (_, headers) => {
    for (const path of ["/api/me", "/api/lists", "/api/tokens"]) {
      await expectErrorResponse(await call(path, { headers }), 401, "unauthorized");
    }
  });

  it("an expired session token is refused", async () => {
    const { token, userId } = await signUp("expired");
    expect((await call("/api/me", { token })).status).toBe(200);
    await env.DB.prepare(
      "UPDATE tokens SET expires_at = '2000-01-01T00:00:00.000Z' WHERE user_id = ? AND kind = 'session'",
    )
      .bind(userId)
      .run();
    await expectErrorResponse(await call("/api/me", { token }), 401, "unauthorized");
  });

  it("needs no token for /api/health", async () => {
    expect((await call("/api/health")).status).toBe(200);
  });
});

describe("API tokens", () => {
  it("creates a token shown once, starting with tl_, that works as a Bearer token", async () => {
    const { token: session, userId } = await signUp("tokens");
    const created = await callJson("/api/tokens", { token: session, body: { name: "backup script" }, expect: 201 });
    expect(created).toEqual({
      id: expect.any(String),
      name: "backup script",
      scope: "write",
      token: expect.stringMatching(/^tl_[A-Za-z0-9_-]{22,}$/),
      createdAt: expect.any(String),
      expiresAt: null,
    });
    expect((await callJson("/api/me", { token: created.token, expect: 200 })).user.id).toBe(userId);

    const listing = await callJson("/api/tokens", { token: session, expect: 200 });
    expect(listing.items).toEqual([
      {
        id: created.id,
        name: "backup script",
        scope: "write",
        createdAt: created.createdAt,
        lastUsedAt: expect.any(String),
        expiresAt: null,
      },
    ]);
    expect(JSON.stringify(listing)).not.toContain(created.token);
    expect(JSON.stringify(listing)).not.toContain(created.token.slice(3));
  });

  it("lists only API tokens (not login sessions), and lastUsedAt is set once a token is used", async () => {
    const { token: session } = await signUp("lastused");
    const created = await callJson("/api/tokens", { token: session, body: { name: "cron" }, expect: 201 });
    const before = await callJson("/api/tokens", { token: session, expect: 200 });
    expect(before.items).toEqual([expect.objectContaining({ id: created.id, lastUsedAt: null })]);

    await callJson("/api/lists", { token: created.token, expect: 200 });
    await vi.waitFor(async () => {
      const after = await callJson("/api/tokens", { token: session, expect: 200 });
      expect(after.items[0].lastUsedAt).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
      expect(after.items[0].lastUsedAt >= created.createdAt).toBe(true);
    });
  });

  it("rejects a token without a name with 422", async () => {
    const { token } = await signUp("noname");
    const error = await expectErrorResponse(
      await call("/api/tokens", { token, body: { name: "   " } }),
      422,
      "validation_failed",
    );
    expect(error.details).toEqual([{ path: "name", message: expect.any(String) }]);
    expect((await callJson("/api/tokens", { token, expect: 200 })).items).toEqual([]);
  });

  it("revokes with 204, after which the token is refused and gone from the listing", async () => {
    const { token: session } = await signUp("revoke");
    const keep = await callJson("/api/tokens", { token: session, body: { name: "keep" }, expect: 201 });
    const drop = await callJson("/api/tokens", { token: session, body: { name: "drop" }, expect: 201 });
    expect((await call("/api/me", { token: drop.token })).status).toBe(200);

    const res = await call(`/api/tokens/${drop.id}`, { token: session, method: "DELETE" });
    expect(res.status).toBe(204);
    await expectErrorResponse(await call("/api/me", { token: drop.token }), 401, "unauthorized");
    expect((await call("/api/me", { token: keep.token })).status).toBe(200);
    const listing = await callJson("/api/tokens", { token: session, expect: 200 });
    expect(listing.items.map((t: any) => t.id)).toEqual([keep.id]);
    await expectErrorResponse(
      await call(`/api/tokens/${drop.id}`, { token: session, method: "DELETE" }),
      404,
      "not_found",
    );
  });

  it("cannot revoke another user's token (404), and that token keeps working", async () => {
    const a = await signUp("owner");
    const b = await signUp("other");
    const created = await callJson("/api/tokens", { token: a.token, body: { name: "a's" }, expect: 201 });
    await expectErrorResponse(
      await call(`/api/tokens/${created.id}`, { token: b.token, method: "DELETE" }),
      404,
      "not_found",
    );
    expect((await callJson("/api/me", { token: created.token, expect: 200 })).user.id).toBe(a.userId);
  });

  it("a login session's id cannot be revoked through /api/tokens", async () => {
    const { token, userId } = await signUp("session-id");
    const row = await env.DB.prepare("SELECT id FROM tokens WHERE user_id = ? AND kind = 'session'")
      .bind(userId)
      .first<{ id: string }>();
    await expectErrorResponse(await call(`/api/tokens/${row!.id}`, { token, method: "DELETE" }), 404, "not_found");
    expect((await call("/api/me", { token })).status).toBe(200);
  });
});
