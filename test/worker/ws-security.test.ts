/**
 * Who may open the live-progress socket, and when it is closed: single-use tickets bound to the
 * credential that asked, no token in the URL, an Origin allow-list, sockets closed the moment
 * their credential ends, a per-user socket cap, and frames checked for size, shape and rate.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { MAX_SOCKETS_PER_USER } from "../../src/durable/socket-policy";
import { PING_FRAME, SOCKET_CLOSE } from "../../src/shared/constants";
import { BASE, call, callJson, expectErrorResponse, signUp } from "./helpers";
import { until } from "./support/jobs";
import { accept, connectProgressSocket, type ProgressSocket, upgrade, wsTicket } from "./support/progress-socket";

const PASSWORD = "correct horse battery";
const login = async (email: string) =>
  (await callJson("/api/auth/login", { body: { email, password: PASSWORD }, expect: 200 })).token as string;
const isOpen = (socket: ProgressSocket) => socket.ws.readyState === WebSocket.OPEN;
const closedWith = async (socket: ProgressSocket) => {
  const event = await socket.closed;
  return { code: event.code, reason: event.reason };
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe("tickets", () => {
  it("POST /api/ws/ticket answers {ticket, expiresAt} valid for 60 s; the ticket opens one socket, once", async () => {
    const { token } = await signUp("ticket");
    const before = Date.now();
    const body = await callJson("/api/ws/ticket", { token, method: "POST", expect: 200 });
    expect(body).toEqual({ ticket: expect.stringMatching(/^wst_[A-Za-z0-9_-]{43}$/), expiresAt: expect.any(String) });
    const lifetime = Date.parse(body.expiresAt) - before;
    expect(lifetime).toBeGreaterThan(55_000);
    expect(lifetime).toBeLessThanOrEqual(61_000);
    expect(body.ticket).not.toContain(token);

    const socket = accept(await upgrade({ ticket: body.ticket }));
    await settle();
    expect(socket.frames[0]).toEqual({ type: "snapshot", jobs: [] });
    await expectErrorResponse(await upgrade({ ticket: body.ticket }), 401, "unauthorized");
    socket.close();
  });

  it("of two upgrades racing with one ticket, exactly one opens", async () => {
    const { token } = await signUp("ticket-race");
    const ticket = await wsTicket(token);
    const answers = await Promise.all(Array.from({ length: 5 }, () => upgrade({ ticket })));
    expect(answers.map((res) => res.status).sort()).toEqual([101, 401, 401, 401, 401]);
    for (const res of answers) {
      if (res.webSocket) accept(res).close();
      else await res.body?.cancel();
    }
  });

  it("refuses an expired ticket, an unknown one, and one whose credential was revoked", async () => {
    const { token } = await signUp("ticket-expired");
    const expired = await wsTicket(token);
    await env.DB.prepare("UPDATE ws_tickets SET expires_at = '2000-01-01T00:00:00.000Z'").run();
    await expectErrorResponse(await upgrade({ ticket: expired }), 401, "unauthorized");
    await expectErrorResponse(await upgrade({ ticket: `wst_${"A".repeat(43)}` }), 401, "unauthorized");

    const script = await callJson("/api/tokens", { token, body: { name: "script" }, expect: 201 });
    const orphan = await wsTicket(script.token);
    expect((await call(`/api/tokens/${script.id}`, { token, method: "DELETE" })).status).toBe(204);
    await expectErrorResponse(await upgrade({ ticket: orphan }), 401, "unauthorized");
  });

  it("never takes a token in the URL, even a valid one, and takes it in an Authorization header", async () => {
    const { token } = await signUp("ticket-url");
    const error = await expectErrorResponse(await upgrade({ token }), 401, "unauthorized");
    expect(error.message).toMatch(/ticket/);
    await expectErrorResponse(await upgrade({ token, ticket: await wsTicket(token) }), 401, "unauthorized");
    await expectErrorResponse(await upgrade({}), 401, "unauthorized");
    const socket = accept(await upgrade({}, { Authorization: `Bearer ${token}` }));
    socket.close();
  });
});

describe("Origin", () => {
  it.each([
    ["a foreign site", "https://evil.example"],
    ["a look-alike of the app", "https://tubelist.test.evil.example"],
    ["the app over plain http", "http://tubelist.test"],
    ["a sandboxed page", "null"],
  ])("refuses %s with 403 before using the ticket up", async (_label, origin) => {
    const { token } = await signUp("origin");
    const ticket = await wsTicket(token);
    await expectErrorResponse(await upgrade({ ticket }, { Origin: origin }), 403, "forbidden");
    accept(await upgrade({ ticket })).close();
  });

  it.each([
    ["the app's own origin", BASE],
    ["an origin in ALLOWED_ORIGINS", "https://allowed.example"],
    ["another, listed with a trailing slash", "https://also-allowed.example"],
  ])("accepts %s", async (_label, origin) => {
    const { token } = await signUp("origin-ok");
    accept(await upgrade({ ticket: await wsTicket(token) }, { Origin: origin })).close();
  });
});

describe("sockets close when their credential ends", () => {
  async function twoSessions(prefix: string) {
    const { token: a, email } = await signUp(prefix);
    const b = await login(email);
    return { a, b, email, sa: await connectProgressSocket(a), sb: await connectProgressSocket(b) };
  }

  it("logout closes that session's sockets with 4401 at once, not the other session's", async () => {
    const { a, sa, sb } = await twoSessions("ws-logout");
    const second = await connectProgressSocket(a);
    expect((await call("/api/auth/logout", { token: a, method: "POST" })).status).toBe(204);
    for (const socket of [sa, second]) expect(await closedWith(socket)).toEqual(SOCKET_CLOSE.credentialRevoked);
    await settle();
    expect(isOpen(sb)).toBe(true);
    sb.close();
  });

  it("ending a session from another one closes its sockets", async () => {
    const { a, b, sa, sb } = await twoSessions("ws-session");
    const { items } = await callJson("/api/sessions", { token: b, expect: 200 });
    const idOfA = items.find((session: { current: boolean }) => !session.current).id;
    expect((await call(`/api/sessions/${idOfA}`, { token: b, method: "DELETE" })).status).toBe(204);
    expect(await closedWith(sa)).toEqual(SOCKET_CLOSE.credentialRevoked);
    expect(isOpen(sb)).toBe(true);
    await expectErrorResponse(await call("/api/me", { token: a }), 401, "unauthorized");
    sb.close();
  });

  it("a password change closes every other session's sockets and keeps its own", async () => {
    const { a, sa, sb } = await twoSessions("ws-password");
    const res = await call("/api/auth/password", {
      token: a,
      body: { currentPassword: PASSWORD, newPassword: "violet umbrella march" },
    });
    expect(res.status).toBe(204);
    expect(await closedWith(sb)).toEqual(SOCKET_CLOSE.credentialRevoked);
    await settle();
    expect(isOpen(sa)).toBe(true);
    sa.close();
  });

  it("revoking an API token closes the sockets it opened, by ticket or by header", async () => {
    const { token } = await signUp("ws-token");
    const script = await callJson("/api/tokens", { token, body: { name: "watcher" }, expect: 201 });
    const byTicket = await connectProgressSocket(script.token);
    const byHeader = accept(await upgrade({}, { Authorization: `Bearer ${script.token}` }));
    const session = await connectProgressSocket(token);
    expect((await call(`/api/tokens/${script.id}`, { token, method: "DELETE" })).status).toBe(204);
    for (const socket of [byTicket, byHeader]) expect(await closedWith(socket)).toEqual(SOCKET_CLOSE.credentialRevoked);
    await settle();
    expect(isOpen(session)).toBe(true);
    session.close();
  });
});

describe("limits on sockets and frames", () => {
  it(`accepts ${MAX_SOCKETS_PER_USER} sockets per user, answers the next with 429, and has room again after one closes`, async () => {
    const { token } = await signUp("ws-cap");
    const sockets = [];
    for (let i = 0; i < MAX_SOCKETS_PER_USER; i++) sockets.push(await connectProgressSocket(token));
    const refused = await upgrade({ ticket: await wsTicket(token) });
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    await expectErrorResponse(refused, 429, "rate_limited");
    // Another user is not affected.
    const other = await signUp("ws-cap-other");
    (await connectProgressSocket(other.token)).close();

    (sockets.pop() as ProgressSocket).close();
    await until("the closed socket to leave the hub", async () => {
      const res = await upgrade({ ticket: await wsTicket(token) });
      if (res.status !== 101) {
        await res.body?.cancel();
        return false;
      }
      sockets.push(accept(res));
      return true;
    });
    for (const socket of sockets) socket.close();
  });

  it.each([
    ["not JSON", "hello"],
    ["an unknown frame", JSON.stringify({ type: "subscribe", userId: "someone-else" })],
    ["a frame over 1 KB", JSON.stringify({ type: "ping", pad: "x".repeat(100_000) })],
    ["a binary frame", new Uint8Array([1, 2, 3])],
  ])("closes the socket with 1008 on %s", async (_label, frame) => {
    const { token } = await signUp("ws-frame");
    const socket = await connectProgressSocket(token);
    socket.ws.send(frame);
    const { code, reason } = await closedWith(socket);
    expect(code).toBe(SOCKET_CLOSE.policyViolation.code);
    expect(reason).toMatch(/^invalid frame: /);
  });

  it("closes a socket sending more than 20 frames in 10 s, while canonical pings never count", async () => {
    const { token } = await signUp("ws-rate");
    const pinger = await connectProgressSocket(token);
    for (let i = 0; i < 50; i++) pinger.ws.send(PING_FRAME);
    await until("50 pongs", () => pinger.frames.filter((f) => f.type === "pong").length === 50);
    expect(isOpen(pinger)).toBe(true);

    const chatty = await connectProgressSocket(token);
    // Valid but not byte-for-byte the runtime's ping: each one reaches the object.
    for (let i = 0; i < 21; i++) chatty.ws.send('{ "type": "ping" }');
    expect(await closedWith(chatty)).toEqual({ code: 1008, reason: "invalid frame: too many frames" });
    expect(chatty.frames.filter((f) => f.type === "pong")).toHaveLength(20);
    pinger.close();
  });
});
