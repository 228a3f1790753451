/**
 * Integrations in the browser and over the wire, against `wrangler dev`: a webhook added in
 * Settings (secret shown once, a test send reaching a receiver on this machine, its delivery
 * in the log), the MCP snippet, a list shared from its page and opened signed out, then
 * unshared; and the official MCP client talking to `/mcp`. axe looks at each screen at desktop
 * and phone width; screenshots go to test-results/screenshots.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { apiCall, fakeYoutubeIds, waitForJobStatus } from "./support/api";
import { signUp, tokenOf } from "./support/app";
import { expectAccessible } from "./support/axe";
import { DESKTOP, launchChromium, newContext, PageProblems, PHONE } from "./support/browser";
import { shoot } from "./support/screenshots";
import { e2e } from "./support/stack";

interface Received {
  headers: Record<string, string>;
  body: string;
}

/** A webhook receiver on 127.0.0.1 that answers 200 and keeps what it got. */
async function startReceiver(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      received.push({ headers: request.headers as Record<string, string>, body });
      response.writeHead(200, { "content-type": "text/plain" }).end("thanks");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, server };
}

const until = async (what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 30_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe("integrations", () => {
  const { baseUrl, chromiumPath } = e2e();
  const problems = new PageProblems();
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let token: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
    browser = await launchChromium(chromiumPath);
    context = await newContext(browser, baseUrl, DESKTOP);
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl });
    page = problems.watch(await context.newPage(), "desktop");
    await signUp(page, `integrations-${Date.now()}@example.com`);
    token = await tokenOf(page);
  });
  afterAll(async () => {
    await browser?.close();
    receiver?.server.close();
  });

  test("Settings → Webhooks: add, copy the secret once, send a test that arrives signed, see it delivered", async () => {
    await page.goto("/settings");
    await page.getByRole("heading", { name: "Webhooks" }).waitFor();
    await page.getByLabel("Endpoint URL").fill(receiver.url);
    await page.getByRole("button", { name: "Add webhook" }).click();
    const secretBox = page.locator(".secret", { hasText: "signing secret" });
    const secret = (await secretBox.locator("code").textContent()) ?? "";
    expect(secret).toMatch(/^whsec_/);
    await secretBox.getByRole("button", { name: "Copy" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await shoot(page, "20-settings-webhooks", "desktop");
    await expectAccessible(page, "settings with webhooks (desktop)");

    await page.getByRole("button", { name: "Send test" }).click();
    await until("the test event at the receiver", () => receiver.received.length > 0);
    const [request] = receiver.received;
    expect((new Webhook(secret).verify(request!.body, request!.headers) as any).type).toBe("webhook.test");

    const deliveries = page.locator(".deliveries");
    await until("the delivery shown as delivered", async () => {
      await deliveries.getByRole("button", { name: "Refresh" }).click();
      return (await deliveries.getByText("Delivered").count()) > 0;
    });
    await deliveries.getByText("HTTP 200").waitFor();
    await shoot(page, "21-webhook-deliveries", "desktop");
    await expectAccessible(page, "webhook deliveries (desktop)");

    // The secret is gone once dismissed and never listed again.
    await secretBox.getByRole("button", { name: "I've copied it" }).click();
    await page.reload();
    await page.getByRole("heading", { name: "Webhooks" }).waitFor();
    expect(await page.content()).not.toContain(secret);
    // MCP instructions name this server's URL.
    await page.getByRole("heading", { name: "Connect an assistant (MCP)" }).waitFor();
    expect(await page.locator(".mcp").textContent()).toContain(`${baseUrl}/mcp`);
  });

  test("a list shared from its page opens signed out at both widths, and 404s once unshared", async () => {
    const list = await apiCall<{ id: string }>(token, "POST", "/api/lists", {
      name: "Shared talks",
      description: "Picked for the team",
      fields: [{ key: "level", label: "Level", type: "enum", options: ["intro", "deep"] }],
    });
    await apiCall(token, "POST", `/api/lists/${list.id}/videos/bulk`, { urls: fakeYoutubeIds("sh", 6) });
    const job = await apiCall<{ id: string }>(token, "POST", `/api/lists/${list.id}/process`, {});
    await waitForJobStatus(token, job.id, "completed");

    await page.goto(`/lists/${list.id}`);
    await page.getByRole("button", { name: "Share…" }).click();
    const dialog = page.getByRole("dialog", { name: "Share “Shared talks”" });
    await dialog.getByRole("button", { name: "Create link" }).click();
    const url = (await dialog.locator("code").textContent()) ?? "";
    expect(url).toMatch(new RegExp(`^${baseUrl}/s/[A-Za-z0-9_-]{22}$`));
    await shoot(page, "22-share-dialog", "desktop", { fullPage: false });
    await expectAccessible(page, "share dialog (desktop)", { within: '[role="dialog"]' });
    await dialog.getByRole("button", { name: "Close" }).click();

    const me = await apiCall<{ user: { email: string; id: string } }>(token, "GET", "/api/me");
    for (const [label, viewport] of [
      ["desktop", DESKTOP],
      ["phone", PHONE],
    ] as const) {
      const outsider = await newContext(browser, baseUrl, viewport, {
        colorScheme: label === "phone" ? "dark" : "light",
      });
      const visitor = await outsider.newPage();
      await visitor.goto(url);
      await visitor.getByRole("heading", { name: "Shared talks", level: 1 }).waitFor();
      await visitor.getByText("Picked for the team").waitFor();
      await visitor.getByRole("columnheader", { name: "Level" }).waitFor();
      expect(await visitor.locator("tbody tr").count()).toBe(6);
      const html = await visitor.content();
      expect(html).not.toContain(me.user.email);
      expect(html).not.toContain(me.user.id);
      expect(await visitor.evaluate(() => localStorage.getItem("tubelist.token"))).toBeNull();
      await shoot(visitor, "23-public-list", label);
      await expectAccessible(visitor, `public list (${label})`);
      // Neither the page nor the table's own scroller may hide columns sideways.
      const widths = await visitor.evaluate(() =>
        [document.documentElement, document.querySelector(".public__scroll")].map((element) => ({
          scrollWidth: element?.scrollWidth ?? 0,
          clientWidth: element?.clientWidth ?? 0,
        })),
      );
      for (const { scrollWidth, clientWidth } of widths) {
        expect(scrollWidth, `public list overflows sideways at ${label}`).toBeLessThanOrEqual(clientWidth);
      }
      await outsider.close();
    }

    await page.getByRole("button", { name: "Share…" }).click();
    await dialog.getByRole("button", { name: "Stop sharing" }).click();
    await dialog.getByRole("button", { name: "Create link" }).waitFor();
    await dialog.getByRole("button", { name: "Close" }).click();

    const outsider = await newContext(browser, baseUrl, DESKTOP);
    const visitor = await outsider.newPage();
    await visitor.goto(url);
    await visitor.getByRole("heading", { name: "Not found" }).waitFor();
    await expectAccessible(visitor, "unshared link");
    const slug = url.split("/s/")[1];
    expect((await fetch(`${baseUrl}/api/public/lists/${slug}`)).status).toBe(404);
    expect((await fetch(`${baseUrl}/api/public/lists/${slug}/feed.xml`)).status).toBe(404);
    await outsider.close();
    expect(problems.problems).toEqual([]);
  });

  test("the official MCP client connects to /mcp on wrangler dev with an API token", async () => {
    const created = await apiCall<{ token: string }>(token, "POST", "/api/tokens", { name: "assistant" });
    const transport = new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${created.token}` } },
    });
    const client = new Client({ name: "e2e", version: "1.0.0" });
    await client.connect(transport);
    const tools = (await client.listTools()).tools.map((tool) => tool.name);
    expect(tools).toEqual(expect.arrayContaining(["list_lists", "search_videos", "add_videos", "process_list"]));
    const result = (await client.callTool({ name: "list_lists", arguments: {} })) as any;
    const lists = JSON.parse(result.content[0].text);
    expect(lists.items.map((list: { name: string }) => list.name)).toContain("Shared talks");
    await client.close();

    const anonymous = await fetch(`${baseUrl}/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer /);
  });
});
