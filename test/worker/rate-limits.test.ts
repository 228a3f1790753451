/**
 * Limits that hold: sign-in per email across every address, sign-in per address across every
 * email, sign-up per address; each 429 `rate_limited` with Retry-After, even for a right password.
 * The per-address limits use Cloudflare's rate-limiting binding, whose windows are aligned to the
 * clock: a burst may straddle two windows, so those tests allow up to two windows' worth.
 */
import { describe, expect, it } from "vitest";
import { call, expectErrorResponse, randomAddress, signUp } from "./helpers";

const PASSWORD = "correct horse battery";
const EMAIL_LIMIT = 10;
const LOGIN_ADDRESS_LIMIT = 30;
const REGISTER_ADDRESS_LIMIT = 5;

const login = (email: string, password: string, from = randomAddress()) =>
  call("/api/auth/login", { body: { email, password }, headers: { "cf-connecting-ip": from } });
const register = (from: string) =>
  call("/api/auth/register", {
    body: { email: `limit-${crypto.randomUUID()}@example.com`, password: PASSWORD },
    headers: { "cf-connecting-ip": from },
  });
const newEmail = () => `nobody-${crypto.randomUUID().slice(0, 12)}@example.com`;

/** Sends until a 429 (at most `max` tries); returns the statuses before it and the 429. */
async function untilLimited(max: number, send: (attempt: number) => Promise<Response>) {
  const before: number[] = [];
  for (let attempt = 0; attempt < max; attempt++) {
    const res = await send(attempt);
    if (res.status === 429) return { before, limited: res };
    before.push(res.status);
    await res.body?.cancel();
  }
  throw new Error(`no 429 after ${max} requests: ${before.join(",")}`);
}

async function expectLimited(res: Response) {
  const retryAfter = Number(res.headers.get("Retry-After"));
  expect(retryAfter).toBeGreaterThan(0);
  const error = await expectErrorResponse(res, 429, "rate_limited");
  return { retryAfter, error };
}

describe("sign-in per email, across all addresses", () => {
  it("refuses the 11th attempt on one account, though each came from a different address", async () => {
    const { email } = await signUp("spread");
    const statuses: number[] = [];
    for (let attempt = 0; attempt < EMAIL_LIMIT; attempt++) {
      const res = await login(email, `wrong password ${attempt}`);
      statuses.push(res.status);
      await res.body?.cancel();
    }
    expect(statuses).toEqual(Array(EMAIL_LIMIT).fill(401));
    const { retryAfter } = await expectLimited(await login(email, "wrong password again"));
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // The right password from yet another address is refused too: the guessing stops here.
    await expectLimited(await login(email, PASSWORD));
    // Other accounts are not affected.
    const other = await signUp("spread-other");
    expect((await login(other.email, PASSWORD)).status).toBe(200);
  });

  it("counts password-change attempts against the same account", async () => {
    const { token, email } = await signUp("spread-password");
    for (let attempt = 0; attempt < EMAIL_LIMIT; attempt++) {
      const res = await call("/api/auth/password", {
        token,
        body: { currentPassword: `guess ${attempt}`, newPassword: "violet umbrella march" },
      });
      expect(res.status).toBe(401);
      await res.body?.cancel();
    }
    await expectLimited(
      await call("/api/auth/password", {
        token,
        body: { currentPassword: PASSWORD, newPassword: "violet umbrella march" },
      }),
    );
    await expectLimited(await login(email, PASSWORD));
  });
});

describe("sign-in per address, across all emails", () => {
  it(`refuses one address after ${LOGIN_ADDRESS_LIMIT} attempts on different accounts; other addresses still sign in`, async () => {
    const from = randomAddress();
    const { before, limited } = await untilLimited(2 * LOGIN_ADDRESS_LIMIT + 1, () =>
      login(newEmail(), PASSWORD, from),
    );
    expect(before.length).toBeGreaterThanOrEqual(LOGIN_ADDRESS_LIMIT);
    expect(new Set(before)).toEqual(new Set([401]));
    const { error } = await expectLimited(limited);
    expect(error.message).toMatch(/network/);

    const { email } = await signUp("address-victim");
    await expectLimited(await login(email, PASSWORD, from));
    expect((await login(email, PASSWORD)).status).toBe(200);
  });
});

describe("sign-up per address", () => {
  it(`refuses one address after ${REGISTER_ADDRESS_LIMIT} sign-ups; other addresses still sign up`, async () => {
    const from = randomAddress();
    const { before, limited } = await untilLimited(2 * REGISTER_ADDRESS_LIMIT + 1, () => register(from));
    expect(before.length).toBeGreaterThanOrEqual(REGISTER_ADDRESS_LIMIT);
    expect(new Set(before)).toEqual(new Set([201]));
    await expectLimited(limited);
    expect((await register(randomAddress())).status).toBe(201);
  });

  it("counts an IPv6 client by its /64, however the address is written", async () => {
    const prefix = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:7`;
    const sameNetwork = (i: number) =>
      i % 2 === 0 ? `${prefix}::${i + 1}` : `${prefix}:0:0:0:${(i + 1).toString(16)}`;
    const { before, limited } = await untilLimited(2 * REGISTER_ADDRESS_LIMIT + 1, (i) => register(sameNetwork(i)));
    expect(before.length).toBeGreaterThanOrEqual(REGISTER_ADDRESS_LIMIT);
    await expectLimited(limited);
    expect((await register(`${prefix.replace(/:7$/, ":8")}::1`)).status).toBe(201);
  });
});
