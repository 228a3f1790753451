import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { signUp, tokenOf } from "./support/app";
import { expectAccessible } from "./support/axe";
import { DESKTOP, launchChromium, newContext, PageProblems, PHONE } from "./support/browser";
import { shoot } from "./support/screenshots";
import { e2e } from "./support/stack";

const PASSWORD = "correct horse battery";

/** Settings: today's usage and caps, sessions, a password change that survives a typo, scoped tokens. */
describe("settings", () => {
  const { baseUrl, chromiumPath } = e2e();
  const problems = new PageProblems();
  let browser: Browser;
  let page: Page;
  let email: string;

  const signInElsewhere = async () => {
    const response = await fetch(`${baseUrl}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { token: string }).token;
  };

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath);
    page = problems.watch(await (await newContext(browser, baseUrl, DESKTOP)).newPage(), "desktop");
    email = `settings-${Date.now()}@example.com`;
    await signUp(page, email, PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
  });

  test("usage shows today's figures and a meter per cap", async () => {
    await page.goto("/settings");
    const usage = page.getByRole("region", { name: "Usage" });
    await usage.locator("meter").first().waitFor();
    // A meter's value is a property (Preact leaves the attribute unset at the default, 0).
    expect(await usage.getByLabel("Lists", { exact: true }).evaluate((meter: HTMLMeterElement) => meter.value)).toBe(0);
    expect(await usage.getByText("Thinking tokens").count()).toBe(1);
    expect(await usage.getByText("Videos processed", { exact: true }).count()).toBe(1);
  });

  test("another session can be signed out from here; this one is marked and kept", async () => {
    const other = await signInElsewhere();
    await page.goto("/settings");
    const sessions = page.getByRole("region", { name: "Sessions" });
    await sessions.getByText("This browser").waitFor();
    const ends = sessions.getByRole("button", { name: /^Sign out the session from/ });
    expect(await ends.count()).toBe(1);
    await expectAccessible(page, "settings");
    await shoot(page, "settings-usage-sessions", "1366");
    await page.setViewportSize(PHONE);
    await expectAccessible(page, "settings, phone");
    await shoot(page, "settings-usage-sessions", "390");
    await page.setViewportSize(DESKTOP);

    await ends.click();
    await page
      .getByRole("dialog", { name: "Sign out this session?" })
      .getByRole("button", { name: "Sign it out" })
      .click();
    await page.locator(".toast").getByText("Session signed out").waitFor();
    expect(await ends.count()).toBe(0);
    const after = await fetch(`${baseUrl}/api/me`, { headers: { authorization: `Bearer ${other}` } });
    expect(after.status).toBe(401);
  });

  test("a wrong current password is a field error, and this tab stays signed in", async () => {
    const password = page.getByRole("region", { name: "Password" });
    await password.getByLabel("Current password").fill("not my password at all");
    await password.getByLabel("New password").fill("a far better passphrase 42");
    await problems.expectingNetworkTrouble(async () => {
      await password.getByRole("button", { name: "Change password" }).click();
      await password.getByText("That is not your current password.").waitFor();
    });
    expect(await tokenOf(page)).not.toBe("");
    expect(page.url()).toMatch(/\/settings$/);
    await expectAccessible(page, "settings, wrong password");
  });

  test("the right one changes it and signs every other session out", async () => {
    const other = await signInElsewhere();
    const password = page.getByRole("region", { name: "Password" });
    await password.getByLabel("Current password").fill(PASSWORD);
    await password.getByLabel("New password").fill("a far better passphrase 42");
    await password.getByRole("button", { name: "Change password" }).click();
    await page.locator(".toast").getByText("Password changed").waitFor();
    const after = await fetch(`${baseUrl}/api/me`, { headers: { authorization: `Bearer ${other}` } });
    expect(after.status).toBe(401);
    const mine = await fetch(`${baseUrl}/api/me`, { headers: { authorization: `Bearer ${await tokenOf(page)}` } });
    expect(mine.status).toBe(200);
  });

  test("a read-only token with an expiry", async () => {
    const tokens = page.getByRole("region", { name: "API tokens" });
    await tokens.getByLabel("New token name").fill("dashboard");
    await tokens.getByLabel("Access").selectOption("read");
    await tokens.getByLabel("Expires").selectOption("30");
    await tokens.getByRole("button", { name: "Create token" }).click();
    const secret = await tokens.locator(".secret .secret__value").textContent();
    const item = tokens.locator(".token-list__item", { hasText: "dashboard" });
    await item.getByText("Read only").waitFor();
    expect(await item.getByText(/expires /).count()).toBe(1);
    const write = await fetch(`${baseUrl}/api/lists`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "nope" }),
    });
    expect(write.status).toBe(403);
    expect(problems.problems).toEqual([]);
  });
});
