import { env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { hashPassword } from "../../src/lib/crypto";
import { call, callJson, expectErrorResponse, signUp } from "./helpers";

const PASSWORD = "correct horse battery";
const NEW_PASSWORD = "violet umbrella march";

const login = async (email: string, password = PASSWORD) =>
  (await callJson("/api/auth/login", { body: { email, password }, expect: 200 })).token as string;
const sessionIdOf = async (token: string) =>
  ((await callJson("/api/sessions", { token, expect: 200 })).items as { id: string; current: boolean }[]).find(
    (session) => session.current,
  )?.id as string;
const works = async (token: string) => (await call("/api/me", { token })).status;
const changePassword = (token: string, body: unknown) => call("/api/auth/password", { token, body });

describe("GET /api/sessions", () => {
  it("lists the user's live login sessions, newest first, marking the one asking; never API tokens", async () => {
    const { token: first, email, userId } = await signUp("sessions");
    const second = await login(email);
    await callJson("/api/tokens", { token: first, body: { name: "script" }, expect: 201 });
    const other = await signUp("sessions-other");

    const listing = await callJson("/api/sessions", { token: second, expect: 200 });
    expect(listing.items).toEqual([
      { id: expect.any(String), createdAt: expect.any(String), lastUsedAt: expect.any(String), current: true },
      { id: expect.any(String), createdAt: expect.any(String), lastUsedAt: expect.any(String), current: false },
    ]);
    const ids = listing.items.map((s: { id: string }) => s.id);
    const { results } = await env.DB.prepare("SELECT id FROM tokens WHERE user_id = ? AND kind = 'session'")
      .bind(userId)
      .all<{ id: string }>();
    expect([...ids].sort()).toEqual(results.map((row) => row.id).sort());
    expect(JSON.stringify(listing)).not.toContain(first);
    expect((await callJson("/api/sessions", { token: other.token, expect: 200 })).items).toHaveLength(1);
  });
});

describe("DELETE /api/sessions/:id", () => {
  it("ends that session only: its token is refused, the others keep working", async () => {
    const { token: keep, email } = await signUp("end-session");
    const drop = await login(email);
    const res = await call(`/api/sessions/${await sessionIdOf(drop)}`, { token: keep, method: "DELETE" });
    expect(res.status).toBe(204);
    await expectErrorResponse(await call("/api/me", { token: drop }), 401, "unauthorized");
    expect(await works(keep)).toBe(200);
    expect((await callJson("/api/sessions", { token: keep, expect: 200 })).items).toHaveLength(1);
  });

  it("may end the session asking, like logout", async () => {
    const { token } = await signUp("end-self");
    expect((await call(`/api/sessions/${await sessionIdOf(token)}`, { token, method: "DELETE" })).status).toBe(204);
    await expectErrorResponse(await call("/api/me", { token }), 401, "unauthorized");
  });

  it("answers 404 for an unknown id, another user's session and an API token's id, ending none of them", async () => {
    const a = await signUp("end-a");
    const b = await signUp("end-b");
    const apiToken = await callJson("/api/tokens", { token: a.token, body: { name: "cron" }, expect: 201 });
    for (const id of ["tok_nope", await sessionIdOf(b.token), apiToken.id]) {
      await expectErrorResponse(
        await call(`/api/sessions/${id}`, { token: a.token, method: "DELETE" }),
        404,
        "not_found",
      );
    }
    expect(await works(b.token)).toBe(200);
    expect(await works(apiToken.token)).toBe(200);
  });
});

describe("session lifetime", () => {
  const setColumn = (id: string, column: "last_used_at" | "expires_at", value: string) =>
    env.DB.prepare(`UPDATE tokens SET ${column} = ? WHERE id = ?`).bind(value, id).run();

  it("ends a session after 7 days without a request, even though it is younger than 30 days", async () => {
    const { token } = await signUp("idle");
    const id = await sessionIdOf(token);
    await setColumn(id, "last_used_at", isoDaysAgo(6));
    expect(await works(token)).toBe(200);
    await setColumn(id, "last_used_at", isoDaysAgo(8));
    await expectErrorResponse(await call("/api/me", { token }), 401, "unauthorized");
  });

  it("ends a session 30 days after sign-in, however busy it is", async () => {
    const { token } = await signUp("old");
    const id = await sessionIdOf(token);
    await setColumn(id, "expires_at", isoDaysAgo(0.001));
    await expectErrorResponse(await call("/api/me", { token }), 401, "unauthorized");
  });

  it("an API token does not idle out, and one with expiresAt stops at that time", async () => {
    const { token } = await signUp("api-idle");
    const created = await callJson("/api/tokens", { token, body: { name: "nightly" }, expect: 201 });
    await env.DB.prepare("UPDATE tokens SET last_used_at = ? WHERE id = ?").bind(isoDaysAgo(90), created.id).run();
    expect(await works(created.token)).toBe(200);
    await env.DB.prepare("UPDATE tokens SET expires_at = ? WHERE id = ?").bind(isoDaysAgo(0.001), created.id).run();
    await expectErrorResponse(await call("/api/me", { token: created.token }), 401, "unauthorized");
  });

  it("signing in clears the user's dead sessions away", async () => {
    const { token, email, userId } = await signUp("sweep");
    await env.DB.prepare("UPDATE tokens SET last_used_at = ? WHERE id = ?")
      .bind(isoDaysAgo(9), await sessionIdOf(token))
      .run();
    await login(email);
    const { n } = (await env.DB.prepare("SELECT count(*) AS n FROM tokens WHERE user_id = ? AND kind = 'session'")
      .bind(userId)
      .first<{ n: number }>()) as { n: number };
    expect(n).toBe(1);
  });
});

describe("POST /api/auth/password", () => {
  it("changes the password, ends every other session, keeps this one and the API tokens", async () => {
    const { token: here, email } = await signUp("password");
    const elsewhere = await login(email);
    const script = await callJson("/api/tokens", { token: here, body: { name: "script" }, expect: 201 });

    const res = await changePassword(here, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(res.status).toBe(204);
    expect(await works(here)).toBe(200);
    await expectErrorResponse(await call("/api/me", { token: elsewhere }), 401, "unauthorized");
    expect(await works(script.token)).toBe(200);
    await expectErrorResponse(
      await call("/api/auth/login", { body: { email, password: PASSWORD } }),
      401,
      "unauthorized",
    );
    expect(await works(await login(email, NEW_PASSWORD))).toBe(200);
  });

  it("refuses a wrong current password with 401 and changes nothing", async () => {
    const { token, email } = await signUp("password-wrong");
    const elsewhere = await login(email);
    const error = await expectErrorResponse(
      await changePassword(token, { currentPassword: "not the password", newPassword: NEW_PASSWORD }),
      401,
      "unauthorized",
    );
    expect(error.message).toMatch(/current password/);
    expect(await works(elsewhere)).toBe(200);
    expect(await works(await login(email))).toBe(200);
  });

  it("refuses a new password that is short or easy to guess with 422 on newPassword, changing nothing", async () => {
    const { token, email } = await signUp("password-weak");
    const elsewhere = await login(email);
    for (const newPassword of ["short", "password1", "qwertyuiop", email]) {
      const error = await expectErrorResponse(
        await changePassword(token, { currentPassword: PASSWORD, newPassword }),
        422,
        "validation_failed",
      );
      expect(error.details).toEqual([{ path: "newPassword", message: expect.any(String) }]);
    }
    expect(await works(elsewhere)).toBe(200);
    expect(await works(await login(email))).toBe(200);
  });
});

describe("passwords", () => {
  it.each(["password", "12345678", "P@ssw0rd!", "letmein123", "iloveyou2", "qwertyuiop"])(
    "register refuses the common password %j with 422 and a reason, creating nothing",
    async (password) => {
      const email = `common-${crypto.randomUUID().slice(0, 8)}@example.com`;
      const error = await expectErrorResponse(
        await call("/api/auth/register", { body: { email, password } }),
        422,
        "validation_failed",
      );
      expect(error.details).toEqual([{ path: "password", message: expect.stringMatching(/too easy to guess/) }]);
      const row = await env.DB.prepare("SELECT id FROM users WHERE email = ?").bind(email).first();
      expect(row).toBeNull();
    },
  );

  it("refuses a password made of the email itself", async () => {
    const email = `marguerite.lastname-${crypto.randomUUID().slice(0, 6)}@example.com`;
    await expectErrorResponse(
      await call("/api/auth/register", { body: { email, password: email } }),
      422,
      "validation_failed",
    );
  });

  it("stores new hashes with the pepper, and a hash made before the pepper still signs in and is upgraded", async () => {
    const { email, userId } = await signUp("pepper");
    const stored = async () =>
      (
        (await env.DB.prepare("SELECT password_hash AS h FROM users WHERE id = ?")
          .bind(userId)
          .first<{ h: string }>()) as {
          h: string;
        }
      ).h;
    expect(await stored()).toMatch(/^pbkdf2-sha256-hmac\$100000\$/);

    await env.DB.prepare("UPDATE users SET password_hash = ? WHERE id = ?")
      .bind(await hashPassword(PASSWORD, null), userId)
      .run();
    expect(await stored()).toMatch(/^pbkdf2-sha256\$100000\$/);
    expect(await works(await login(email))).toBe(200);
    await vi.waitFor(async () => expect(await stored()).toMatch(/^pbkdf2-sha256-hmac\$/));
    expect(await works(await login(email))).toBe(200);
    await expectErrorResponse(
      await call("/api/auth/login", { body: { email, password: "wrong horse battery" } }),
      401,
      "unauthorized",
    );
  });

  it("a peppered hash does not verify with another pepper: the secret is part of the hash", async () => {
    const { verifyPassword } = await import("../../src/lib/crypto");
    const hash = await hashPassword(PASSWORD, "pepper-one");
    expect((await verifyPassword(PASSWORD, hash, "pepper-one")).valid).toBe(true);
    expect((await verifyPassword(PASSWORD, hash, "pepper-two")).valid).toBe(false);
  });
});

function isoDaysAgo(days: number) {
  return new Date(Date.now() - days * 86_400_000).toISOString();
}
