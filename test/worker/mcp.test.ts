/**
 * The MCP server through the official MCP TypeScript client, its transport calling the Worker's
 * fetch handler: authentication, the tool list per token scope, and each tool answering what
 * the API answers for the same request.
 */
import { exports } from "cloudflare:workers";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { describe, expect, it, vi } from "vitest";
import {
  addVideos,
  BASE,
  call,
  callJson,
  createList,
  expectErrorResponse,
  setVideoColumns,
  signUp,
  ytId,
} from "./helpers";
import { useFakeUpstream } from "./support/fake-upstream-fetch";
import { waitForJob } from "./support/jobs";

vi.setConfig({ testTimeout: 20_000 });
useFakeUpstream();

async function connect(token: string): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(`${BASE}/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
    fetch: (url, init) => exports.default.fetch(new Request(url, init)),
  });
  const client = new Client({ name: "tubelist-test", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

/** A tool's JSON answer, failing the test if the tool reported an error. */
async function callTool(client: Client, name: string, args: Record<string, unknown> = {}) {
  const result = (await client.callTool({ name, arguments: args })) as any;
  expect(result.isError, JSON.stringify(result)).toBeFalsy();
  return JSON.parse(result.content[0].text);
}

describe("MCP", () => {
  it("refuses a request without a valid token with 401 and WWW-Authenticate", async () => {
    const body = { jsonrpc: "2.0", id: 1, method: "tools/list" };
    for (const headers of [{}, { Authorization: "Bearer tl_not-a-token" }] as Record<string, string>[]) {
      const res = await call("/mcp", {
        method: "POST",
        body,
        headers: { ...headers, accept: "application/json, text/event-stream" },
      });
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer /);
      await expectErrorResponse(res, 401, "unauthorized");
    }
    expect((await call("/mcp", { method: "GET" })).status).toBe(405);
  });

  it("lists every tool to a write token and only the read tools to a read token, which cannot call the others", async () => {
    const { token } = await signUp("mcp");
    const write = await connect(token);
    expect((await write.listTools()).tools.map((tool) => tool.name).sort()).toEqual(
      ["add_videos", "get_job", "get_list", "list_lists", "process_list", "search_videos"].sort(),
    );
    const { token: readToken } = await callJson("/api/tokens", {
      token,
      body: { name: "assistant", scope: "read" },
      expect: 201,
    });
    const read = await connect(readToken);
    expect((await read.listTools()).tools.map((tool) => tool.name).sort()).toEqual(
      ["get_job", "get_list", "list_lists", "search_videos"].sort(),
    );
    const list = await createList(token);
    const refused = (await read.callTool({
      name: "add_videos",
      arguments: { listId: list.id, urls: [ytId(1)] },
    })) as any;
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toMatch(/not found/i);
    expect((await callJson(`/api/lists/${list.id}`, { token, expect: 200 })).videoCount).toBe(0);
    // The tool's input schema is the API's: list_lists takes the paging query.
    const listLists = (await write.listTools()).tools.find((tool) => tool.name === "list_lists");
    expect(Object.keys(listLists?.inputSchema.properties ?? {}).sort()).toEqual(["cursor", "limit"]);
  });

  it("adds, processes, follows the job and searches, as the API does", async () => {
    const { token } = await signUp("mcp");
    const client = await connect(token);
    const list = await createList(token, { name: "From the assistant" });

    const lists = await callTool(client, "list_lists");
    expect(lists.items.map((item: any) => item.id)).toEqual([list.id]);
    expect(await callTool(client, "get_list", { listId: list.id })).toEqual(
      await callJson(`/api/lists/${list.id}`, { token, expect: 200 }),
    );

    const added = await callTool(client, "add_videos", {
      listId: list.id,
      urls: [`https://youtu.be/${ytId(1)}`, ytId(2), "not a video", ytId(1)],
    });
    expect(added.added).toHaveLength(2);
    expect(added.duplicates).toHaveLength(1);
    expect(added.invalid).toEqual([expect.objectContaining({ input: "not a video", line: 3 })]);

    const job = await callTool(client, "process_list", { listId: list.id });
    expect(job).toMatchObject({ listId: list.id, status: "running", total: 2 });
    await waitForJob(token, job.id);
    const seen = await callTool(client, "get_job", { jobId: job.id });
    expect(seen).toEqual(await callJson(`/api/jobs/${job.id}`, { token, expect: 200 }));
    expect(seen.status).toBe("completed");

    const videos = await callJson(`/api/lists/${list.id}/videos`, { token, expect: 200 });
    await setVideoColumns([{ id: videos.items[0].id, set: { title: "A talk about Durable Objects" } }]);
    const found = await callTool(client, "search_videos", { listId: list.id, q: "durable" });
    expect(found.items.map((video: any) => video.id)).toEqual([videos.items[0].id]);
    const everywhere = await callTool(client, "search_videos", { q: "durable" });
    expect(everywhere.items.map((video: any) => video.id)).toEqual([videos.items[0].id]);
    const completed = await callTool(client, "search_videos", { listId: list.id, status: "completed", limit: 1 });
    expect(completed.items).toHaveLength(1);
    expect(completed.nextCursor).toEqual(expect.any(String));
  });

  it("answers another user's ids like unknown ones, and bad input as a tool error", async () => {
    const owner = await signUp("mcp-owner");
    const list = await createList(owner.token);
    await addVideos(owner.token, list.id, [ytId(5)]);
    const job = await callJson(`/api/lists/${list.id}/process`, { token: owner.token, body: {}, expect: 201 });
    const other = await connect((await signUp("mcp-other")).token);
    for (const [name, args] of [
      ["get_list", { listId: list.id }],
      ["search_videos", { listId: list.id }],
      ["add_videos", { listId: list.id, urls: [ytId(6)] }],
      ["process_list", { listId: list.id, force: true }],
      ["get_job", { jobId: job.id }],
    ] as const) {
      const result = (await other.callTool({ name, arguments: args })) as any;
      expect(result.isError, name).toBe(true);
      expect(JSON.parse(result.content[0].text).error.code, name).toBe("not_found");
    }
    const bad = (await other.callTool({ name: "list_lists", arguments: { limit: 0 } })) as any;
    expect(bad.isError).toBe(true);
    await waitForJob(owner.token, job.id);
  });
});
