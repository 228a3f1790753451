/**
 * `npm run deploy`: the deploy steps that can be scripted, in order, each safe to run again.
 *   1. logged in (`wrangler login` otherwise; or CLOUDFLARE_API_TOKEN + CLOUDFLARE_ACCOUNT_ID)
 *   2. the D1 database exists; wrangler.toml's placeholder `database_id` is replaced by its id
 *   3. the `videos`, `videos-dlq`, `subscription-checks`, `webhooks` and `webhooks-dlq` queues exist
 *   4. the UI is built into dist/web
 *   5. D1 migrations applied to the remote database
 *   6. `wrangler deploy`, with the secrets of `.deploy-secrets.env` when that file exists
 * The secrets' values are yours: write them in `.deploy-secrets.env` (git-ignored) before the
 * first deploy, so PASSWORD_PEPPER is set before anyone signs up; see README "Deploy to Cloudflare".
 * Plain Node (type stripping).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { ROOT, WRANGLER } from "../test/support/dev-server.ts";

const CONFIG = resolve(ROOT, "wrangler.toml");
const PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000000";
const VITE = resolve(ROOT, "node_modules/vite/bin/vite.js");
const SECRETS = resolve(ROOT, ".deploy-secrets.env");
const env = { ...process.env, WRANGLER_SEND_METRICS: "false" };

/** Runs a tool in the terminal (its prompts and output are the user's); fails the deploy on error. */
function step(label: string, script: string, args: string[]) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(process.execPath, [script, ...args], { cwd: ROOT, env, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`${label} failed (exit ${result.status})`);
}

/** Runs wrangler quietly for an answer: its exit status and stdout. */
function ask(args: string[]) {
  const result = spawnSync(process.execPath, [WRANGLER, ...args], { cwd: ROOT, env, encoding: "utf8" });
  return { ok: result.status === 0, stdout: result.stdout ?? "" };
}

function d1Id(name: string): string | undefined {
  const listed = ask(["d1", "list", "--json"]);
  if (!listed.ok) throw new Error("`wrangler d1 list` failed: are you logged in?");
  const json = listed.stdout.slice(listed.stdout.indexOf("["));
  return (JSON.parse(json) as { uuid: string; name: string }[]).find((db) => db.name === name)?.uuid;
}

function main() {
  if (!ask(["whoami", "--json"]).ok) step("log in to Cloudflare", WRANGLER, ["login"]);

  const toml = readFileSync(CONFIG, "utf8");
  const name = /database_name\s*=\s*"([^"]+)"/.exec(toml)?.[1];
  if (!name) throw new Error("wrangler.toml has no [[d1_databases]] database_name");
  if (toml.includes(PLACEHOLDER_ID)) {
    if (!d1Id(name)) step(`create D1 database ${name}`, WRANGLER, ["d1", "create", name]);
    const id = d1Id(name);
    if (!id) throw new Error(`D1 database ${name} not found after creating it`);
    writeFileSync(CONFIG, toml.replace(PLACEHOLDER_ID, id));
    console.log(`wrangler.toml: database_id = "${id}" (commit it: it names your database, it is not a secret)`);
  }

  for (const queue of ["videos", "videos-dlq", "subscription-checks", "webhooks", "webhooks-dlq"]) {
    if (!ask(["queues", "info", queue]).ok) step(`create queue ${queue}`, WRANGLER, ["queues", "create", queue]);
  }
  step("build the UI", VITE, ["build", "--logLevel", "warn"]);
  step("apply D1 migrations (remote)", WRANGLER, ["d1", "migrations", "apply", "DB", "--remote"]);
  const secrets = existsSync(SECRETS) ? ["--secrets-file", SECRETS] : [];
  step(secrets.length ? "deploy (with .deploy-secrets.env)" : "deploy", WRANGLER, ["deploy", ...secrets]);
  if (!secrets.length) console.log("\nNo .deploy-secrets.env: secrets unchanged (see README, Deploy to Cloudflare).");
}

try {
  main();
} catch (error) {
  console.error(`\ndeploy: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
