/// <reference types="node" />
/**
 * The published contract, checked the way its readers meet it: the document the app serves at
 * /api/openapi.json, linted by Redocly (recommended rules, redocly.yaml: every example valid against
 * its schema) and Spectral (spectral:oas, .spectral.yaml) with no error and no warning, an example
 * for every JSON body, and a client generated from it by openapi-typescript that type-checks a
 * script calling every operation (client/every-operation.ts).
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/app";

const ROOT = resolve(import.meta.dirname, "../..");
const CLIENT_DIR = join(ROOT, "test/contract/client");
const bin = (path: string) => join(ROOT, "node_modules", path);

type Schema = { $ref?: string; example?: unknown; examples?: unknown[] };
type MediaTypes = Record<string, { schema: Schema; example?: unknown; examples?: unknown }>;
interface Operation {
  operationId?: string;
  tags?: string[];
  summary?: string;
  description?: string;
  security?: unknown[];
  requestBody?: { content: MediaTypes };
  responses: Record<string, { headers?: Record<string, unknown>; content?: MediaTypes }>;
}
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
  tags: { name: string; description?: string }[];
  "x-websocket": { path: string; serverFrames: { oneOf: unknown[] }; clientFrames: { oneOf: unknown[] } };
};

/** Runs a Node tool to completion and hands back its exit code, stdout and everything it printed. */
function run(script: string, args: string[]) {
  return new Promise<{ code: number | null; stdout: string; out: string }>((done, fail) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1", REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    });
    let stdout = "";
    let out = "";
    child.stdout.on("data", (d) => {
      stdout += d;
      out += d;
    });
    child.stderr.on("data", (d) => (out += d));
    child.on("error", fail);
    child.on("exit", (code) => done({ code, stdout, out }));
  });
}

let dir: string;
let file: string;
let doc: Document;

beforeAll(async () => {
  const response = await app.request("/api/openapi.json", {}, {});
  expect(response.status).toBe(200);
  const text = await response.text();
  doc = JSON.parse(text);
  dir = await mkdtemp(join(tmpdir(), "tubelist-openapi-"));
  file = join(dir, "openapi.json");
  await writeFile(file, text);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
  );

describe("the OpenAPI document", () => {
  it("passes Redocly's recommended rules with no error and no warning", async () => {
    const { stdout } = await run(bin("@redocly/cli/bin/cli.js"), [
      "lint",
      file,
      "--config",
      "redocly.yaml",
      "--format",
      "json",
    ]);
    const report = JSON.parse(stdout);
    const problems = report.problems.map((p: { ruleId: string; message: string; location: { pointer: string }[] }) => ({
      rule: p.ruleId,
      message: p.message,
      at: p.location[0]?.pointer,
    }));
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it("passes Spectral's spectral:oas rules with no problem at all", async () => {
    const { stdout } = await run(bin("@stoplight/spectral-cli/dist/index.js"), [
      "lint",
      file,
      "--ruleset",
      ".spectral.yaml",
      "--format",
      "json",
      "--quiet",
    ]);
    const problems = JSON.parse(stdout).map((p: { code: string; message: string; path: string[] }) => ({
      rule: p.code,
      message: p.message,
      at: p.path.join("."),
    }));
    expect(problems).toEqual([]);
  });

  it("gives every operation an id, a described tag, a summary, a description, security and its errors", () => {
    const described = new Set(doc.tags.filter((tag) => tag.description).map((tag) => tag.name));
    const ids = new Set<string>();
    for (const { name, operation } of operations()) {
      expect(operation.operationId, name).toMatch(/^[a-z][A-Za-z]+$/);
      ids.add(operation.operationId as string);
      expect(operation.tags?.length, name).toBe(1);
      expect(described.has(operation.tags?.[0] as string), `${name}: tag described at the top`).toBe(true);
      expect(operation.summary, name).toBeTruthy();
      expect(operation.description, name).toBeTruthy();
      expect(operation.security, name).toBeDefined();
      expect(operation.responses["500"], `${name}: 500`).toBeDefined();
      expect(
        Object.keys(operation.responses).some((status) => status.startsWith("4")),
        `${name}: a 4xx`,
      ).toBe(true);
      if (operation.responses["429"]) expect(operation.responses["429"].headers?.["Retry-After"], name).toBeDefined();
    }
    expect(ids.size).toBe(operations().length);
    const publicOnes = operations().filter(({ operation }) => operation.security?.length === 0);
    expect(publicOnes.map((op) => op.name).sort()).toEqual([
      "GET /health",
      "GET /public/lists/{slug}",
      "GET /public/lists/{slug}/feed.xml",
      "POST /auth/login",
      "POST /auth/register",
    ]);
  });

  // A whole body, not a property here and there: it is what a reader copies and what "try it" fills
  // in. Redocly's no-invalid-schema-examples (recommended, above) holds each one to its schema.
  it("gives every JSON request body and every 2xx JSON response an example", () => {
    const resolve = (schema: Schema): Schema => {
      const name = schema.$ref?.replace("#/components/schemas/", "");
      return name === undefined ? schema : resolve(doc.components.schemas[name] as Schema);
    };
    const hasExample = (where: { example?: unknown; examples?: unknown }) =>
      where.example !== undefined || where.examples !== undefined;
    const missing = operations().flatMap(({ name, operation }) =>
      [
        ["request body", operation.requestBody?.content] as const,
        ...Object.entries(operation.responses)
          .filter(([status]) => status.startsWith("2"))
          .map(([status, response]) => [status, response.content] as const),
      ].flatMap(([what, content]) => {
        const json = content?.["application/json"];
        return json && !hasExample(json) && !hasExample(resolve(json.schema)) ? [`${name}: ${what}`] : [];
      }),
    );
    expect(missing).toEqual([]);
  });

  it("describes the progress WebSocket and its frames each way", () => {
    const socket = doc["x-websocket"];
    expect(socket.path).toBe("/ws/progress");
    expect(JSON.stringify(socket.serverFrames)).toContain('"#/components/schemas/ProgressEvent"');
    expect(JSON.stringify(socket.serverFrames)).toContain('"snapshot"');
    expect(JSON.stringify(socket.clientFrames)).toContain('"ping"');
  });

  it("generates a client that type-checks a script calling every operation", async () => {
    const types = astToString(await openapiTS(JSON.stringify(doc)));
    await writeFile(join(CLIENT_DIR, "api.d.ts"), types);
    const script = await readFile(join(CLIENT_DIR, "every-operation.ts"), "utf8");
    const called = new Set(
      [...script.matchAll(/api\.(GET|POST|PATCH|PUT|DELETE)\("([^"]+)"/g)].map(
        ([, method, path]) => `${method} ${path}`,
      ),
    );
    expect([...called].sort()).toEqual(
      operations()
        .map((op) => op.name)
        .sort(),
    );
    const { code, out } = await run(bin("typescript/bin/tsc"), ["-p", join(CLIENT_DIR, "tsconfig.json")]);
    expect(out).toBe("");
    expect(code).toBe(0);
  });
});
